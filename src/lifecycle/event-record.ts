/**
 * What happened to a recorded decision after the merge, as the app records
 * it: when the grants were made (or failed), and when and how the access
 * ended. Kept in the same `access-pr / grant` check run as the decision,
 * which only this app can write, so an auditor can read it back without
 * trusting comments that any writer can edit. Pure: rendering and parsing.
 */
import { utc } from "../render/format-time.js";
import { inertCode, inertText } from "../render/inert-text.js";

export const EVENTS_VERSION = 1;
const MARKER = `<!-- access-pr:events v${EVENTS_VERSION} -->`;

/** How access ended: the window's end, `/revoke`, offboarding, or a merge that never backed a grant. */
export type EndHow = "expired" | "revoked" | "offboarded" | "unapproved";

export type LifecycleEvent =
  | { kind: "granted"; path: string; blobSha: string; at: Date }
  | { kind: "grant-failed"; path: string; blobSha: string; at: Date; message: string }
  | { kind: "ended"; path: string; blobSha: string; at: Date; how: EndHow; by?: string; detail: string; revertPr?: number };

/** The end of a version is written once: the first way it ended stands (a /revoke and a sweep racing at the end). */
export function addEvent(events: LifecycleEvent[], event: LifecycleEvent): LifecycleEvent[] {
  const same = (e: LifecycleEvent) => e.path === event.path && e.blobSha === event.blobSha;
  const ended = events.find((e) => same(e) && e.kind === "ended");
  if (event.kind === "ended" && ended?.kind === "ended") {
    // An end recorded before its revert existed learns the revert's number; nothing else of it changes.
    if (ended.revertPr !== undefined || event.revertPr === undefined) return events;
    return events.map((e) => (e === ended ? { ...ended, revertPr: event.revertPr } : e));
  }
  if (event.kind === "granted" && events.some((e) => same(e) && e.kind === "granted")) return events;
  if (event.kind === "grant-failed" && events.some((e) => same(e) && e.kind === "grant-failed" && e.message === event.message)) return events;
  return [...events, event];
}

/** One line for people, e.g. "`requests/prod/a.yaml`: ended at 2026-11-24 08:35 UTC (revoked): @dave used /revoke; revert #5". */
export function describeEvent(event: LifecycleEvent): string {
  // Paths, messages and details quote requester text: inert in the check run's Markdown.
  const path = inertCode(event.path, { inTable: false });
  if (event.kind === "granted") return `${path}: granted at ${utc(event.at)}`;
  if (event.kind === "grant-failed") return `${path}: a grant failed at ${utc(event.at)}: ${inertText(event.message)}`;
  return `${path}: ended at ${utc(event.at)} (${event.how}): ${inertText(event.detail)}${event.revertPr === undefined ? "" : `; revert #${event.revertPr}`}`;
}

/**
 * The block appended to the check run's text, after the decision.
 *
 * @example
 *   renderEvents([{ kind: "granted", path, blobSha, at }]); // "<!-- access-pr:events v1 -->\n```json\n{…}\n```\n"
 */
export function renderEvents(events: LifecycleEvent[]): string {
  if (events.length === 0) return "";
  // Escaped as the decision is: requester text in a message can neither close the fence nor inject markup.
  const json = JSON.stringify({ version: EVENTS_VERSION, events }, null, 1).replace(/[`<>&@]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `\n### Lifecycle\n\n${events.map((e) => `- ${describeEvent(e)}`).join("\n")}\n\n${MARKER}\n\`\`\`json\n${json}\n\`\`\`\n`;
}

/** The text before the events block (the decision), so a writer can put the block back after it. */
export function withoutEvents(text: string): string {
  const at = text.indexOf("\n### Lifecycle\n");
  return at < 0 ? text : text.slice(0, at);
}

/** Reads the block back; [] when absent. Entries that are not this version's shape are dropped, never guessed. */
export function parseEvents(text: string | null | undefined): LifecycleEvent[] {
  if (!text) return [];
  const at = text.indexOf(MARKER);
  if (at < 0) return [];
  const block = /```json\n([\s\S]*?)\n```/.exec(text.slice(at));
  if (!block?.[1]) return [];
  try {
    const data: unknown = JSON.parse(block[1]);
    if (!isObject(data) || data.version !== EVENTS_VERSION || !Array.isArray(data.events)) return [];
    return data.events.flatMap((e) => {
      const event = toEvent(e);
      return event ? [event] : [];
    });
  } catch {
    return [];
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const HOWS: readonly string[] = ["expired", "revoked", "offboarded", "unapproved"] satisfies EndHow[];
const isHow = (value: unknown): value is EndHow => typeof value === "string" && HOWS.includes(value);

function toEvent(value: unknown): LifecycleEvent | undefined {
  if (!isObject(value) || typeof value.path !== "string" || typeof value.blobSha !== "string" || typeof value.at !== "string") return undefined;
  const at = new Date(value.at);
  if (Number.isNaN(at.getTime())) return undefined;
  const { path, blobSha } = value;
  if (value.kind === "granted") return { kind: "granted", path, blobSha, at };
  if (value.kind === "grant-failed" && typeof value.message === "string") return { kind: "grant-failed", path, blobSha, at, message: value.message };
  if (value.kind !== "ended" || !isHow(value.how) || typeof value.detail !== "string") return undefined;
  return {
    kind: "ended",
    path,
    blobSha,
    at,
    how: value.how,
    detail: value.detail,
    ...(typeof value.by === "string" ? { by: value.by } : {}),
    ...(typeof value.revertPr === "number" ? { revertPr: value.revertPr } : {}),
  };
}
