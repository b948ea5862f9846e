/** A request file's version as its recorded merge decision describes it. Pure. */
import type { DecisionRecord } from "./decision-record.js";
import type { ActiveRequest, EarlyEndNote } from "./types.js";

/**
 * @example
 *   fromRecord(record, mergeSha).status; // "backed" when the merge granted it, "unbacked" when it refused
 */
export function fromRecord(record: DecisionRecord, mergeCommitSha: string, endedEarly?: EarlyEndNote): ActiveRequest {
  const specs = record.grants.map((g) => g.spec);
  if (record.outcome === "refused") return { status: "unbacked", path: record.path, blobSha: record.blobSha, pr: record.versionPr, reason: record.reason ?? "it was refused at merge", specs, mergeCommitSha };
  return {
    status: "backed",
    path: record.path,
    blobSha: record.blobSha,
    pr: record.pr,
    versionPr: record.versionPr,
    mergeCommitSha,
    requester: record.requester,
    window: record.window,
    specs,
    decision: record,
    ...(endedEarly ? { endedEarly } : {}),
  };
}
