/**
 * What this process remembers of its own writes to GitHub, so it need not read
 * them back: its marked comments (own-comments.ts) and the revert commits it
 * built (own-reverts.ts). One per app, handed to each client the
 * app makes (a webhook event's, a lifecycle run's). A client without it reads
 * everything from GitHub, as a restarted process or another replica does.
 *
 * @example
 *   attachOwnWrites(app, new OwnWrites());        // once, in createAccessPrApp
 *   withOwnWrites(context.octokit, ownWritesOfApp(app)); // per client
 *   ownWritesOf(gh)?.comments.known(repo, 12, "plan");
 */
import { OwnComments } from "./own-comments.js";
import { OwnReverts } from "./own-reverts.js";

export class OwnWrites {
  readonly comments = new OwnComments();
  readonly reverts = new OwnReverts();
}

const ofApp = new WeakMap<object, OwnWrites>();
const ofClient = new WeakMap<object, OwnWrites>();

/** Gives the app (a Probot instance) its memory of its own writes; a new one stands for a new process. */
export function attachOwnWrites(app: object, writes: OwnWrites): OwnWrites {
  ofApp.set(app, writes);
  return writes;
}

export function ownWritesOfApp(app: object): OwnWrites | undefined {
  return ofApp.get(app);
}

/** Lets this client's writers use (and add to) the app's memory; without one the client reads in full. */
export function withOwnWrites<T extends object>(gh: T, writes: OwnWrites | undefined): T {
  if (writes) ofClient.set(gh, writes);
  return gh;
}

export function ownWritesOf(gh: object): OwnWrites | undefined {
  return ofClient.get(gh);
}
