/**
 * What the clouds hold for a person, looked at from outside the app (the
 * emulators' own view), so the story can show grants appearing and going.
 *
 * @example
 *   const held = cloudAccess(world, "alice");
 *   held.gcp.held; held.gcp.condition; // true, 'request.time < timestamp("2026-11-24T10:05:00Z")'
 */
import type { AzureEmulator } from "../azure/index.js";
import type { GcpEmulator } from "../gcp/gcp-emulator.js";
import { AZURE_SCOPE, GCP_PROJECT, member } from "./cast.js";

export const GCP_RESOURCE = `projects/${GCP_PROJECT}`;
export const GCP_ROLE = "roles/cloudsql.client";
export const AZURE_ROLE = "Reader";

export interface CloudAccess {
  gcp: { held: boolean; condition: string | null };
  azure: { held: boolean; heldAfter: boolean | null };
}

/** Does `login` hold the story's GCP and Azure roles now (and, when `end` is given, still a second after it)? */
export function cloudAccess(clouds: { gcp: GcpEmulator; azure: AzureEmulator }, login: string, end?: Date): CloudAccess {
  const person = member(login);
  const binding = clouds.gcp.getPolicy(GCP_RESOURCE).bindings.find((b) => b.role === GCP_ROLE && b.members.includes(person.gcp));
  return {
    gcp: { held: clouds.gcp.holds(GCP_RESOURCE, person.gcp, GCP_ROLE), condition: binding?.condition?.expression ?? null },
    azure: {
      held: clouds.azure.holds(AZURE_SCOPE, person.azureObjectId, AZURE_ROLE),
      heldAfter: end ? clouds.azure.holds(AZURE_SCOPE, person.azureObjectId, AZURE_ROLE, new Date(end.getTime() + 1000)) : null,
    },
  };
}
