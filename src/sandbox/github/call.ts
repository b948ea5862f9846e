import type { Actor, Hub } from "./hub.js";
import type { Router } from "./http-kit.js";

/** What a route handler gets: the state, the caller, and the parsed request. */
export interface Call {
  hub: Hub;
  actor: Actor;
  query: URLSearchParams;
  body: unknown;
}

export type GitHubRouter = Router<Call>;
