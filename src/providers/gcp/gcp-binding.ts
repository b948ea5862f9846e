/**
 * How access-pr marks its conditional bindings, and how it recognises them
 * again: the condition title carries the grant key, the expression carries
 * the window, the description tells an operator where the grant came from.
 * Pure: no SDK.
 *
 * @example
 *   const condition = bindingCondition(spec, clock.now());
 *   // { title: "access-pr:req-7f3a", expression: 'request.time < timestamp("2026-11-24T10:00:00Z")', description: "…" }
 *   readOurCondition(condition); // { key: "req-7f3a", end: 2026-11-24T10:00:00Z, repo: "acme/access" }
 */
import type { GrantSpec } from "../../core/grant.js";

export const TITLE_PREFIX = "access-pr:";
/** IAM refuses condition titles over 100 characters and descriptions over 256. */
export const MAX_TITLE = 100;
export const MAX_DESCRIPTION = 256;
export const MAX_KEY = MAX_TITLE - TITLE_PREFIX.length;

export interface BindingCondition {
  title: string;
  description: string;
  expression: string;
}

export interface OurCondition {
  key: string;
  /** The access repo the description names, when it names one. */
  repo?: string;
  start?: Date;
  end?: Date;
}

/** The condition for a grant; the start is only written while it lies ahead, so IAM needs no more than it must check. */
export function bindingCondition(spec: GrantSpec, now: Date): BindingCondition {
  const end = `request.time < timestamp("${celTime(spec.window.end)}")`;
  const expression = spec.window.start.getTime() > now.getTime() ? `request.time >= timestamp("${celTime(spec.window.start)}") && ${end}` : end;
  return { title: `${TITLE_PREFIX}${spec.key}`, description: describeOrigin(spec), expression };
}

/** The repo in describeOrigin's text: a GitHub login and owner/name hold no spaces. */
const ORIGIN_REPO = /^Granted by access-pr for \S* from ([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)[ ;]/;

/** Where the grant came from; the access repo in it marks whose grant it is (owner/name: at most 140 characters, so never clipped). */
export function describeOrigin(spec: GrantSpec): string {
  const { origin } = spec;
  const pr = origin.pr !== undefined ? ` PR #${origin.pr}` : "";
  const approvers = origin.approvers.length > 0 ? origin.approvers.join(", ") : "none recorded";
  const text = `Granted by access-pr for ${origin.requester} from ${origin.repo}${pr} ${origin.requestPath}; approved by ${approvers}`;
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

/** The key and window of a condition access-pr wrote, or undefined for anyone else's condition. */
export function readOurCondition(condition: { title?: string | null; expression?: string | null; description?: string | null } | null | undefined): OurCondition | undefined {
  const title = condition?.title ?? "";
  if (!title.startsWith(TITLE_PREFIX) || title.length === TITLE_PREFIX.length) return undefined;
  const expression = condition?.expression ?? "";
  const repo = ORIGIN_REPO.exec(condition?.description ?? "")?.[1];
  return {
    key: title.slice(TITLE_PREFIX.length),
    ...(repo ? { repo } : {}),
    start: timeBound(expression, ">="),
    end: timeBound(expression, "<"),
  };
}

/** Same window as far as IAM is concerned: same end, and the same start unless both already lie behind `now`. */
export function sameWindow(a: OurCondition, b: OurCondition, now: Date): boolean {
  if (a.end?.getTime() !== b.end?.getTime()) return false;
  const effective = (start: Date | undefined): number => Math.max(start?.getTime() ?? 0, now.getTime());
  return effective(a.start) === effective(b.start);
}

function timeBound(expression: string, operator: "<" | ">="): Date | undefined {
  const pattern = new RegExp(`request\\.time\\s*${operator}\\s*timestamp\\(\\s*"([^"]+)"\\s*\\)`);
  const match = pattern.exec(expression);
  if (!match?.[1]) return undefined;
  const time = new Date(match[1]);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/** RFC 3339 without needless milliseconds, as people write it in conditions. */
export function celTime(date: Date): string {
  return date.toISOString().replace(".000Z", "Z");
}
