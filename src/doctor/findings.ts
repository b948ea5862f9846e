/** One result of `access-pr doctor`: what was checked, whether it holds, and how to fix it when it does not. */
export interface Finding {
  check: string;
  ok: boolean;
  /** What was found, in a sentence. */
  detail: string;
  /** What to do, for a failed check. */
  fix?: string;
}

const RANK: Record<string, number> = { none: 0, read: 1, write: 2, admin: 3 };

/**
 * Compares what the installation was granted with what app.yml asks for.
 *
 * @example
 *   permissionFindings({ contents: "read" }, { contents: "write" })[0].ok // false
 */
export function permissionFindings(granted: Record<string, string | undefined>, wanted: Record<string, string>): Finding[] {
  return Object.entries(wanted).map(([name, level]) => {
    const has = granted[name] ?? "none";
    const ok = (RANK[has] ?? 0) >= (RANK[level] ?? 0);
    const check = name === "members" ? "permission members (Members: read)" : `permission ${name}`;
    const why = name === "members" ? " Without it every team approver counts as absent, so team-approved requests never pass." : "";
    return ok
      ? { check, ok, detail: `${name}: ${has} (needs ${level})` }
      : {
          check,
          ok,
          detail: `the installation has ${name}: ${has}, the app needs ${name}: ${level}.${why}`,
          fix: `In the GitHub App's settings → Permissions & events, set ${name} to ${level === "read" ? "Read-only" : "Read and write"}; then an organization owner accepts the new permissions under Settings → GitHub Apps → access-pr.`,
        };
  });
}

export function renderFindings(findings: Finding[], format: "text" | "json"): string {
  if (format === "json") return JSON.stringify({ ok: findings.every((f) => f.ok), findings }, null, 2);
  const lines = findings.flatMap((f) => [`${f.ok ? "ok  " : "FAIL"} ${f.check}: ${f.detail}`, ...(f.fix ? [`     fix: ${f.fix}`] : [])]);
  const failed = findings.filter((f) => !f.ok).length;
  lines.push(failed === 0 ? `${findings.length} checks passed` : `${failed} of ${findings.length} checks failed`);
  return lines.join("\n");
}
