/**
 * The app's logger in the sandbox: nothing reaches the terminal directly.
 * Warnings and errors are kept, and the timeline shows them next to the step
 * that caused them, so a failing handler is visible without drowning the
 * story in Probot's request logs.
 *
 * @example
 *   const log = new AppLog();
 *   new Probot({ ..., log: log.logger });
 *   log.drain(); // [{ level: "warn", message: "gcp policy conflicts exhausted the retries", fields: {...} }]
 */
import type { Logger } from "probot";

export interface LogEntry {
  level: "warn" | "error" | "fatal";
  message: string;
  fields: Record<string, unknown>;
}

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
type Level = (typeof LEVELS)[number];

function describe(args: unknown[]): { message: string; fields: Record<string, unknown> } {
  const [first, second] = args;
  if (first instanceof Error) return { message: typeof second === "string" ? `${second}: ${first.message}` : first.message, fields: {} };
  if (typeof first === "string") return { message: first, fields: {} };
  const fields = (first ?? {}) as Record<string, unknown>;
  const err = fields.err instanceof Error ? `: ${fields.err.message}` : "";
  return { message: `${typeof second === "string" ? second : "(no message)"}${err}`, fields };
}

export class AppLog {
  private entries: LogEntry[] = [];

  /** A pino-shaped logger: the level methods, child(), level and isLevelEnabled() that Probot and Octokit use. */
  get logger(): Logger {
    return this.make({});
  }

  /** The warnings and errors logged since the last drain. */
  drain(): LogEntry[] {
    const out = this.entries;
    this.entries = [];
    return out;
  }

  private make(bindings: Record<string, unknown>): Logger {
    const record = (level: Level) => (...args: unknown[]) => {
      if (level !== "warn" && level !== "error" && level !== "fatal") return;
      const { message, fields } = describe(args);
      this.entries.push({ level, message, fields: { ...bindings, ...fields } });
    };
    const logger: Record<string, unknown> = {
      level: "warn",
      isLevelEnabled: (level: string) => LEVELS.indexOf(level as Level) >= LEVELS.indexOf("warn"),
      child: (more: Record<string, unknown>) => this.make({ ...bindings, ...more }),
      bindings: () => bindings,
      flush: () => undefined,
      silent: () => undefined,
    };
    for (const level of LEVELS) logger[level] = record(level);
    return logger as unknown as Logger;
  }
}
