// The plan comment says what ending access early ends at once and what it cannot (FACTS.md, "What the real services do":
// GCP IAM applies changes in about 2 minutes, sometimes 7+; Azure tokens issued before a revoke stay valid 60–75 minutes).
import { describe, expect, it } from "vitest";
import { decidePull } from "../../src/evaluate/decide-pull.js";
import { renderPlanComment } from "../../src/render/plan-comment.js";
import { PROD_PATH, pull, requestFacts } from "../evaluate/facts.js";

const AZURE_PATH = "requests/azure/alice-reader.yaml";
const AZURE_REQUEST = ["reason: Investigate the failed payments storage export", "duration: 3h", "grants:", "  - provider: azure", "    scope: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/payments", "    role: Reader", ""].join("\n");
const HEADING = "Ending it early (`/revoke`, or deleting the file):";
const GCP = "- GCP: a revoke removes the IAM binding at once, but IAM takes about 2 minutes (sometimes 7 or more) to apply it, so the role can keep working that long.";
const AZURE = "- Azure: a revoke ends the assignment at once (a PIM request still provisioning is cancelled), but access tokens issued before it stay valid for about 60–75 minutes; revoke the person's sessions in Entra ID to cut those off.";

function planFor(files: Record<string, string>, statuses: Record<string, "added" | "removed"> = {}): string {
  const paths = Object.keys(files);
  const base = requestFacts();
  const requestFiles = new Map([...base.requestFiles, ...Object.entries(files).map(([p, t]) => [p, Buffer.from(t)] as const)]);
  return renderPlanComment(decidePull(requestFacts({ pull: pull(paths.map((path) => ({ path, status: statuses[path] ?? "added" }))), requestFiles })));
}

describe("plan comment: what a revoke cannot cut short, one line per provider involved", () => {
  it.each([
    ["a GCP request", { [PROD_PATH]: requestFacts().requestFiles.get(PROD_PATH)?.toString() ?? "" }, [GCP]],
    ["an Azure request", { [AZURE_PATH]: AZURE_REQUEST }, [AZURE]],
    ["a GCP and an Azure request together", { [PROD_PATH]: requestFacts().requestFiles.get(PROD_PATH)?.toString() ?? "", [AZURE_PATH]: AZURE_REQUEST }, [GCP, AZURE]],
  ])("for %s", (_what, files, lines) => {
    const plan = planFor(files);
    expect(plan).toContain([HEADING, ...lines].join("\n"));
    expect(plan.split("\n").filter((l) => l.startsWith("- GCP:") || l.startsWith("- Azure:"))).toEqual(lines);
  });

  it("says nothing of the kind when the request is refused and grants nothing", () => {
    const refused = AZURE_REQUEST.replace("duration: 3h", "duration: 30h");
    expect(planFor({ [AZURE_PATH]: refused })).not.toContain(HEADING);
  });
});
