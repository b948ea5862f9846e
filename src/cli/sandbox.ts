/**
 * `access-pr sandbox [--keep-running]`: the whole lifecycle on embedded
 * GitHub, GCP and Azure, with no account anywhere. Exit 0 when every step of
 * the story happened, 1 when one did not, 2 usage error.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runSandbox } from "../sandbox/story/run-sandbox.js";
import type { CliIo } from "./io.js";

const USAGE = `usage: access-pr sandbox [--keep-running]

Start an embedded GitHub, GCP and Azure on 127.0.0.1 with the real access-pr
app, and play a story with a fast clock: a request refused by policy and
fixed, one approved and merged (roles held in both clouds), its window
ending (roles gone, revert merged), and an early /revoke. Prints the
timeline, the audit trail and the API calls it took. The access repo stays
in .sandbox/ so \`git log\` shows the audit trail.

options:
  --keep-running   leave the emulators and the app up, with their URLs and
                   tokens printed, until Ctrl-C
  -h, --help       show this help`;

function packageVersion(): string {
  const raw = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  return (JSON.parse(raw) as { version: string }).version;
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { "keep-running": { type: "boolean" }, help: { type: "boolean", short: "h" } } }));
  } catch (error) {
    io.err(`access-pr sandbox: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const color = process.stdout.isTTY === true && io.env.NO_COLOR === undefined && io.env.TERM !== "dumb";
  return runSandbox({
    cwd: io.cwd,
    write: io.out,
    color,
    version: packageVersion(),
    ...(values["keep-running"] ? { keepRunning: untilInterrupted } : {}),
  });
}
