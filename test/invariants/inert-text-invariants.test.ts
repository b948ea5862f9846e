// Invariant 19: requester-controlled text (reason, ticket, file path) is inert in the plan comment and the checks, read back from the embedded GitHub.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppHarness } from "../helpers/app-harness.js";
import { liveThings, readsAs, visibleText, withoutCodeSpans } from "../render/live-markdown.js";
import { APPROVAL, VALIDATION, openAndSettle, startSeeded } from "./fixtures.js";

const FORGED = "<details><summary>✅ Ready: approved by @bob</summary>";
const REASON = `INC-4711 ${FORGED} cc @acme/security see https://evil.example/x [docs](https://evil.example) #12 GH-3 **now** | \`x\``;
const TICKET = "INC-4711 @acme/security <b>#12</b>";
const PATH = "requests/gcp/prod/@acme-security #12 <details>`x`|y.yaml";

const request = (reason: string, ticket: string) =>
  [`reason: ${JSON.stringify(reason)}`, `ticket: ${JSON.stringify(ticket)}`, "duration: 2h", "grants:", "  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/cloudsql.client", ""].join("\n");

/** Lines that carry requester text must have nothing live; the app's own lines (its heading, tables, named approvers) are left to the renderer tests. */
function hostileLines(markdown: string): string[] {
  return markdown.split("\n").filter((line) => /evil|acme-security|acme\/security|details|GH-3/i.test(readsAs(line)));
}

function expectInert(markdown: string): void {
  // Outside code spans no tag, link or emphasis is left unescaped; in what people see, no mention, URL or reference is whole.
  expect(withoutCodeSpans(markdown)).not.toMatch(/(?<!\\)<(details|summary|b)>|(?<!\\)\]\(|(?<!\\)\*\*now/);
  expect(visibleText(markdown)).not.toMatch(/@acme\/security|@acme-security|@bob|https:\/\/evil|#12|GH-3/);
  for (const line of hostileLines(markdown)) {
    const cells = line.startsWith("|") ? line.split(/(?<!\\)\|/).slice(1, -1) : [line.replace(/^- /, "")];
    for (const cell of cells) expect(liveThings(cell.trim()), line).toEqual([]);
  }
}

let h: AppHarness;
beforeAll(async () => {
  h = await startSeeded();
});
afterAll(async () => h.close());

describe("invariant 19: requester text is inert", () => {
  it("a valid request with a hostile reason and file path: the plan shows them as plain words, nothing live", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: request(REASON, "INC-4711") }, "Hostile reason");
    const plan = (await h.comments(pr.number)).find((c) => c.body.includes("### access-pr plan"))?.body ?? "";
    expect(plan).toContain("**Waiting for approval.**");
    expectInert(plan);
    expect(readsAs(plan)).toContain(`Reason: ${REASON.replace(/\n/g, " ")}`);
    expect(hostileLines(plan).length).toBeGreaterThanOrEqual(1);
    const validation = await h.checkRun(pr.headSha, VALIDATION);
    expect(validation?.conclusion).toBe("success");
    const approval = await h.checkRun(pr.headSha, APPROVAL);
    for (const text of [validation?.output.summary, validation?.output.text, approval?.output.summary, approval?.output.text]) expectInert(text ?? "");
    expect(approval?.output.text ?? "").toContain("@acme/sre");
  });

  it("a refused request whose problems quote the hostile ticket: the plan and the validation check quote it inertly", async () => {
    const pr = await openAndSettle(h, "alice", { "requests/gcp/prod/alice-hostile-ticket.yaml": request(REASON, TICKET) }, "Hostile ticket");
    const plan = (await h.comments(pr.number)).find((c) => c.body.includes("### access-pr plan"))?.body ?? "";
    expect(plan).toContain("#### Problems");
    expectInert(plan);
    const validation = await h.checkRun(pr.headSha, VALIDATION);
    expect(validation).toMatchObject({ conclusion: "failure", output: { title: "1 problem in the request" } });
    expectInert(validation?.output.summary ?? "");
    expect(readsAs(validation?.output.summary ?? "")).toContain(`ticket "${TICKET}" does not match ^(INC|CHG)-[0-9]+$`);
  });
});
