import type { CliIo } from "./io.js";

/** Placeholder until the validate command lands. */
export async function run(_args: string[], io: CliIo): Promise<number> {
  io.err("access-pr validate: not available in this build");
  return 2;
}
