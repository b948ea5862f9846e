/**
 * The live checks of `access-pr doctor`, through the same Probot app auth the
 * server uses: the app's credentials, its installation's permissions and
 * repository selection, the rules on the default branch, and whether the app's cloud identity may read the IAM
 * policy of every scope the access repo's policies name.
 *
 * @example
 *   const findings = await checkInstallation({ probot, repo: { owner: "acme", repo: "access" }, wanted, providers });
 */
import type { Probot } from "probot";
import { readConfigAt } from "../github/read-files.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { loadAccessConfig } from "../model/index.js";
import type { ProviderName } from "../core/grant.js";
import { providerDefinitions } from "../providers/definitions.js";
import type { ProviderRegistry } from "../providers/registry.js";
import { rulesFindings } from "./check-rules.js";
import type { Finding } from "./findings.js";
import { permissionFindings } from "./findings.js";

export interface DoctorInput {
  probot: Probot;
  repo: RepoRef;
  /** app.yml's default_permissions. */
  wanted: Record<string, string>;
  providers: ProviderRegistry;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function checkInstallation(input: DoctorInput): Promise<Finding[]> {
  const { probot, repo } = input;
  const name = `${repo.owner}/${repo.repo}`;
  let installation: { id: number; app_id?: number; permissions?: Record<string, string | undefined>; repository_selection?: string };
  try {
    const appClient = await probot.auth();
    installation = (await appClient.rest.apps.getRepoInstallation({ ...repo })).data;
  } catch (error) {
    const status = (error as { status?: number }).status;
    return [
      status === 404
        ? { check: "installation", ok: false, detail: `the app is not installed on ${name}`, fix: `Install the app on ${name} (Settings → GitHub Apps → access-pr → Configure), with "Only select repositories".` }
        : { check: "app credentials", ok: false, detail: `GitHub refused the app (${message(error)})`, fix: "Check APP_ID and PRIVATE_KEY / PRIVATE_KEY_PATH against the app's settings page; a key can be regenerated there." },
    ];
  }
  const findings: Finding[] = [{ check: "app credentials", ok: true, detail: `authenticated as the app; installation ${installation.id} covers ${name}` }];
  findings.push(...permissionFindings(installation.permissions ?? {}, input.wanted));

  const gh = (await probot.auth(installation.id)) as GitHubClient;
  const repos = await gh.paginate(gh.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
  const onlyThis = installation.repository_selection === "selected" && repos.length === 1 && repos[0]?.full_name.toLowerCase() === name.toLowerCase();
  findings.push(
    onlyThis
      ? { check: "repository selection", ok: true, detail: `the installation covers ${name} only` }
      : {
          check: "repository selection",
          ok: false,
          detail: `the installation covers ${installation.repository_selection === "all" ? "all repositories" : `${repos.length} repositories`} (${repos.map((r) => r.full_name).slice(0, 5).join(", ")}${repos.length > 5 ? ", …" : ""}), not ${name} alone`,
          fix: `Under Settings → GitHub Apps → access-pr → Configure, choose "Only select repositories" and select ${name} only: the app writes to every repository it can reach.`,
        },
  );

  const { data: repository } = await gh.rest.repos.get({ ...repo });
  if (installation.app_id !== undefined) findings.push(...(await rulesFindings(gh, repo, repository.default_branch, installation.app_id)));
  const { data: head } = await gh.rest.git.getRef({ ...repo, ref: `heads/${repository.default_branch}` });
  const files = new Map([...(await readConfigAt(gh, repo, head.object.sha))].filter((entry): entry is [string, Buffer] => entry[1] !== null));
  const { config, problems } = loadAccessConfig(files);
  if (problems.length > 0) {
    findings.push({ check: "policies", ok: false, detail: `${problems.length} problem(s) in the policies on ${repository.default_branch}, e.g. ${problems[0]?.file}:${problems[0]?.line}: ${problems[0]?.message}`, fix: "Run access-pr validate in a checkout of the access repo and fix each problem." });
  }
  const scopes = new Map<string, { provider: ProviderName; scope: string }>();
  for (const rule of config.rules) for (const scope of rule.scopes) if (!scope.includes("*")) scopes.set(`${rule.provider} ${scope}`, { provider: rule.provider, scope });
  for (const { provider: providerName, scope } of scopes.values()) {
    const provider = [...input.providers.values()].find((p) => p.name === providerName);
    const check = `${providerName} IAM policy of ${scope}`;
    if (!provider) {
      findings.push({ check, ok: false, detail: `no ${providerName} provider is configured`, fix: "Configure the provider's credentials (see the README's cloud identities)." });
      continue;
    }
    try {
      await provider.list(scope);
      findings.push({ check, ok: true, detail: "readable by the app's cloud identity" });
    } catch (error) {
      findings.push({ check, ok: false, detail: message(error), fix: `${providerDefinitions[providerName].accessFix} (${scope}).` });
    }
  }
  return findings;
}
