/** What the scaffold's templates are filled with. */
export interface ScaffoldContext {
  /** GitHub organization that owns the teams named in CODEOWNERS and policies, e.g. "acme". */
  org: string;
  /** Version of access-pr that wrote the scaffold; the CI workflow pins it. */
  version: string;
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
