/**
 * Windows are bounded (access never outlasts first start + the rule's
 * max_duration): a change to an active request keeps its first start, so it
 * can only end the window earlier or extend it up to that bound, and an
 * ended request cannot be revived. Pure.
 */
import { addMilliseconds } from "date-fns";
import type { PlannedGrant } from "../model/evaluate.js";
import type { Problem } from "../model/problem.js";
import { parseRequest } from "../model/request-file.js";
import type { AccessRequest } from "../model/types.js";
import { utc } from "../render/format-time.js";

export interface PreviousVersion {
  /** The active version's text; null when it could not be read. */
  content: Buffer | null;
  /** When its window first started (first merge, or its own later start); null when no merged pull request added it. */
  firstStart: Date | null;
}

/**
 * @example
 *   const bounded = boundExtension(request, previous, planned, mergedAt, "main");
 *   if ("problems" in bounded) refuse(bounded.problems);
 *   else bounded.planned[0].window; // { start: first start, end: first start + duration }
 */
export function boundExtension(request: AccessRequest, previous: PreviousVersion | undefined, planned: PlannedGrant[], now: Date, defaultBranch: string): { planned: PlannedGrant[] } | { problems: Problem[] } {
  const { path } = request;
  const top = (message: string): { problems: Problem[] } => ({ problems: [{ file: path, line: 1, column: 1, message }] });
  if (!previous?.content || !previous.firstStart) {
    return top(`${path} changes an active request, but its version on ${defaultBranch} or the pull request that first added it could not be read, so the change cannot be bounded by its first start; nothing is granted. Ask again in a new request file.`);
  }
  const before = parseRequest(path, previous.content);
  if (!before.ok) return top(`${path} changes a request whose version on ${defaultBranch} is not valid, so the change cannot be bounded by its first start; nothing is granted. Ask again in a new request file.`);
  const was = before.request.start;
  if (request.start?.getTime() !== was?.getTime()) {
    const position = request.start ? request.locate(["start"]) : { line: 1, column: 1 };
    const from = was ? `start: ${was.toISOString().replace(/\.000Z$/, "Z")}` : "no start (the window began at the first merge)";
    return {
      problems: [
        {
          file: path,
          ...position,
          message: `the start of an active request cannot move: it has ${from} on ${defaultBranch}, and its window began at ${utc(previous.firstStart)}. Keep start as it is and change only duration to end earlier or extend; for a new window, ask in a new request file.`,
        },
      ],
    };
  }
  const first = previous.firstStart;
  const bounded = planned.map((grant) => ({ ...grant, window: { start: first, end: addMilliseconds(first, grant.durationMs) } }));
  const end = bounded[0]?.window.end;
  if (end && end.getTime() <= now.getTime()) {
    const position = request.durationMs !== undefined ? request.locate(["duration"]) : { line: 1, column: 1 };
    return {
      problems: [
        {
          file: path,
          ...position,
          message: `this request's window, counted from its first start ${utc(first)}, ends at ${utc(end)}, which is already over; an ended request cannot be extended. Ask again in a new request file.`,
        },
      ],
    };
  }
  return { planned: bounded };
}
