import { describe, expect, it } from "vitest";
import { mayRevoke, revokeRefusedText } from "../../src/lifecycle/revoke-authorization.js";

const base = { requester: "alice", approvers: ["bob"], owners: ["@acme/sre", "@paula", "security@acme.example"], teams: { "acme/sre": ["bob", "mallory"] } };

describe("who may /revoke", () => {
  it.each([
    ["alice", { allowed: true, as: "the requester" }],
    ["ALICE", { allowed: true, as: "the requester" }],
    ["bob", { allowed: true, as: "an approver of this request" }],
    ["mallory", { allowed: true, as: "a code owner of the request file" }],
    ["paula", { allowed: true, as: "a code owner of the request file" }],
    ["dave", { allowed: false }],
    ["security", { allowed: false }],
  ])("%s", (commenter, expected) => {
    expect(mayRevoke({ ...base, commenter })).toEqual(expected);
  });

  it("refuses politely, naming who can", () => {
    expect(revokeRefusedText("dave", "alice", ["bob"])).toBe(
      "@dave, only the requester (@alice), an approver whose approval counted (@bob) or a code owner of the request file can end this access with `/revoke`. Nothing was changed.",
    );
  });
});
