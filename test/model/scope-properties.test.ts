// Property: whatever a rule admits is inside the rule's scope as the cloud understands it.
// "As the cloud understands it" is worked out here independently of the product: the request URL the
// SDK would send, resolved the way URL parsing resolves it, and the glob read the naive way an admin
// reads it ("*" is anything within a segment, "**" anything at all).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SUB, decide, policyWith, requestFor } from "./scope-policy.js";

const AZURE_SUFFIX = "/providers/Microsoft.Authorization/roleAssignments/00000000-0000-0000-0000-00000000abcd";
const GCP_SUFFIX = ":getIamPolicy";

/** The scope ARM acts on when the SDK is handed `scope`, lower-cased as ARM compares; undefined when the URL cuts it short. */
function armResolve(scope: string): string | undefined {
  let url: URL;
  try {
    url = new URL(`https://management.azure.com/${scope.replace(/^\/+/, "")}${AZURE_SUFFIX}?api-version=2022-04-01`);
  } catch {
    return undefined;
  }
  if (url.hash !== "" || url.search !== "?api-version=2022-04-01") return undefined;
  const path = decodeURIComponent(url.pathname);
  return path.endsWith(AZURE_SUFFIX) ? path.slice(0, -AZURE_SUFFIX.length).toLowerCase() : undefined;
}

/** The resource GCP acts on for `scope` (names are case-sensitive). */
function gcpResolve(scope: string): string | undefined {
  let url: URL;
  try {
    url = new URL(`https://cloudresourcemanager.googleapis.com/v3/${scope}${GCP_SUFFIX}`);
  } catch {
    return undefined;
  }
  if (url.hash !== "" || url.search !== "") return undefined;
  const path = decodeURIComponent(url.pathname);
  return path.startsWith("/v3/") && path.endsWith(GCP_SUFFIX) ? path.slice(4, -GCP_SUFFIX.length) : undefined;
}

// An admin's reading of a glob: "*" anything within a segment, "**" followed by "/" any directories (or none), "**" anything.
function naive(glob: string): RegExp {
  const source = glob
    .split(/(\*\*\/|\*\*|\*|\?)/)
    .map((part) =>
      part === "**/" ? "(?:.*/)?" : part === "**" ? ".*" : part === "*" ? "[^/]*" : part === "?" ? "[^/]" : part.replace(/[.+^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${source}$`);
}

const RG = `/subscriptions/${SUB}/resourceGroups`;
const names = ["payments", "Payments", "secrets", "pay", "payments-eu", "rg.1", "(x)"];
const traps = [".", "..", "...", "", "%2e%2e", "%2E", "..%2f..", "a\\..", "\\", "x?y=", "x#", " ", "pay ", "\t", "payments.", "%00"];
const segment = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...names, "providers", "Microsoft.Sql", "servers", "db1", "resourceGroups", "subscriptions", SUB) }, { weight: 2, arbitrary: fc.constantFrom(...traps) });
const azureBuilt = fc
  .tuple(fc.constantFrom(RG, RG.toUpperCase(), `/subscriptions/${SUB}`, `/subscriptions/${SUB}/resourcegroups`), fc.array(segment, { maxLength: 7 }), fc.constantFrom("", "/"))
  .map(([prefix, rest, tail]) => `${[prefix, ...rest].join("/")}${tail}`);
const azureScope = fc.oneof(azureBuilt, fc.constantFrom(`${RG}/payments`, `${RG}/Payments`, `${RG}/payments-eu`, `${RG}/secrets`, `${RG}/payments/providers/Microsoft.Sql/servers/db1`, `/subscriptions/${SUB}`));
const azureGlob = fc
  .tuple(fc.constantFrom(RG, `/subscriptions/${SUB}`), fc.array(fc.constantFrom("payments", "pay*", "*", "**", "?ayments", "providers", "*.Sql", "servers", "*s", "Payments"), { minLength: 1, maxLength: 5 }))
  .map(([prefix, rest]) => [prefix, ...rest].join("/"));

const gcpBuilt = fc
  .tuple(fc.constantFrom("projects", "folders", "organizations", "projects/payments-prod"), fc.array(fc.constantFrom("payments-prod", "payments-dev", "secrets-prod", "1234567", "..", ".", "", "%2e%2e", "Payments-prod", "pay\\..", "x?y"), { minLength: 1, maxLength: 3 }))
  .map(([kind, rest]) => [kind, ...rest].join("/"));
const gcpScope = fc.oneof(gcpBuilt, fc.constantFrom("projects/payments-prod", "projects/payments-dev", "folders/1234567"));
const gcpGlob = fc.constantFrom("projects/payments-*", "projects/*", "projects/payments-prod", "projects/*-prod", "folders/1234567", "projects/?ayments-prod");

describe("whatever a rule admits lies inside the rule's scope as the cloud resolves it", () => {
  it("azure", () => {
    let admitted = 0;
    fc.assert(
      fc.property(azureGlob, azureScope, (glob, scope) => {
        const loaded = policyWith({ provider: "azure", scopes: [glob] });
        if (loaded.problems.length > 0) return;
        const result = decide(loaded, requestFor("azure", scope, "Reader"));
        if (result.status !== "allowed") return;
        admitted++;
        const resolved = armResolve(scope);
        // Nothing was resolved away: ARM acts on exactly the scope approvers read, and the rule's glob covers it.
        expect(resolved).toBe(scope.toLowerCase());
        expect(naive(glob.toLowerCase()).test(resolved as string)).toBe(true);
      }),
      { numRuns: 3000, seed: 4711 },
    );
    expect(admitted).toBeGreaterThan(20);
  });

  it("gcp", () => {
    let admitted = 0;
    fc.assert(
      fc.property(gcpGlob, gcpScope, (glob, scope) => {
        const loaded = policyWith({ provider: "gcp", scopes: [glob] });
        if (loaded.problems.length > 0) return;
        const result = decide(loaded, requestFor("gcp", scope, "roles/cloudsql.client"));
        if (result.status !== "allowed") return;
        admitted++;
        const resolved = gcpResolve(scope);
        expect(resolved).toBe(scope);
        expect(naive(glob).test(resolved as string)).toBe(true);
      }),
      { numRuns: 2000, seed: 4711 },
    );
    expect(admitted).toBeGreaterThan(20);
  });

  it("azure: every canonical scope below a rule's literal scope is admitted by its /** glob", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("Microsoft.Sql", "servers", "db1", "databases", "ledger", "rg.1", "(x)"), { minLength: 1, maxLength: 3 }), (pairs) => {
        const scope = `${RG}/payments/providers/${["Microsoft.Sql", ...pairs, ...(pairs.length % 2 === 1 ? ["x"] : [])].join("/")}`;
        const result = decide(policyWith({ provider: "azure", scopes: [`${RG}/payments/**`] }), requestFor("azure", scope, "Reader"));
        expect(result.status).toBe("allowed");
      }),
      { numRuns: 200, seed: 4711 },
    );
  });
});
