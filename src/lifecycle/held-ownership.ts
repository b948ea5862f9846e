/**
 * Several access repos may grant on the same project or subscription (one
 * app, or one per team). A listing there shows every access-pr grant; only
 * those whose cloud marker names this repo are this repo's to keep, extend
 * or remove as drift. A grant whose marker names no repo (a hand-edited
 * description) stays this repo's to judge, so an unreadable marker never
 * keeps access alive. Pure.
 */
import type { HeldGrant } from "../core/grant.js";

/**
 * @example
 *   ownHeld(await listHeld(…), "acme/access"); // drops grants marked "acme/access-eu"
 */
export function ownHeld(held: HeldGrant[], repo: string): HeldGrant[] {
  const ours = repo.toLowerCase();
  return held.filter((h) => h.repo === undefined || h.repo.toLowerCase() === ours);
}
