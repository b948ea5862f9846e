#!/usr/bin/env node
/**
 * `access-pr` command line entry. Each subcommand lives in its own file and
 * exports `run(args, io)` returning the exit code; only this file calls
 * process.exit. Exit codes: 0 ok, 1 the input is invalid, 2 usage error.
 */
import type { CliIo } from "./io.js";
import { processIo } from "./io.js";

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  validate: { summary: "validate request files against the access repo's policies", load: async () => (await import("./validate.js")).run },
  owners: { summary: "show who must approve changes to paths (CODEOWNERS)", load: async () => (await import("./owners.js")).run },
  init: { summary: "scaffold a new access repo", load: async () => (await import("./init.js")).run },
  sandbox: { summary: "run the whole lifecycle on embedded GitHub, GCP and Azure", load: async () => (await import("./sandbox.js")).run },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ["usage: access-pr <command> [options]", "", "commands:", ...lines, "", "Run 'access-pr <command> --help' for a command's options."].join("\n");
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`access-pr: unknown command '${name}'.\n\n${usage()}`);
    return 2;
  }
  return (await command.load())(rest, io);
}

main(process.argv.slice(2), processIo).then(
  (code) => process.exit(code),
  (error: unknown) => {
    processIo.err(`access-pr: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(3);
  },
);
