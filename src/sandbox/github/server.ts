import type { IncomingMessage, ServerResponse } from "node:http";
import { playFault } from "../faults.js";
import type { Faults } from "../faults.js";
import type { AnswerObservers } from "./answers.js";
import { authenticate } from "./auth.js";
import type { GitHubRouter } from "./call.js";
import type { Hub } from "./hub.js";
import { HttpError, errorBody, readBody, sendJson } from "./http-kit.js";
import { requireInstallationGrant } from "./installation-permissions.js";
import { etagOf, matchesIfNoneMatch } from "./conditional.js";
import type { ContentLimiter } from "./content-limit.js";
import { GIT_PUSH_HEADER, isContentGenerating, limitKeyOf, secondaryLimitError } from "./content-limit.js";

/** The request path GitHub Enterprise clients use (`/api/v3/...`) and github.com's, alike. */
function routePath(url: URL): string {
  const path = url.pathname.replace(/\/+$/, "") || "/";
  return path.startsWith("/api/v3/") ? path.slice("/api/v3".length) : path;
}

export function createHandler(hub: Hub, router: GitHubRouter, faults: Faults, observers?: AnswerObservers, limiter?: ContentLimiter) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const matched = router.match(method, routePath(url));
    const fault = faults.take(matched?.template ?? `${method} ${routePath(url)}`);
    if (await playFault(fault, req, (status, body) => sendJson(res, status, body), (status) => ({ message: `Sandbox fault: ${status}`, documentation_url: "https://docs.github.com/rest" }))) return;
    try {
      const raw = await readBody(req);
      if (!matched) throw new HttpError(404, "Not Found");
      let body: unknown = undefined;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString("utf8"));
        } catch {
          throw new HttpError(400, "Problems parsing JSON");
        }
      }
      const actor = authenticate(hub, req.headers.authorization);
      requireInstallationGrant(hub, actor, matched.template, matched.params);
      // GitHub's secondary limit on content creation, per installation or user (content-limit.ts).
      const key = limitKeyOf(actor);
      const gitPush = actor.kind === "user" && req.headers[GIT_PUSH_HEADER] === "true";
      if (limiter && key !== undefined && !gitPush && isContentGenerating(method, matched.template, body)) {
        const retryAfter = limiter.admit(key);
        if (retryAfter !== undefined) throw secondaryLimitError(retryAfter);
      }
      const result = await matched.handler({ hub, actor, query: url.searchParams, body, params: matched.params });
      const status = result.status ?? 200;
      if (method === "GET" && status === 200) {
        const etag = etagOf(JSON.stringify(result.body ?? null));
        if (matchesIfNoneMatch(req.headers["if-none-match"], etag)) {
          res.writeHead(304, { etag, ...result.headers }).end();
          return;
        }
        sendJson(res, status, result.body, { etag, ...result.headers });
        observers?.notify({ method, template: matched.template, status, body: result.body, actor });
        return;
      }
      sendJson(res, status, status === 204 ? undefined : result.body, result.headers);
      observers?.notify({ method, template: matched.template, status, body: status === 204 ? undefined : result.body, actor });
    } catch (error) {
      if (error instanceof HttpError) {
        sendJson(res, error.status, errorBody(error), error.headers);
      } else {
        const message = error instanceof Error ? error.message : String(error);
        sendJson(res, 500, { message: `Sandbox GitHub failed: ${message}` });
      }
    }
  };
}
