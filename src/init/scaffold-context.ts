/** What the scaffold's templates are filled with. */
export interface ScaffoldContext {
  /** GitHub organization that owns the teams named in CODEOWNERS and policies, e.g. "acme". */
  org: string;
  /** Version of access-pr that wrote the scaffold. */
  version: string;
  /** The access-pr GitHub Action the CI workflow runs, pinned to a commit; a placeholder to replace when absent. */
  action?: ActionRef;
}

/** A GitHub Action by repository and full commit sha, e.g. { repo: "acme/access-pr", sha: "3f2a…" (40 hex) }. */
export interface ActionRef {
  repo: string;
  sha: string;
}

/** Written when init is not told which commit to run; Actions refuses to resolve it, so CI fails until it is replaced. */
export const ACTION_PLACEHOLDER: ActionRef = { repo: "OWNER/access-pr", sha: "0000000000000000000000000000000000000000" };

/**
 * Parses `--action-ref OWNER/REPO@SHA`; only a full 40-hex commit sha pins code (a tag or branch can be moved).
 *
 * @example
 *   parseActionRef("acme/access-pr@3f2a9c…") // { repo: "acme/access-pr", sha: "3f2a9c…" }
 */
export function parseActionRef(text: string): ActionRef | string {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/[A-Za-z0-9._-]{1,100})@([^@]*)$/.exec(text);
  if (!match) return `--action-ref ${JSON.stringify(text)} is not OWNER/REPO@SHA, e.g. --action-ref acme/access-pr@<40-hex commit sha>`;
  const repo = match[1] ?? "";
  const sha = match[2] ?? "";
  if (!/^[0-9a-f]{40}$/.test(sha)) return `--action-ref ${JSON.stringify(text)}: "${sha}" is not a full commit sha (40 lowercase hex digits); a tag or branch can be moved to other code, a commit cannot`;
  return { repo, sha };
}

/** One file of the scaffold, path relative to the access repo's root with `/` separators. */
export interface ScaffoldFile {
  path: string;
  content: string;
}

/**
 * Where editors find the JSON Schemas: inside the npm package, installed in
 * the access repo with `npm install --save-dev access-pr`. A relative path
 * (not a URL) so editor help works offline and matches the pinned version.
 *
 * @example
 *   schemaPath("policy", 1) // "../node_modules/access-pr/dist/schemas/policy.schema.json"
 */
export function schemaPath(kind: "policy" | "identities" | "request", depth: number): string {
  return `${"../".repeat(depth)}node_modules/access-pr/dist/schemas/${kind}.schema.json`;
}

/** GitHub organization names: letters, digits and single hyphens, at most 39 characters. */
export const ORG_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
