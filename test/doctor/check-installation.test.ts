// `access-pr doctor`'s checks against the embedded GitHub and the cloud emulators, through the app's own auth.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkInstallation } from "../../src/doctor/check-installation.js";
import { permissionFindings, renderFindings } from "../../src/doctor/findings.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { seedAccessRepo, startAppHarness } from "../helpers/app-harness.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const wanted = (parse(readFileSync(join(root, "app.yml"), "utf8")) as { default_permissions: Record<string, string> }).default_permissions;
const open: AppHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

describe("doctor's installation checks", () => {
  it("passes the credentials, permissions and each GCP project, and flags an installation on every repository", async () => {
    const h = await startAppHarness({ clouds: true });
    open.push(h);
    await seedAccessRepo(h.github);
    h.gcp?.createProject("payments-prod");
    h.gcp?.createProject("payments-dev");
    const findings = await checkInstallation({ probot: h.probot, repo: { owner: "acme", repo: "access" }, wanted, providers: h.providers });
    const byCheck = new Map(findings.map((f) => [f.check, f]));
    expect(byCheck.get("app credentials")?.ok).toBe(true);
    expect(byCheck.get("permission members (Members: read)")?.ok).toBe(true);
    expect(byCheck.get("gcp IAM policy of projects/payments-prod")).toEqual({ check: "gcp IAM policy of projects/payments-prod", ok: true, detail: "readable by the app's cloud identity" });
    // The embedded GitHub installs the app on all of the org's repositories, as a careless install would.
    const selection = byCheck.get("repository selection");
    expect(selection?.ok).toBe(false);
    expect(selection?.fix).toBe('Under Settings → GitHub Apps → access-pr → Configure, choose "Only select repositories" and select acme/access only: the app writes to every repository it can reach.');
    expect(renderFindings(findings, "text")).toMatch(/^FAIL repository selection: the installation covers all repositories/m);
  });

  it("names a GCP project the app's identity cannot read, with the role to grant", async () => {
    const h = await startAppHarness({ clouds: true });
    open.push(h);
    await seedAccessRepo(h.github);
    h.gcp?.createProject("payments-dev"); // payments-prod does not exist for this identity
    const findings = await checkInstallation({ probot: h.probot, repo: { owner: "acme", repo: "access" }, wanted, providers: h.providers });
    const prod = findings.find((f) => f.check === "gcp IAM policy of projects/payments-prod");
    expect(prod?.ok).toBe(false);
    expect(prod?.fix).toContain("roles/resourcemanager.projectIamAdmin");
  });

  it("says which permission is missing and how to grant it", () => {
    const [members] = permissionFindings({ members: undefined }, { members: "read" });
    expect(members).toMatchObject({ check: "permission members (Members: read)", ok: false });
    expect(members?.detail).toContain("Without it every team approver counts as absent");
    expect(members?.fix).toContain("set members to Read-only");
    expect(permissionFindings({ contents: "read" }, { contents: "write" })[0]?.ok).toBe(false);
    expect(permissionFindings({ contents: "write" }, { contents: "read" })[0]?.ok).toBe(true);
  });
});
