// A new installation of a configured access repo (a new installation id, as after installing on another
// organization or reinstalling) is reconciled as soon as GitHub announces it, not at the next period.
import { afterEach, describe, expect, it } from "vitest";
import type { AppDeps } from "../../src/app.js";
import { createAccessPrApp } from "../../src/app.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { EXAMPLE_CODEOWNERS, examplePolicyFiles, seedAccessRepo, settleApp, startAppHarness } from "../helpers/app-harness.js";
import { PROD_PATH, prodRequest } from "../helpers/requests.js";

const GLOBEX = "globex/access";
let h: AppHarness | undefined;
afterEach(async () => h?.close());

async function mainFiles(harness: AppHarness, fullName: string): Promise<string[]> {
  const [owner = "", repo = ""] = fullName.split("/");
  const { data } = await harness.github.octokitFor("carol").rest.git.getTree({ owner, repo, tree_sha: "main", recursive: "1" });
  return data.tree.filter((entry) => entry.type === "blob").map((entry) => entry.path ?? "");
}

async function pullAuthors(harness: AppHarness, fullName: string): Promise<string[]> {
  const [owner = "", repo = ""] = fullName.split("/");
  const { data } = await harness.github.octokitFor("carol").rest.pulls.list({ owner, repo, state: "all" });
  return data.map((pull) => pull.user?.login ?? "");
}

describe("installation events", () => {
  it("reconciles a configured access repo at once when a new installation reaches it, through that installation", async () => {
    let deps: AppDeps | undefined;
    h = await startAppHarness({
      clouds: true,
      settings: { accessRepos: ["acme/access", GLOBEX] },
      appFn: (d) => {
        deps = d;
        return createAccessPrApp(d);
      },
    });
    await seedAccessRepo(h.github);
    h.github.createOrg("globex");
    // A request on main that no approved merge backs (written while the app was not installed there).
    await h.github.createRepo(GLOBEX, { files: { "README.md": "# access\n", ".github/CODEOWNERS": EXAMPLE_CODEOWNERS, ...examplePolicyFiles(), [PROD_PATH]: prodRequest() } });
    await settleApp(h, deps);
    expect(await pullAuthors(h, GLOBEX)).toEqual([]);

    // No clock moves after this: only the installation event can make the app look now.
    const installation = h.github.installApp("globex");
    h.github.announceInstallation("carol", installation);
    await settleApp(h, deps);

    expect(await mainFiles(h, GLOBEX)).not.toContain(PROD_PATH);
    expect(await pullAuthors(h, GLOBEX)).toEqual(["access-pr[bot]"]);
    const reconciled = h.logs.filter((line) => line.msg === "access repo reachable: reconciling it now");
    expect(reconciled.map((line) => [line.repo, line.installation, line.action])).toEqual([[GLOBEX, installation, "created"]]);
    // acme/access, in the first installation, was not touched by globex's event.
    expect(await pullAuthors(h, "acme/access")).toEqual([]);
  });
});
