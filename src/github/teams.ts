import type { GitHubClient } from "./client.js";
import { hasStatus } from "./client.js";

/**
 * Which of `logins` are ACTIVE members of each "org/team" (invariant 5:
 * pending invitations do not count). One call per (team, login) pair, only
 * for the people whose membership matters: reviewers and the requester.
 */
export async function resolveActiveMembers(gh: GitHubClient, teams: string[], logins: string[]): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  await Promise.all(
    [...new Set(teams)].map(async (team) => {
      const [org, slug] = team.split("/");
      result[team] = [];
      if (!org || !slug) return;
      for (const login of new Set(logins)) {
        try {
          const { data } = await gh.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username: login });
          if (data.state === "active") result[team].push(login);
        } catch (error) {
          if (!hasStatus(error, 404)) throw error;
        }
      }
    }),
  );
  return result;
}
