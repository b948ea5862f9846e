import type { OwnerKind } from "./types.js";

const USER = /^@[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const TEAM = /^@[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Classifies a CODEOWNERS owner as written, or returns undefined when GitHub
 * would reject it. Example: `ownerKind("@acme/sre") === "team"`.
 */
export function ownerKind(owner: string): OwnerKind | undefined {
  if (USER.test(owner)) return "user";
  if (TEAM.test(owner)) return "team";
  if (EMAIL.test(owner)) return "email";
  return undefined;
}

/** `@alice` -> `alice`, `@acme/sre` -> `acme/sre`; emails unchanged. */
export function ownerName(owner: string): string {
  return owner.startsWith("@") ? owner.slice(1) : owner;
}
