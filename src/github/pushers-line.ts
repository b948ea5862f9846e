/**
 * The hidden line in the app's plan comment that records who pushed to the
 * pull request, e.g. `<!-- access-pr:pushers alice,mallory -->`. Every
 * writer of the plan comment carries it over, so a re-render never forgets
 * a pusher.
 */
const PREFIX = "<!-- access-pr:pushers ";
const SUFFIX = " -->";

/**
 * The logins recorded in a comment body; none when it has no pushers line.
 *
 * @example
 *   pushersIn("<!-- access-pr:plan -->\n…\n<!-- access-pr:pushers alice,mallory -->"); // ["alice", "mallory"]
 */
export function pushersIn(body: string | undefined | null): string[] {
  const line = (body ?? "").split("\n").find((l) => l.startsWith(PREFIX) && l.endsWith(SUFFIX));
  if (!line) return [];
  return line
    .slice(PREFIX.length, -SUFFIX.length)
    .split(",")
    .map((login) => login.trim())
    .filter((login) => /^[A-Za-z0-9-]+(\[bot\])?$/.test(login));
}

/**
 * The body with its pushers line set to these logins (at the end, replacing
 * any earlier one); no line at all when there are none.
 *
 * @example
 *   withPushers("<!-- access-pr:plan -->\n### access-pr plan", ["mallory"]);
 *   // "<!-- access-pr:plan -->\n### access-pr plan\n<!-- access-pr:pushers mallory -->"
 */
export function withPushers(body: string, logins: string[]): string {
  const kept = body
    .split("\n")
    .filter((l) => !(l.startsWith(PREFIX) && l.endsWith(SUFFIX)))
    .join("\n");
  const unique = [...new Set(logins)];
  return unique.length === 0 ? kept : `${kept}\n${PREFIX}${unique.join(",")}${SUFFIX}`;
}
