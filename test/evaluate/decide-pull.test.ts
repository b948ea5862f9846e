import { describe, expect, it } from "vitest";
import { classifyChanges } from "../../src/evaluate/classify-changes.js";
import { decidePull } from "../../src/evaluate/decide-pull.js";
import type { ChangedFile } from "../../src/core/pull.js";
import { BASE_SHA, HEAD_SHA, NOW, PROD_PATH, PROD_REQUEST, approvedBy, pull, requestFacts } from "./facts.js";

describe("classifyChanges", () => {
  it.each<[string, ChangedFile[], string]>([
    ["one added request", [{ path: "requests/gcp/dev/a.yaml", status: "added" }], "request"],
    ["an extension of an active request", [{ path: "requests/gcp/dev/a.yml", status: "modified" }], "request"],
    ["a deleted request (early end)", [{ path: "requests/gcp/dev/a.yaml", status: "removed" }], "request"],
    ["a request and the README", [{ path: "requests/gcp/dev/a.yaml", status: "added" }, { path: "README.md", status: "modified" }], "mixed"],
    ["a request and a policy", [{ path: "requests/a.yaml", status: "added" }, { path: "access-policies/gcp.yaml", status: "modified" }], "mixed"],
    ["a policy", [{ path: "access-policies/gcp.yaml", status: "modified" }], "policy-change"],
    ["CODEOWNERS and docs", [{ path: ".github/CODEOWNERS", status: "modified" }, { path: "docs/guide.md", status: "added" }], "policy-change"],
    ["only docs", [{ path: "docs/guide.md", status: "added" }], "empty"],
    ["nothing", [], "empty"],
    ["a text file under requests/", [{ path: "requests/README.md", status: "modified" }], "empty"],
  ])("%s is %s", (_name, files, kind) => {
    expect(classifyChanges(files).kind).toBe(kind);
  });

  it("refuses a renamed request file with a reason and what to do instead", () => {
    const { problems, toEvaluate } = classifyChanges([{ path: "requests/gcp/dev/b.yaml", previousPath: "requests/gcp/dev/a.yaml", status: "renamed" }]);
    expect(toEvaluate).toEqual([]);
    expect(problems).toEqual([
      {
        file: "requests/gcp/dev/b.yaml",
        line: 1,
        column: 1,
        message:
          "requests/gcp/dev/a.yaml is renamed to requests/gcp/dev/b.yaml; renaming a request file is not supported because its history is its audit trail. To change an active request, edit it in place; to ask again, add a new file with a new name in its own pull request.",
      },
    ]);
  });
});

describe("decidePull", () => {
  it("plans the grant with its window from now, the key, the origin, and asks the SRE team", () => {
    const evaluation = decidePull(requestFacts());
    expect(evaluation).toMatchObject({ kind: "request", valid: true, grantable: false, approval: { status: "pending" }, reviewersToRequest: { users: [], teams: ["acme/sre"] } });
    const [request] = evaluation.requests;
    expect(request).toMatchObject({ path: PROD_PATH, change: "added", status: "planned", reason: "INC-4711: payments export failing, need to read the prod DB", ticket: "INC-4711" });
    expect(request?.grants).toEqual([
      expect.objectContaining({
        provider: "gcp",
        scope: "projects/payments-prod",
        role: "roles/cloudsql.client",
        principal: "user:alice@acme.example",
        window: { start: NOW, end: new Date("2026-11-24T10:00:00Z") },
        key: expect.stringMatching(/^[0-9a-f]{20}$/),
        origin: { repo: "acme/access", requestPath: PROD_PATH, pr: 12, requester: "alice", approvers: [], reason: "INC-4711: payments export failing, need to read the prod DB", ticket: "INC-4711" },
      }),
    ]);
  });

  it.each([
    ["files", { files: 3_000, filesTotal: 3_001, commits: 1, commitsTotal: 1 }, "GitHub lists 3000 of the 3001 files this pull request changes"],
    ["commits", { files: 1, filesTotal: 1, commits: 250, commitsTotal: 251 }, "GitHub lists 250 of the 251 commits of this pull request"],
  ])("grants nothing when GitHub's listing of the %s is incomplete, even approved, and says why", (_what, listing, words) => {
    const evaluation = decidePull(requestFacts({ pull: pull([{ path: PROD_PATH, status: "added" }], { reviews: [approvedBy("bob")], listing }) }));
    expect(evaluation.grantable).toBe(false);
    expect(evaluation.valid).toBe(false);
    expect(evaluation.problems.map((p) => p.message).join("\n")).toContain(words);
  });

  it.each([
    ["nobody yet", { users: [], teams: [] }, ["acme/sre"]],
    ["the SRE team already", { users: [], teams: ["acme/SRE"] }, []],
    ["someone else", { users: ["carol"], teams: ["acme/security"] }, ["acme/sre"]],
  ])("asks for the reviews GitHub does not already list as requested: %s", (_, requested, teams) => {
    const facts = requestFacts({ pull: pull([{ path: PROD_PATH, status: "added" }], { requested }) });
    expect(decidePull(facts).reviewersToRequest).toEqual({ users: [], teams });
  });

  it("is grantable once an SRE approves the head, and records the approver in the grant's origin", () => {
    const evaluation = decidePull(requestFacts({ pull: pull([{ path: PROD_PATH, status: "added" }], { reviews: [approvedBy("bob")] }) }));
    expect([evaluation.grantable, evaluation.requests[0]?.grants[0]?.origin.approvers]).toEqual([true, ["bob"]]);
  });

  it.each([
    ["the author", approvedBy("alice")],
    ["a contributor", approvedBy("mallory")],
    ["an approval of an older head", approvedBy("bob", BASE_SHA)],
    ["someone outside the owning team", approvedBy("paula")],
  ])("is not grantable when the only approval is from %s", (_who, review) => {
    const facts = requestFacts({ pull: pull([{ path: PROD_PATH, status: "added" }], { reviews: [review], contributors: ["alice", "mallory"] }) });
    expect(decidePull(facts)).toMatchObject({ grantable: false, approval: { status: "pending" } });
  });

  it("starts windows at the merge time it is given, not at the request's past start", () => {
    const mergedAt = new Date("2026-11-24T09:30:00Z");
    const evaluation = decidePull(requestFacts({ now: mergedAt }, PROD_REQUEST.replace("duration: 2h", "duration: 2h\nstart: 2026-11-24T08:00:00Z")));
    expect(evaluation.requests[0]?.grants[0]?.window).toEqual({ start: mergedAt, end: new Date("2026-11-24T11:30:00Z") });
  });

  it("grants nothing while the base branch's policies are broken, and says where", () => {
    const config = requestFacts().baseConfig as Map<string, Buffer | null>;
    config.set("access-policies/gcp.yaml", Buffer.from("version: 1\nrules: 7\n"));
    const evaluation = decidePull(requestFacts({ baseConfig: config }));
    expect(evaluation.valid).toBe(false);
    expect(evaluation.problems.map((p) => `${p.file}:${p.line}`)).toEqual(["access-policies/gcp.yaml:2"]);
    expect(evaluation.problems[0]?.message).toMatch(/\(the policies on main are broken, so no request can be granted until a policy change fixes them\)$/);
  });

  it("refuses an added file whose name was used before, naming the commit", () => {
    const evaluation = decidePull(requestFacts({ reusedPaths: new Map([[PROD_PATH, "abcdef0123456789abcdef0123456789abcdef01"]]) }));
    expect(evaluation.requests[0]?.problems.map((p) => p.message)).toEqual([
      `${PROD_PATH} was used before on main (commit abcdef0); request file names are never reused, so the audit trail stays unambiguous. Give this request a new file name.`,
    ]);
  });

  it("evaluates nothing for a PR into another branch", () => {
    const evaluation = decidePull(requestFacts({ pull: pull([{ path: PROD_PATH, status: "added" }], { baseRef: "release" }) }));
    expect(evaluation).toMatchObject({ kind: "not-default-branch", requests: [], approval: null, grantable: false, headSha: HEAD_SHA });
  });
});
