/**
 * The access repo of the examples on the embedded GitHub: this repo's
 * access-policies/, a CODEOWNERS that routes each request folder to its
 * approvers, and the people and teams the examples name. Tests and the bench
 * start from it; the sandbox story has its own cast.
 *
 * @example
 *   await seedExampleAccessRepo(world.github);
 *   await seedExampleAccessRepo(world.github, { engineers: ["eng-01", "eng-02"], files: { "access-policies/identities.yaml": "..." } });
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { GitHubEmulator } from "./github/index.js";

export const EXAMPLE_ACCESS_REPO = "acme/access";

export const EXAMPLE_CODEOWNERS = [
  "# Platform owns everything not named below.",
  "* @acme/platform",
  "/access-policies/ @acme/security",
  "/.github/ @acme/security",
  "/requests/gcp/prod/ @acme/sre",
  "/requests/gcp/dev/ @acme/payments-leads",
  "/requests/azure/ @acme/sre",
  "",
].join("\n");

// The same path from src/sandbox and dist/sandbox.
const root = fileURLToPath(new URL("../../", import.meta.url));

/** The example policies and identities shipped in this repo's access-policies/. */
export function examplePolicyFiles(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(`${root}access-policies`)
      .filter((name) => name.endsWith(".yaml"))
      .map((name) => [`access-policies/${name}`, readFileSync(`${root}access-policies/${name}`, "utf8")]),
  );
}

export interface ExampleSeedOptions {
  /** Files over (or beside) the examples on main. */
  files?: Record<string, string>;
  /** More payments engineers beside alice and paula, created as users with write access. */
  engineers?: string[];
}

/**
 * The people and teams of the examples, and the access repo with the example
 * policies and CODEOWNERS on main. alice: payments engineer; bob: SRE;
 * carol: org admin and security; dave: SRE invitation still pending; erin:
 * contractor; mallory: an SRE who is alice's second account; paula: payments lead.
 */
export async function seedExampleAccessRepo(github: GitHubEmulator, options: ExampleSeedOptions = {}): Promise<{ headSha: string }> {
  const engineers = options.engineers ?? [];
  const writers = ["alice", "bob", "dave", "erin", "mallory", "paula", ...engineers];
  for (const login of writers) github.createUser(login);
  github.createUser("carol", { admin: true });
  github.createTeam("acme", "payments-eng", { active: ["alice", "paula", ...engineers] });
  github.createTeam("acme", "sre", { active: ["bob", "mallory"], pending: ["dave"] });
  github.createTeam("acme", "security", { active: ["carol"] });
  github.createTeam("acme", "platform", { active: ["carol"] });
  github.createTeam("acme", "payments-leads", { active: ["paula"] });
  const repo = await github.createRepo(EXAMPLE_ACCESS_REPO, {
    files: { "README.md": "# access\n", ".github/CODEOWNERS": EXAMPLE_CODEOWNERS, ...examplePolicyFiles(), ...options.files },
    collaborators: Object.fromEntries(writers.map((login) => [login, "write" as const])),
    // The teams CODEOWNERS names can write, so GitHub asks them for reviews itself (About code owners).
    teams: Object.fromEntries(["platform", "security", "sre", "payments-leads"].map((slug) => [`acme/${slug}`, "write" as const])),
  });
  return { headSha: repo.headSha };
}
