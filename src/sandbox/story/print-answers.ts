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
const EDIT_LINES = 10;
const SUMMARY_LINES = 8;

/** Markdown as it reads in a terminal: no HTML comments or tags, no bold markers, single blank lines. */
export function terminalText(markdown: string): string[] {
  const text = markdown
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<summary>([\s\S]*?)<\/summary>/g, "$1")
    .replace(/<\/?(details|summary|sub|sup|br|p)\s*\/?>/g, "")
    .replace(/\*\*([^*]+)\*\*/g, "$1");
  const lines: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    if (line === "" && (lines.length === 0 || lines[lines.length - 1] === "")) continue;
    lines.push(line);
  }
  while (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function capped(lines: string[], max: number, where: string): string[] {
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), `… ${lines.length - max} more lines ${where}`];
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
          const before = new Set(terminalText(answer.previous));
          const changed = terminalText(answer.body).filter((l) => l !== "" && !before.has(l));
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
