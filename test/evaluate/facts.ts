// Facts for the pure PR decision, built by hand: the example policies and CODEOWNERS of the
// harness, a pull request view, and who is in which team.
import type { PullFacts } from "../../src/evaluate/decide-pull.js";
import type { ChangedFile, PullView, ReviewView } from "../../src/core/pull.js";
import { EXAMPLE_CODEOWNERS, examplePolicyFiles } from "../helpers/app-harness.js";
import { PROD_PATH, prodRequest } from "../helpers/requests.js";

export const BASE_SHA = "b".repeat(40);
export const HEAD_SHA = "c".repeat(40);
export const NOW = new Date("2026-11-24T08:00:00Z");
export { PROD_PATH };
export const PROD_REQUEST = prodRequest();

export function baseConfig(): Map<string, Buffer | null> {
  const files = { ...examplePolicyFiles(), ".github/CODEOWNERS": EXAMPLE_CODEOWNERS };
  return new Map(Object.entries(files).map(([path, text]) => [path, Buffer.from(text)]));
}

export function pull(changedFiles: ChangedFile[], overrides: Partial<PullView> = {}): PullView {
  return {
    repo: "acme/access",
    number: 12,
    author: "alice",
    baseRef: "main",
    baseSha: BASE_SHA,
    headSha: HEAD_SHA,
    defaultBranch: "main",
    changedFiles,
    contributors: ["alice"],
    pushers: { known: true, pushers: ["alice"] },
    reviews: [],
    ...overrides,
  };
}

export const approvedBy = (user: string, commitId = HEAD_SHA): ReviewView => ({ user, state: "APPROVED", commitId, submittedAt: "2026-11-24T08:05:00Z" });

/** A single-request PR by alice (payments-eng) with the given request text; bob and mallory are SREs. */
export function requestFacts(overrides: Partial<PullFacts> = {}, text = PROD_REQUEST, path = PROD_PATH): PullFacts {
  return {
    pull: pull([{ path, status: "added" }]),
    now: NOW,
    baseConfig: baseConfig(),
    headConfig: new Map(),
    requestFiles: new Map([[path, Buffer.from(text)]]),
    reusedPaths: new Map(),
    previousVersions: new Map(),
    requesterTeams: ["acme/payments-eng"],
    teams: { "acme/sre": ["bob", "mallory"] },
    ...overrides,
  };
}
