import type { CliIo } from "./io.js";

/** Placeholder until the sandbox command lands. */
export async function run(_args: string[], io: CliIo): Promise<number> {
  io.err("access-pr sandbox: not available in this build");
  return 2;
}
