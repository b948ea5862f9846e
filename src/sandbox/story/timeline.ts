/**
 * The sandbox's output: a timeline with the sandbox clock's time, who acted,
 * and what the app answered, aligned for a terminal. Colour only when asked
 * (the CLI asks when stdout is a TTY and NO_COLOR is unset).
 *
 * @example
 *   const t = new Timeline({ write: io.out, clock, color: false });
 *   t.section("1. A request refused by policy, then fixed");
 *   t.person("alice", "opens pull request #1");
 *   t.app("fail", "access-pr / validation: 1 problem", ["requests/prod/x.yaml:4:11 duration ..."]);
 */
import type { Clock } from "../../core/clock.js";

export type Tone = "ok" | "fail" | "wait" | "info";

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const;
type Style = keyof typeof CODES;
const MARKS: Record<Tone, string> = { ok: "✓", fail: "✗", wait: "…", info: "·" };
const TONE_STYLE: Record<Tone, Style> = { ok: "green", fail: "red", wait: "yellow", info: "blue" };
const WHO_WIDTH = 10;
const TIME_WIDTH = 6;

export interface TimelineOptions {
  write: (text: string) => void;
  clock: Clock;
  color: boolean;
}

export class Timeline {
  constructor(private readonly options: TimelineOptions) {}

  style(style: Style, text: string): string {
    return this.options.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
  }

  title(text: string): void {
    this.options.write(`${this.style("bold", text)}\n${"=".repeat(text.length)}`);
  }

  section(text: string): void {
    this.options.write(`\n${this.style("bold", text)}\n${"-".repeat(text.length)}`);
  }

  /** A person did something, at the sandbox clock's current time. */
  person(login: string, text: string, details: string[] = []): void {
    this.line(this.time(), this.style("cyan", login.padEnd(WHO_WIDTH)), text, details);
  }

  /** What the app answered (a check, a comment, a pull request it opened, a log line). */
  app(tone: Tone, text: string, details: string[] = []): void {
    const who = this.style("magenta", "access-pr".padEnd(WHO_WIDTH));
    this.line("", who, `${this.style(TONE_STYLE[tone], MARKS[tone])} ${text}`, details);
  }

  /** What a cloud holds, looked at from the outside. */
  cloud(name: string, tone: Tone, text: string): void {
    this.line("", this.style("blue", name.padEnd(WHO_WIDTH)), `${this.style(TONE_STYLE[tone], MARKS[tone])} ${text}`, []);
  }

  /** Time passing: the clock jumps, nothing sleeps. */
  jump(text: string): void {
    this.options.write("");
    this.line(this.time(), this.style("yellow", "clock".padEnd(WHO_WIDTH)), text, []);
  }

  note(text: string): void {
    this.options.write(this.indent(text, TIME_WIDTH));
  }

  plain(text = ""): void {
    this.options.write(text);
  }

  private time(): string {
    return this.options.clock.now().toISOString().slice(11, 16);
  }

  private line(time: string, who: string, text: string, details: string[]): void {
    const pad = " ".repeat(TIME_WIDTH + WHO_WIDTH + 2);
    const lines = [`${time.padEnd(TIME_WIDTH)}${who}  ${text}`, ...details.map((d) => (d === "" ? "" : `${pad}${this.style("dim", d)}`))];
    this.options.write(lines.join("\n"));
  }

  private indent(text: string, width: number): string {
    return text
      .split("\n")
      .map((l) => (l === "" ? l : `${" ".repeat(width)}${l}`))
      .join("\n");
  }
}
