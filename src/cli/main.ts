#!/usr/bin/env node
/**
 * `access-pr` command line entry. Each subcommand lives in its own file and
 * exports `run(args, io)` returning the exit code; only this file calls
 * process.exit. Exit codes are the same for every command (see EXIT_CODES).
 */
import type { CliIo } from "./io.js";
import { processIo } from "./io.js";
import { packageVersion } from "./package-version.js";

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  validate: { summary: "validate an access repo: policies, identities, CODEOWNERS and request files", load: async () => (await import("./validate.js")).run },
  owners: { summary: "show who must approve changes to paths (CODEOWNERS)", load: async () => (await import("./owners.js")).run },
  init: { summary: "scaffold a new access repo", load: async () => (await import("./init.js")).run },
  audit: { summary: "who held which role, when, approved by whom, and how it ended (text, json, csv)", load: async () => (await import("./audit.js")).run },
  status: { summary: "what access is granted now, and what waits for approval", load: async () => (await import("./status.js")).run },
  doctor: { summary: "check a live installation: GitHub App, ruleset, cloud access", load: async () => (await import("./doctor.js")).run },
  sandbox: { summary: "run the whole lifecycle on embedded GitHub, GCP and Azure", load: async () => (await import("./sandbox.js")).run },
};

const EXIT_CODES = `exit codes (every command):
  0  success: valid, written, healthy
  1  the input or the installation has problems (each one is printed)
  2  usage error: unknown command or option, bad value, missing file
  3  unexpected error (a bug: the stack trace is printed)`;

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    "usage: access-pr <command> [options]",
    "       access-pr help [command] | --help | --version",
    "",
    "commands:",
    ...lines,
    "",
    "Output formats, where a command has them: --format text (default), json, github (validate), csv (audit).",
    "Run 'access-pr help <command>' for a command's options.",
    "",
    EXIT_CODES,
  ].join("\n");
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v" || name === "version") {
    io.out(packageVersion());
    return 0;
  }
  if (name === undefined || name === "--help" || name === "-h") {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === "help") {
    const topic = rest[0];
    if (topic === undefined) {
      io.out(usage());
      return 0;
    }
    const command = commands[topic];
    if (!command) {
      io.err(`access-pr: no help for '${topic}': it is not a command.\n\n${usage()}`);
      return 2;
    }
    return (await command.load())(["--help"], io);
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
