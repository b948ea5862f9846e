import { describe, expect, it } from "vitest";
import { cleanRemoval, treeDifferences } from "../../src/lifecycle/revert-tree.js";
import type { TreeEntry } from "../../src/lifecycle/revert-tree.js";

const blob = (path: string, sha = `${path.length}`.padStart(40, "a"), mode = "100644"): TreeEntry => ({ path, mode, type: "blob", sha });
const dir = (path: string): TreeEntry => ({ path, mode: "040000", type: "tree", sha: "d".repeat(40) });
const ALICE = "requests/gcp/alice.yaml";
const BOB = "requests/gcp/bob.yaml";
const TIP: TreeEntry[] = [dir("access-policies"), blob("access-policies/gcp.yaml"), dir("requests"), dir("requests/gcp"), blob(ALICE, "1".repeat(40)), blob(BOB, "2".repeat(40))];
const without = (...paths: string[]) => TIP.filter((e) => !paths.includes(e.path));
const isRequest = (p: string) => p.startsWith("requests/");

describe("a revert's tree is the tip's minus exactly the files it removes", () => {
  it("removes the last files of a directory together with the directory", () => {
    expect(treeDifferences(TIP, without(ALICE, BOB, "requests/gcp", "requests"), new Set([ALICE, BOB]))).toEqual([]);
  });

  it.each<[string, TreeEntry[], string[]]>([
    ["exactly the removal", without(ALICE), []],
    ["a policy changed too", [...without(ALICE, "access-policies/gcp.yaml"), blob("access-policies/gcp.yaml", "f".repeat(40))], ["changes `access-policies/gcp.yaml`"]],
    ["an executable bit on a policy", [...without(ALICE, "access-policies/gcp.yaml"), blob("access-policies/gcp.yaml", undefined, "100755")], ["makes `access-policies/gcp.yaml` an executable file (mode 100644 → 100755)"]],
    ["a symlink added", [...without(ALICE), blob("requests/gcp/x.yaml", "e".repeat(40), "120000")], ["adds the symlink `requests/gcp/x.yaml` (mode 120000)"]],
    ["a submodule added", [...without(ALICE), dir("vendor"), { path: "vendor/x", mode: "160000", type: "commit", sha: "c".repeat(40) }], ["adds the directory `vendor`", "adds the submodule `vendor/x` (mode 160000)"]],
    ["a file added", [...without(ALICE), blob("access-policies/extra.yaml")], ["adds the file `access-policies/extra.yaml` (mode 100644)"]],
    ["another request removed as well", without(ALICE, BOB), ["deletes `requests/gcp/bob.yaml`"]],
    ["nothing removed", TIP, ["does not remove `requests/gcp/alice.yaml`"]],
    ["a file turned into a directory", [...without(ALICE, "access-policies/gcp.yaml"), dir("access-policies/gcp.yaml"), blob("access-policies/gcp.yaml/x")], ["adds the directory `access-policies/gcp.yaml`", "adds the file `access-policies/gcp.yaml/x` (mode 100644)", "deletes `access-policies/gcp.yaml`"]],
  ])("%s", (_, head, problems) => {
    expect(treeDifferences(TIP, head, new Set([ALICE]))).toEqual(problems);
  });

  it("refuses to call a removal of a file that is not on the tip exact", () => {
    expect(treeDifferences(without(ALICE), without(ALICE), new Set([ALICE]))).toEqual(["was to remove `requests/gcp/alice.yaml`, which is not a file on the default branch"]);
  });

  it.each<[string, TreeEntry[], string[] | undefined]>([
    ["one request", without(ALICE), [ALICE]],
    ["two requests", without(ALICE, BOB, "requests/gcp", "requests"), [ALICE, BOB]],
    ["a policy", without("access-policies/gcp.yaml", "access-policies"), undefined],
    ["a request and a mode change", [...without(ALICE, "access-policies/gcp.yaml"), blob("access-policies/gcp.yaml", undefined, "100755")], undefined],
    ["nothing", TIP, undefined],
  ])("reads what a clean revert removes from its tree alone: %s", (_, head, removed) => {
    expect(cleanRemoval(TIP, head, isRequest)).toEqual(removed);
  });
});
