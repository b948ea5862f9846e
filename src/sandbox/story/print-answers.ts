/**
 * Turns what the app answered into timeline lines: checks as one line with
 * their summary underneath, comments as terminal-friendly text (the first
 * time in full, later only the lines that changed).
 *
 * @example
 *   printAnswers(timeline, await answers.since(), appLog.drain());
 */
import type { Answer } from "./app-answers.js";
import type { LogEntry } from "./app-log.js";
import type { Timeline, Tone } from "./timeline.js";

const FIRST_COMMENT_LINES = 28;
const EDIT_LINES = 12;
const SUMMARY_LINES = 8;

const TABLE_WIDTH = 110;

function cells(row: string): string[] {
  return row
    .replace(/^\s*\|/, "")
    .replace(/\|\s*$/, "")
    .split("|")
    .map((c) => c.trim());
}

/**
 * A markdown table is too wide for a terminal: each row becomes its first
 * three cells on one line, then "Header: value" pairs packed under it.
 */
function tableRows(header: string[], rows: string[][]): string[] {
  const out: string[] = [];
  for (const row of rows) {
    out.push(row.slice(0, 3).join("  "));
    let line = "";
    for (const [i, cell] of row.entries()) {
      if (i < 3 || cell === "") continue;
      const pair = `${header[i] ?? ""}: ${cell}`;
      if (line !== "" && line.length + pair.length + 3 > TABLE_WIDTH) {
        out.push(`  ${line}`);
        line = "";
      }
      line = line === "" ? pair : `${line} · ${pair}`;
    }
    if (line !== "") out.push(`  ${line}`);
  }
  return out;
}

/** Markdown as it reads in a terminal: no HTML, bold or code markers, tables unfolded, single blank lines. */
export function terminalText(markdown: string): string[] {
  const text = markdown
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<summary>([\s\S]*?)<\/summary>/g, "$1")
    .replace(/<\/?(details|summary|sub|sup|br|p)\s*\/?>/g, "")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/`([^`\n]+)`/g, "$1");
  const lines: string[] = [];
  const raw = text.split("\n").map((l) => l.trimEnd());
  for (let i = 0; i < raw.length; i += 1) {
    const line = raw[i] ?? "";
    if (line.startsWith("|") && /^\|[\s|:-]+\|$/.test(raw[i + 1] ?? "")) {
      const header = cells(line);
      const rows: string[][] = [];
      for (i += 2; i < raw.length && (raw[i] ?? "").startsWith("|"); i += 1) rows.push(cells(raw[i] ?? ""));
      i -= 1;
      lines.push(...tableRows(header, rows));
      continue;
    }
    if (line === "" && (lines.length === 0 || lines[lines.length - 1] === "")) continue;
    lines.push(line);
  }
  while (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function capped(lines: string[], max: number, where: string): string[] {
  if (lines.length <= max) return lines;
  const more = lines.length - max;
  return [...lines.slice(0, max), `… ${more} more line${more === 1 ? "" : "s"} ${where}`];
}

/** Lines of `after` not in `before`; an indented line brings the line it belongs to, so it reads in context. */
export function changedLines(before: string[], after: string[]): string[] {
  const old = new Set(before);
  const keep = new Set<number>();
  let parent = -1;
  after.forEach((line, i) => {
    if (!line.startsWith(" ")) parent = i;
    if (line === "" || old.has(line)) return;
    if (line.startsWith(" ") && parent >= 0) keep.add(parent);
    keep.add(i);
  });
  return [...keep].sort((a, b) => a - b).map((i) => after[i] ?? "");
}

function checkTone(status: string, conclusion: string | null): Tone {
  if (status !== "completed") return "wait";
  if (conclusion === "success") return "ok";
  if (conclusion === "action_required") return "wait";
  if (conclusion === "neutral" || conclusion === "skipped") return "info";
  return "fail";
}

export function printAnswers(timeline: Timeline, answers: Answer[], logs: LogEntry[]): void {
  for (const answer of answers) {
    switch (answer.kind) {
      case "check": {
        const state = answer.status === "completed" ? (answer.conclusion ?? "completed") : answer.status.replace("_", " ");
        const where = `PR #${answer.pr} @ ${answer.sha.slice(0, 7)}`;
        timeline.app(checkTone(answer.status, answer.conclusion), `check ${answer.name}: ${state} — ${answer.title} (${where})`, capped(terminalText(answer.summary), SUMMARY_LINES, "in the check"));
        break;
      }
      case "comment": {
        if (answer.previous === null) {
          timeline.app("info", `comments on PR #${answer.pr}:`, capped(terminalText(answer.body), FIRST_COMMENT_LINES, `in the comment on PR #${answer.pr}`));
        } else {
          const changed = changedLines(terminalText(answer.previous), terminalText(answer.body));
          timeline.app("info", `updates its comment on PR #${answer.pr}${changed.length ? ":" : " (same text, re-rendered)"}`, capped(changed, EDIT_LINES, "changed"));
        }
        break;
      }
      case "pull-opened":
        timeline.app("info", `opens PR #${answer.pr} "${answer.title}"`, capped(terminalText(answer.body), SUMMARY_LINES, `in PR #${answer.pr}`));
        break;
      case "pull-merged":
        timeline.app("ok", `merges PR #${answer.pr} "${answer.title}"`);
        break;
      case "pull-closed":
        timeline.app("info", `PR #${answer.pr} "${answer.title}" is closed`);
        break;
      case "labels":
        timeline.app("info", `labels PR #${answer.pr}: ${answer.labels.join(", ")}`);
        break;
    }
  }
  for (const entry of logs) {
    const context = Object.entries(entry.fields)
      .filter(([key, value]) => key !== "err" && (typeof value === "string" || typeof value === "number"))
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(" ");
    timeline.app(entry.level === "warn" ? "wait" : "fail", `logged ${entry.level}: ${entry.message}`, context ? [context] : []);
  }
}
