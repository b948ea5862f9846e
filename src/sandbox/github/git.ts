import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";

/** Who and when, as git records it. `date` is a Date from the emulator's clock. */
export interface GitSignature {
  name: string;
  email: string;
  date: Date;
}

export interface GitCommitData {
  sha: string;
  tree: string;
  parents: string[];
  author: GitSignature;
  committer: GitSignature;
  message: string;
}

export interface TreeEntry {
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  path: string;
  size?: number;
}

/** One path set to a blob (`sha`) or removed (`sha: null`). */
export interface TreeChange {
  path: string;
  sha: string | null;
  mode?: string;
}

/** git's change letters as GitHub names them (`T`, a change of type such as file to symlink, is `changed`). */
const STATUS: Record<string, DiffEntry["status"]> = { A: "added", D: "removed", M: "modified", R: "renamed", C: "copied", T: "changed" };

export interface DiffEntry {
  path: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed";
  /** The path before a rename or copy. */
  previousPath?: string;
  oldSha: string | null;
  newSha: string | null;
  additions: number;
  deletions: number;
}

export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const ZERO = "0".repeat(40);

function signatureEnv(prefix: "AUTHOR" | "COMMITTER", sig: GitSignature): Record<string, string> {
  return {
    [`GIT_${prefix}_NAME`]: sig.name,
    [`GIT_${prefix}_EMAIL`]: sig.email,
    [`GIT_${prefix}_DATE`]: `${Math.floor(sig.date.getTime() / 1000)} +0000`,
  };
}

function parseSignature(line: string): GitSignature {
  const match = /^(.*) <(.*)> (\d+) [+-]\d{4}$/.exec(line);
  if (!match) throw new GitError(`unreadable signature: ${line}`, 1);
  return { name: match[1] ?? "", email: match[2] ?? "", date: new Date(Number(match[3]) * 1000) };
}

/**
 * A bare repository driven through git plumbing, so every write the emulator
 * makes is a real commit and `git log` is a real audit trail.
 *
 * @example
 *   const repo = await GitRepo.init("/tmp/acme/access.git");
 *   const blob = await repo.hashBlob("hello\n");
 *   const tree = await repo.writeTree(null, [{ path: "README.md", sha: blob }]);
 */
const FULL_SHA = /^[0-9a-f]{40}$/;

export class GitRepo {
  /** Answers about objects that can never change (a full sha names the same commit forever), kept per repo. */
  private readonly fixed = new Map<string, Promise<unknown>>();

  constructor(readonly path: string) {}

  /** `ask` once per key when every sha in it is a full one; a failed answer is asked again next time. */
  private once<T>(key: string, shas: string[], ask: () => Promise<T>): Promise<T> {
    if (!shas.every((sha) => FULL_SHA.test(sha))) return ask();
    const known = this.fixed.get(key) as Promise<T> | undefined;
    if (known) return known;
    const answer = ask();
    this.fixed.set(key, answer);
    answer.catch(() => this.fixed.delete(key));
    return answer;
  }

  static async init(path: string): Promise<GitRepo> {
    const repo = new GitRepo(path);
    await repo.run(["init", "--bare", "--quiet", "--initial-branch=main", path], { noGitDir: true });
    return repo;
  }

  async run(
    args: string[],
    options: { input?: string | Buffer; env?: Record<string, string>; okCodes?: number[]; noGitDir?: boolean } = {},
  ): Promise<{ stdout: Buffer; code: number }> {
    const env: Record<string, string | undefined> = {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_TERMINAL_PROMPT: "0",
      ...options.env,
    };
    if (!options.noGitDir) env.GIT_DIR = this.path;
    return new Promise((resolve, reject) => {
      const input = options.input;
      const child = spawn("git", args, { env, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
      child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
      child.on("error", reject);
      child.on("close", (code) => {
        const exit = code ?? 1;
        if (exit !== 0 && !(options.okCodes ?? []).includes(exit)) {
          reject(new GitError(`git ${args[0]} failed: ${Buffer.concat(err).toString().trim()}`, exit));
        } else {
          resolve({ stdout: Buffer.concat(out), code: exit });
        }
      });
      if (input !== undefined && child.stdin) {
        // A command that fails early closes its stdin; its exit code tells the story, not EPIPE.
        child.stdin.on("error", () => undefined);
        child.stdin.end(input);
      }
    });
  }

  private async text(args: string[], input?: string): Promise<string> {
    return (await this.run(args, { input })).stdout.toString("utf8").trim();
  }

  async hashBlob(content: string | Buffer): Promise<string> {
    return (await this.run(["hash-object", "-w", "--stdin"], { input: content })).stdout.toString().trim();
  }

  async readBlob(sha: string): Promise<Buffer> {
    return (await this.run(["cat-file", "blob", sha])).stdout;
  }

  async objectType(sha: string): Promise<string | null> {
    const { stdout, code } = await this.run(["cat-file", "-t", sha], { okCodes: [1, 128] });
    return code === 0 ? stdout.toString().trim() : null;
  }

  /** Resolves a branch, tag, `refs/...` name or sha to a commit sha; null when unknown. */
  async resolveCommit(ref: string): Promise<string | null> {
    if (ref.startsWith("-") || ref.length === 0) return null;
    const resolve = async () => {
      const { stdout, code } = await this.run(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { okCodes: [1, 128] });
      return code === 0 ? stdout.toString().trim() : null;
    };
    // A full sha that names a commit always will; one that does not yet may later (it is not kept).
    if (!FULL_SHA.test(ref)) return resolve();
    const found = await this.once(`commit ${ref}`, [ref], async () => {
      const sha = await resolve();
      if (sha === null) throw new Error("not a commit yet");
      return sha;
    }).catch(() => null);
    return found;
  }

  async readRef(ref: string): Promise<string | null> {
    const { stdout, code } = await this.run(["rev-parse", "--verify", "--quiet", ref], { okCodes: [1, 128] });
    return code === 0 ? stdout.toString().trim() : null;
  }

  /** Moves `ref`; with `expected`, fails unless the ref still points there (ZERO-less create when null). */
  async updateRef(ref: string, sha: string, expected?: string | null): Promise<void> {
    const args = ["update-ref", ref, sha];
    if (expected !== undefined) args.push(expected ?? ZERO);
    await this.run(args);
  }

  async deleteRef(ref: string): Promise<void> {
    await this.run(["update-ref", "-d", ref]);
  }

  async listRefs(prefix: string): Promise<Array<{ ref: string; sha: string }>> {
    const out = await this.text(["for-each-ref", "--format=%(refname) %(objectname)", prefix]);
    return out
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [ref = "", sha = ""] = line.split(" ");
        return { ref, sha };
      });
  }

  async lsTree(treeish: string, options: { path?: string; recursive?: boolean } = {}): Promise<TreeEntry[]> {
    const args = ["-c", "core.quotePath=false", "ls-tree", "-l", "-z"];
    if (options.recursive) args.push("-r", "-t");
    args.push(treeish);
    if (options.path !== undefined) args.push("--", options.path);
    const out = (await this.run(args)).stdout.toString("utf8");
    return out
      .split("\0")
      .filter(Boolean)
      .map((line) => {
        const [meta = "", path = ""] = line.split("\t");
        const [mode = "", type = "", sha = "", size = "-"] = meta.split(/\s+/);
        const entry: TreeEntry = { mode, type: type as TreeEntry["type"], sha, path };
        if (size !== "-") entry.size = Number(size);
        return entry;
      });
  }

  /** Applies `changes` to `baseTree` (or an empty tree) through a throwaway index; returns the new tree sha. */
  async writeTree(baseTree: string | null, changes: TreeChange[]): Promise<string> {
    const env = { GIT_INDEX_FILE: join(this.path, `index-${randomBytes(6).toString("hex")}`) };
    try {
      await this.run(baseTree ? ["read-tree", baseTree] : ["read-tree", "--empty"], { env });
      const lines = changes.map((c) => `${c.sha ? (c.mode ?? "100644") : "0"} ${c.sha ?? ZERO}\t${c.path}\n`).join("");
      await this.run(["update-index", "--index-info"], { env, input: lines });
      return (await this.run(["write-tree"], { env })).stdout.toString().trim();
    } finally {
      await rm(env.GIT_INDEX_FILE, { force: true });
    }
  }

  async commitTree(data: Omit<GitCommitData, "sha">): Promise<string> {
    const args = ["commit-tree", data.tree];
    for (const parent of data.parents) args.push("-p", parent);
    const env = { ...signatureEnv("AUTHOR", data.author), ...signatureEnv("COMMITTER", data.committer) };
    return (await this.run([...args, "-F", "-"], { env, input: data.message })).stdout.toString().trim();
  }

  async readCommit(sha: string): Promise<GitCommitData> {
    const commit = await this.once(`read ${sha}`, [sha], () => this.parseCommit(sha));
    return { ...commit, parents: [...commit.parents], author: { ...commit.author }, committer: { ...commit.committer } };
  }

  private async parseCommit(sha: string): Promise<GitCommitData> {
    const raw = (await this.run(["cat-file", "commit", sha])).stdout.toString("utf8");
    const split = raw.indexOf("\n\n");
    const headers = (split === -1 ? raw : raw.slice(0, split)).split("\n");
    const message = split === -1 ? "" : raw.slice(split + 2);
    const commit: GitCommitData = { sha, tree: "", parents: [], author: parseSignature("x <x> 0 +0000"), committer: parseSignature("x <x> 0 +0000"), message };
    for (const header of headers) {
      const space = header.indexOf(" ");
      const key = header.slice(0, space);
      const value = header.slice(space + 1);
      if (key === "tree") commit.tree = value;
      else if (key === "parent") commit.parents.push(value);
      else if (key === "author") commit.author = parseSignature(value);
      else if (key === "committer") commit.committer = parseSignature(value);
    }
    return commit;
  }

  /** Three-way merge of two commits without a worktree; `tree` is null when they conflict. */
  async mergeTree(ours: string, theirs: string): Promise<{ tree: string | null }> {
    const { stdout, code } = await this.run(["merge-tree", "--write-tree", "--no-messages", ours, theirs], { okCodes: [1] });
    return { tree: code === 0 ? (stdout.toString().split("\n")[0] ?? "").trim() : null };
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    return this.once(`base ${a} ${b}`, [a, b], async () => {
      const { stdout, code } = await this.run(["merge-base", a, b], { okCodes: [1] });
      return code === 0 ? stdout.toString().trim() : null;
    });
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    return this.once(`ancestor ${ancestor} ${descendant}`, [ancestor, descendant], async () => {
      const { code } = await this.run(["merge-base", "--is-ancestor", ancestor, descendant], { okCodes: [1] });
      return code === 0;
    });
  }

  /**
   * Of the commits reachable from `tips`, those that descend from `ancestor` (it excluded): one git call,
   * where asking `isAncestor` of each tip would cost one each.
   */
  async descendantsOf(ancestor: string, tips: string[]): Promise<Set<string>> {
    if (tips.length === 0) return new Set();
    const out = await this.text(["rev-list", "--ancestry-path", "--stdin"], [`^${ancestor}`, ...tips, ""].join("\n"));
    return new Set(out.split("\n").filter(Boolean));
  }

  /** Commits reachable from `to` but not from `from`, oldest first. */
  async commitsBetween(from: string | null, to: string): Promise<string[]> {
    const range = from ? [`${from}..${to}`] : [to];
    const out = await this.text(["rev-list", "--reverse", ...range]);
    return out.split("\n").filter(Boolean);
  }

  /** Commits that touched `path` (or all), newest first. */
  async log(from: string, path?: string): Promise<string[]> {
    const args = ["log", "--format=%H", from];
    if (path) args.push("--", path);
    return (await this.text(args)).split("\n").filter(Boolean);
  }

  /**
   * What changed between two commits. With `renames`, git's rename detection
   * (`-M`, 50% similarity) reports a moved file as one `renamed` entry with
   * its previous path, as GitHub's pulls, compare and commit APIs do.
   */
  async diff(from: string, to: string, options: { renames?: boolean } = {}): Promise<DiffEntry[]> {
    const base = ["-c", "core.quotePath=false", "diff-tree", "-r", options.renames ? "-M" : "--no-renames", "-z"];
    const raw = (await this.run([...base, "--raw", from, to])).stdout.toString("utf8").split("\0");
    const stats = (await this.run([...base, "--numstat", from, to])).stdout.toString("utf8").split("\0");
    const counts = new Map<string, [number, number]>();
    for (let i = 0; i < stats.length; i++) {
      const [adds, dels, path] = (stats[i] ?? "").split("\t");
      if (path === undefined) continue;
      // A rename's numstat names no path on its own line: the old and new paths follow it.
      const key = path === "" ? (stats[(i += 2)] ?? "") : path;
      counts.set(key, [Number(adds) || 0, Number(dels) || 0]);
    }
    const entries: DiffEntry[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const meta = (raw[i] ?? "").split(" ");
      const letter = (meta[4] ?? "M").charAt(0);
      const moved = letter === "R" || letter === "C";
      const previousPath = moved ? (raw[i + 1] ?? "") : undefined;
      if (moved) i += 1;
      const path = raw[i + 1] ?? "";
      const [additions, deletions] = counts.get(path) ?? [0, 0];
      entries.push({
        path,
        status: STATUS[letter] ?? "modified",
        ...(previousPath !== undefined ? { previousPath } : {}),
        oldSha: letter === "A" ? null : (meta[2] ?? null),
        newSha: letter === "D" ? null : (meta[3] ?? null),
        additions,
        deletions,
      });
    }
    return entries;
  }

}
