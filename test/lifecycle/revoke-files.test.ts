import { describe, expect, it } from "vitest";
import { authorizeFiles } from "../../src/lifecycle/revoke-files.js";
import type { ActiveRequest, BackedRequest } from "../../src/lifecycle/types.js";
import { backed } from "./fixtures.js";

const A = "requests/gcp/prod/alice-inc-4711.yaml";
const B = "requests/azure/alice-inc-4711.yaml";

/** A file of #1 whose current version `versionPr` approved `approvers` counted for. */
function version(path: string, versionPr: number, approvers: string[]): BackedRequest {
  const base = backed(path);
  return { ...base, pr: 1, versionPr, decision: { ...base.decision, pr: 1, versionPr, approvers } };
}

const unbacked: ActiveRequest = { status: "unbacked", path: "requests/gcp/prod/pushed.yaml", blobSha: "b", reason: "pushed straight to main", specs: [], pr: 1 };
const input = { requester: "alice", ownersOf: () => ["@acme/security"], teams: { "acme/security": ["carol"] } };
const paths = (r: { allowed: { request: ActiveRequest }[]; refused: ActiveRequest[] }) => [r.allowed.map((a) => a.request.path), r.refused.map((q) => q.path)];

describe("/revoke per request file", () => {
  const requests = [version(A, 2, ["dave"]), version(B, 1, ["bob"]), unbacked];

  it("an extension's approver may end the file that extension set, and only that one", () => {
    expect(paths(authorizeFiles(requests, { ...input, commenter: "dave" }))).toEqual([[A], [B]]);
    expect(authorizeFiles(requests, { ...input, commenter: "dave" }).allowed[0]?.as).toBe("an approver of this request");
  });

  it("the original's approver no longer ends a file an extension set since", () => {
    expect(paths(authorizeFiles(requests, { ...input, commenter: "BOB" }))).toEqual([[B], [A]]);
  });

  it("the requester and a code owner end every file; a file that backs nothing is neither ended nor refused", () => {
    expect(paths(authorizeFiles(requests, { ...input, commenter: "alice" }))).toEqual([[A, B], []]);
    expect(paths(authorizeFiles(requests, { ...input, commenter: "carol" }))).toEqual([[A, B], []]);
    expect(paths(authorizeFiles(requests, { ...input, commenter: "mallory" }))).toEqual([[], [A, B]]);
  });
});
