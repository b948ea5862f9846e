import type { CliIo } from "./io.js";

/** Placeholder until the init command lands. */
export async function run(_args: string[], io: CliIo): Promise<number> {
  io.err("access-pr init: not available in this build");
  return 2;
}
