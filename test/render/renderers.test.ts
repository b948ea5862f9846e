import { describe, expect, it } from "vitest";
import { decidePull } from "../../src/evaluate/decide-pull.js";
import { renderApprovalCheck } from "../../src/render/approval-check.js";
import { relative, utc } from "../../src/render/format-time.js";
import { renderPlanComment } from "../../src/render/plan-comment.js";
import { renderValidationCheck } from "../../src/render/validation-check.js";
import { HEAD_SHA, PROD_PATH, approvedBy, pull, requestFacts } from "../evaluate/facts.js";

const AZURE_PATH = "requests/azure/alice-reader.yaml";
const AZURE_REQUEST = [
  "reason: Investigate the failed payments storage export",
  "duration: 3h",
  "grants:",
  "  - provider: azure",
  "    scope: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/payments",
  "    role: Reader",
  "",
].join("\n");

describe("time for people", () => {
  it.each([
    [new Date("2026-11-24T10:00:00Z"), "2026-11-24 10:00 UTC", "in 2 hours"],
    [new Date("2026-11-24T08:00:30Z"), "2026-11-24 08:00:30 UTC", "in 30 seconds"],
    [new Date("2026-11-26T08:00:00Z"), "2026-11-26 08:00 UTC", "in 2 days"],
  ])("%s reads as %s, %s", (date, inUtc, fromNow) => {
    expect([utc(date), relative(date, new Date("2026-11-24T08:00:00Z"))]).toEqual([inUtc, fromNow]);
  });
});

describe("validation check", () => {
  it.each([
    ["release", "Not an access request", "neutral"],
    ["main", "Valid: 1 grant planned", "success"],
  ])("for a PR into %s says %s", (baseRef, title, conclusion) => {
    const check = renderValidationCheck(decidePull(requestFacts({ pull: pull([{ path: PROD_PATH, status: "added" }], { baseRef }) })));
    expect([check.name, check.headSha, check.status, check.conclusion, check.title]).toEqual(["access-pr / validation", HEAD_SHA, "completed", conclusion, title]);
  });

  it("puts each problem on its line, names the rule, and lists them in the summary", () => {
    const check = renderValidationCheck(decidePull(requestFacts({}, requestFacts().requestFiles.get(PROD_PATH)?.toString().replace("2h", "6h"))));
    expect(check.title).toBe("1 problem in the request");
    expect(check.summary).toBe(
      `Merging this pull request would grant nothing until this is fixed:\n\n- ${PROD_PATH}:3:11: duration 6 hours is longer than rule "payments-prod-db" allows (at most 4 hours); ask for 4h or less`,
    );
    expect(check.annotations).toEqual([
      { path: PROD_PATH, startLine: 3, startColumn: 11, level: "failure", title: "access-pr: rule payments-prod-db", message: 'duration 6 hours is longer than rule "payments-prod-db" allows (at most 4 hours); ask for 4h or less' },
    ]);
  });

  it("says why nothing in a docs-only PR is checked", () => {
    const check = renderValidationCheck(decidePull(requestFacts({ pull: pull([{ path: "docs/guide.md", status: "added" }]), requestFiles: new Map() })));
    expect([check.conclusion, check.title, check.summary]).toEqual(["neutral", "No access changes", "This pull request changes no request files, policies, identities or CODEOWNERS, so access-pr has nothing to check."]);
  });
});

describe("approval check", () => {
  it("is a failure naming who requested changes", () => {
    const reviews = [{ user: "bob", state: "CHANGES_REQUESTED" as const, commitId: HEAD_SHA, submittedAt: "2026-11-24T08:05:00Z" }];
    const check = renderApprovalCheck(decidePull(requestFacts({ pull: pull([{ path: PROD_PATH, status: "added" }], { reviews }) })));
    expect([check.status, check.conclusion, check.title, check.summary]).toEqual([
      "completed",
      "failure",
      "Changes requested",
      "Blocked: @bob requested changes; the pull request needs their approval or a dismissal of that review.",
    ]);
  });

  it("is a success naming whose approval counted", () => {
    const check = renderApprovalCheck(decidePull(requestFacts({ pull: pull([{ path: PROD_PATH, status: "added" }], { reviews: [approvedBy("bob")] }) })));
    expect([check.conclusion, check.title, check.text]).toEqual(["success", "Approved", "**Approvals that count**: @bob"]);
  });
});

describe("plan comment", () => {
  it("shows an Azure grant as a PIM schedule that Azure ends by itself", () => {
    const facts = requestFacts({ pull: pull([{ path: AZURE_PATH, status: "added" }]), requestFiles: new Map([[AZURE_PATH, Buffer.from(AZURE_REQUEST)]]) });
    expect(renderPlanComment(decidePull(facts))).toContain(
      "| `00000000-0000-0000-0000-0000000000a1` (alice) | `Reader` | `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/payments` | azure-payments-pim | at merge | 3 hours | 2026-11-24 11:00 UTC (in 3 hours) if merged now | PIM schedule (AdminAssign) from 2026-11-24 08:00 UTC to 2026-11-24 11:00 UTC, ended by Azure |",
    );
  });

  it("shows a future start and the condition that holds it back", () => {
    const text = requestFacts().requestFiles.get(PROD_PATH)?.toString().replace("duration: 2h", "duration: 2h\nstart: 2026-11-25T06:00:00Z");
    expect(renderPlanComment(decidePull(requestFacts({}, text)))).toContain(
      '| 2026-11-25 06:00 UTC (in 22 hours) | 2 hours | 2026-11-25 08:00 UTC (in 1 day) if merged now | IAM condition `request.time >= timestamp("2026-11-25T06:00:00Z") && request.time < timestamp("2026-11-25T08:00:00Z")` |',
    );
  });

  it("keeps a reason with a pipe and a line break inside its table row and line", () => {
    const text = requestFacts().requestFiles.get(PROD_PATH)?.toString().replace(/^reason: .*$/m, 'reason: "INC-4711: export | import\\nboth broken"');
    expect(renderPlanComment(decidePull(requestFacts({}, text)))).toContain("Reason: INC-4711: export \\| import both broken · Ticket: `INC-4711`");
  });
});
