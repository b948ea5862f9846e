/**
 * "List repository activities" (`GET /repos/{owner}/{repo}/activity`,
 * operation `repos/list-activities` in github/rest-api-description): every
 * ref update with its actor, newest first by default, filtered by `ref`
 * (`refs/heads/X` or `X`), `actor`, `activity_type` and `time_period`, and
 * paged by opaque `before`/`after` cursors given in the Link header.
 */
import type { components } from "@octokit/openapi-types";
import type { GitHubRouter } from "./call.js";
import type { Hub } from "./hub.js";
import { HttpError } from "./http-kit.js";
import type { Activity, Repo } from "./model.js";
import { nodeId, simpleUser } from "./shapes-common.js";

type Schemas = components["schemas"];

const TYPES = new Set<Activity["activityType"]>(["push", "force_push", "branch_creation", "branch_deletion", "pr_merge", "merge_queue_merge"]);
const PERIOD_HOURS: Record<string, number> = { day: 24, week: 168, month: 24 * 30, quarter: 24 * 91, year: 24 * 365 };

const cursorOf = (activity: Activity): string => Buffer.from(`activity:${activity.id}`).toString("base64url");

function idOf(cursor: string): number {
  const match = /^activity:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw new HttpError(422, "Validation Failed", { errors: [{ resource: "Activity", field: "cursor", code: "invalid" }] });
  return Number(match[1]);
}

function invalid(field: string): HttpError {
  return new HttpError(422, "Validation Failed", { errors: [{ resource: "Activity", field, code: "invalid" }] });
}

function activityShape(hub: Hub, activity: Activity): Schemas["activity"] {
  const actor = hub.users.get(activity.actor);
  return {
    id: activity.id,
    node_id: nodeId("RepositoryActivity", activity.id),
    before: activity.before,
    after: activity.after,
    ref: activity.ref,
    timestamp: activity.timestamp,
    activity_type: activity.activityType,
    actor: actor ? simpleUser(hub, actor) : null,
  };
}

/** The activities the query selects, in the order asked, before paging. */
function selected(hub: Hub, repo: Repo, query: URLSearchParams): Activity[] {
  const ref = query.get("ref");
  const fullRef = ref === null ? null : ref.startsWith("refs/") ? ref : `refs/heads/${ref}`;
  const actor = query.get("actor")?.toLowerCase();
  const type = query.get("activity_type");
  if (type !== null && !TYPES.has(type as Activity["activityType"])) throw invalid("activity_type");
  const period = query.get("time_period");
  if (period !== null && PERIOD_HOURS[period] === undefined) throw invalid("time_period");
  const direction = query.get("direction") ?? "desc";
  if (direction !== "asc" && direction !== "desc") throw invalid("direction");
  const since = period === null ? -Infinity : hub.clock.now().getTime() - (PERIOD_HOURS[period] ?? 0) * 3_600_000;
  const kept = repo.activity.filter(
    (a) =>
      (fullRef === null || a.ref === fullRef) &&
      (actor === undefined || a.actor.toLowerCase() === actor) &&
      (type === null || a.activityType === type) &&
      Date.parse(a.timestamp) >= since,
  );
  return direction === "asc" ? kept : kept.reverse();
}

export function activityRoutes(router: GitHubRouter): void {
  router.on("GET /repos/{owner}/{repo}/activity", async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const all = selected(hub, repo, query);
    const perPage = Math.min(Math.max(Number(query.get("per_page")) || 30, 1), 100);
    const after = query.get("after");
    const before = query.get("before");
    let start = 0;
    let end = all.length;
    if (after !== null) {
      const at = all.findIndex((a) => a.id === idOf(after));
      start = at < 0 ? all.length : at + 1;
    }
    if (before !== null) {
      const at = all.findIndex((a) => a.id === idOf(before));
      end = at < 0 ? 0 : at;
    }
    const window = all.slice(start, end);
    const items = before !== null && after === null ? window.slice(-perPage) : window.slice(0, perPage);
    const first = items[0];
    const last = items.at(-1);
    const links: string[] = [];
    const link = (rel: string, key: "before" | "after", cursor: string) => {
      const url = new URL(`${hub.url}/repos/${repo.fullName}/activity`);
      for (const [name, value] of query) if (name !== "before" && name !== "after") url.searchParams.set(name, value);
      url.searchParams.set("per_page", String(perPage));
      url.searchParams.set(key, cursor);
      return `<${url.toString()}>; rel="${rel}"`;
    };
    if (last && all.indexOf(last) < all.length - 1) links.push(link("next", "after", cursorOf(last)));
    if (first && all.indexOf(first) > 0) links.push(link("prev", "before", cursorOf(first)));
    const headers: Record<string, string> = links.length ? { link: links.join(", ") } : {};
    return { body: items.map((a) => activityShape(hub, a)), headers };
  });
}
