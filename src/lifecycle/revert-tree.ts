/**
 * What a revert commit may change, decided on whole trees: the tree of its
 * head must equal the tree of the default branch's tip minus exactly the
 * request files the app means to remove. Every entry counts — path, mode,
 * type and object — so an added file, a changed file, a mode change, a
 * symlink or a submodule anywhere is a difference. Pure: no GitHub here.
 */
import { code } from "../render/markdown.js";

/** One entry of a recursive git tree, as `GET /git/trees/{sha}?recursive=1` lists it. */
export interface TreeEntry {
  path: string;
  mode: string;
  type: string;
  sha: string;
  /** A blob's size in bytes, when the listing gives it. */
  size?: number;
}

const KIND: Record<string, string> = { "100755": "executable file", "120000": "symlink", "160000": "submodule", "040000": "directory" };
const kindOf = (entry: TreeEntry) => KIND[entry.mode] ?? (entry.type === "tree" ? "directory" : "file");
const withArticle = (kind: string) => `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;

function parentsOf(path: string): string[] {
  const parts = path.split("/");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
}

/** The leaves (everything but directories) of `tip` without `remove`, and the directories they still need. */
function expectedAfter(tip: TreeEntry[], remove: ReadonlySet<string>): { leaves: Map<string, TreeEntry>; dirs: Set<string> } {
  const leaves = new Map(tip.filter((e) => e.type !== "tree" && !remove.has(e.path)).map((e) => [e.path, e]));
  const dirs = new Set([...leaves.keys()].flatMap(parentsOf));
  // A directory that was empty on the tip (git data API trees can hold one) stays expected.
  const used = new Set(tip.filter((e) => e.type !== "tree").flatMap((e) => parentsOf(e.path)));
  for (const e of tip) if (e.type === "tree" && !used.has(e.path)) dirs.add(e.path);
  return { leaves, dirs };
}

/**
 * Every way `head` differs from `tip` minus `remove`, in words for a person;
 * empty when the head is exactly the removal.
 *
 * @example
 *   treeDifferences(tip, head, new Set(["requests/gcp/alice.yaml"]));
 *   // [] — or e.g. ["changes `access-policies/payments.yaml`", "makes `requests/x.yaml` an executable file (mode 100755)"]
 */
export function treeDifferences(tip: TreeEntry[], head: TreeEntry[], remove: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const onTip = new Map(tip.map((e) => [e.path, e]));
  for (const path of [...remove].sort()) {
    if (onTip.get(path)?.type !== "blob") problems.push(`was to remove ${code(path)}, which is not a file on the default branch`);
  }
  const { leaves, dirs } = expectedAfter(tip, remove);
  const seen = new Set<string>();
  const seenDirs = new Set<string>();
  for (const entry of [...head].sort((a, b) => a.path.localeCompare(b.path))) {
    if (entry.type === "tree") {
      seenDirs.add(entry.path);
      if (entry.mode !== "040000" || !dirs.has(entry.path)) problems.push(`adds the directory ${code(entry.path)}`);
      continue;
    }
    seen.add(entry.path);
    const want = leaves.get(entry.path);
    if (!want) {
      problems.push(remove.has(entry.path) ? `does not remove ${code(entry.path)}` : `adds the ${kindOf(entry)} ${code(entry.path)} (mode ${entry.mode})`);
    } else if (want.mode !== entry.mode || want.type !== entry.type) {
      problems.push(`makes ${code(entry.path)} ${withArticle(kindOf(entry))} (mode ${want.mode} → ${entry.mode})`);
    } else if (want.sha !== entry.sha) {
      problems.push(`changes ${code(entry.path)}`);
    }
  }
  for (const path of [...leaves.keys()].sort()) if (!seen.has(path)) problems.push(`deletes ${code(path)}`);
  for (const dir of [...dirs].sort()) if (!seenDirs.has(dir)) problems.push(`deletes the directory ${code(dir)}`);
  return problems;
}

/**
 * The files `head` removes from `base` when that is ALL it does (only
 * deletions of files matching `removable`); undefined when it changes
 * anything else or removes nothing.
 *
 * @example
 *   cleanRemoval(tipTree, headTree, isRequestPath); // ["requests/gcp/alice.yaml"]
 */
export function cleanRemoval(base: TreeEntry[], head: TreeEntry[], removable: (path: string) => boolean): string[] | undefined {
  const inHead = new Set(head.filter((e) => e.type !== "tree").map((e) => e.path));
  const removed = base.filter((e) => e.type === "blob" && !inHead.has(e.path)).map((e) => e.path).sort();
  if (removed.length === 0 || !removed.every(removable)) return undefined;
  return treeDifferences(base, head, new Set(removed)).length === 0 ? removed : undefined;
}
