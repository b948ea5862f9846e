/**
 * The accounts behind IAM members, as Google's directory knows them. IAM
 * stores and returns a member's canonical spelling (e-mail addresses in lower
 * case, `@googlemail.com` as `@gmail.com`) and refuses a `user:`, `group:` or
 * `serviceAccount:` member with no account behind it (400 INVALID_ARGUMENT).
 *
 * @example
 *   const accounts = new IamAccounts();
 *   accounts.add("user:Alice@GoogleMail.com");
 *   accounts.canonical("user:ALICE@googlemail.com"); // "user:alice@gmail.com"
 *   accounts.knows("user:alice@gmail.com");          // true
 */
const EMAIL_KINDS = ["user:", "group:", "serviceAccount:"];

export class IamAccounts {
  private readonly known = new Set<string>();

  add(...members: string[]): void {
    for (const member of members) this.known.add(canonicalIamMember(member));
  }

  /** Members that name an account must name a known one; domains, federated principals and deleted members are not looked up. */
  knows(member: string): boolean {
    if (!EMAIL_KINDS.some((kind) => member.startsWith(kind))) return true;
    return this.known.has(canonicalIamMember(member));
  }

  canonical(member: string): string {
    return canonicalIamMember(member);
  }
}

/** The spelling IAM stores: e-mail and domain in lower case, Gmail's old domain replaced by its new one. */
export function canonicalIamMember(member: string): string {
  const kind = EMAIL_KINDS.find((k) => member.startsWith(k)) ?? (member.startsWith("domain:") ? "domain:" : undefined);
  if (!kind) return member;
  const value = member.slice(kind.length).toLowerCase();
  return `${kind}${kind === "domain:" ? value : value.replace(/@googlemail\.com$/, "@gmail.com")}`;
}
