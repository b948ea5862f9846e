/**
 * Who and what the sandbox story is about: the org, its people and teams,
 * and the cloud resources they ask for. Identities use fixed ids so every
 * run prints the same story.
 */

export const ORG = "acme";
export const ACCESS_REPO = `${ORG}/access`;
export const GCP_PROJECT = "payments-prod";
export const AZURE_SUBSCRIPTION = "5f0c2b6e-8d1a-4f3e-9c77-2a1b3c4d5e6f";
export const AZURE_RESOURCE_GROUP = "payments";
export const AZURE_SCOPE = `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/${AZURE_RESOURCE_GROUP}`;

export interface CastMember {
  login: string;
  role: string;
  team: string;
  gcp: string;
  azureObjectId: string;
}

/** The people of the story, with the team each is an active member of. */
export const CAST: readonly CastMember[] = [
  { login: "alice", role: "payments engineer", team: "payments-eng", gcp: "user:alice@acme.example", azureObjectId: "3f2504e0-4f89-41d3-9a0c-0305e82c3301" },
  { login: "bob", role: "SRE", team: "sre", gcp: "user:bob@acme.example", azureObjectId: "7c9e6679-7425-40de-944b-e07fc1f90ae7" },
  { login: "carol", role: "security engineer", team: "security", gcp: "user:carol@acme.example", azureObjectId: "9a1c7e2b-3d4f-4b6a-8c9d-0e1f2a3b4c5d" },
  { login: "dave", role: "payments engineer", team: "payments-eng", gcp: "user:dave@acme.example", azureObjectId: "b2d4f6a8-1c3e-4a5b-9d7f-8e6c4a2b0d1f" },
  { login: "erin", role: "SRE", team: "sre", gcp: "user:erin@acme.example", azureObjectId: "c4e6a8b0-2d4f-4c6e-8a0b-1c3e5a7c9e2b" },
];

export const TEAMS = ["payments-eng", "sre", "security"] as const;

export function member(login: string): CastMember {
  const found = CAST.find((m) => m.login === login);
  if (!found) throw new Error(`${login} is not in the sandbox cast`);
  return found;
}
