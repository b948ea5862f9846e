/**
 * GCP IAM members as IAM stores them. IAM returns a member in its account's
 * canonical spelling (e-mail addresses in lower case; `@googlemail.com` as
 * `@gmail.com`), so a member written any other way would never be found again
 * in a policy read back: a revoke would remove nothing. Pure.
 *
 * @example
 *   canonicalGcpMember("user:Alice@GoogleMail.com"); // "user:alice@gmail.com"
 *   sameGcpMember("user:BOB@acme.example", "user:bob@acme.example"); // true
 */
const EMAIL_KINDS = ["user:", "group:", "serviceAccount:"];

export function canonicalGcpMember(member: string): string {
  const kind = EMAIL_KINDS.find((k) => member.startsWith(k)) ?? (member.startsWith("domain:") ? "domain:" : undefined);
  if (!kind) return member;
  const value = member.slice(kind.length).toLowerCase();
  return kind === "domain:" ? `${kind}${value}` : `${kind}${value.replace(/@googlemail\.com$/, "@gmail.com")}`;
}

export function sameGcpMember(a: string, b: string): boolean {
  return canonicalGcpMember(a) === canonicalGcpMember(b);
}

/** Why a member is not written as IAM will return it, with the spelling to use; undefined when it is. */
export function nonCanonicalMemberProblem(member: string): string | undefined {
  const canonical = canonicalGcpMember(member);
  if (canonical === member) return undefined;
  return `GCP member "${member}" is not written as IAM stores it: IAM returns "${canonical}", and access-pr compares members as IAM returns them. Write "${canonical}"`;
}
