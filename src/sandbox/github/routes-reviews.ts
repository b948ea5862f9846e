import type { GitHubRouter } from "./call.js";
import { HttpError, field, optional, page } from "./http-kit.js";
import type { Review } from "./model.js";
import { withRepoLock } from "./model.js";
import { findPull } from "./pull-ops.js";
import { reviewEventPullShape, reviewShape } from "./shapes-pull.js";

const P = "/repos/{owner}/{repo}/pulls/{pull_number}";
const STATES = { APPROVE: "APPROVED", REQUEST_CHANGES: "CHANGES_REQUESTED", COMMENT: "COMMENTED" } as const;

export function reviewRoutes(router: GitHubRouter): void {
  router.on(`POST ${P}/reviews`, async ({ hub, actor, params, body }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const login = hub.actorLogin(actor);
    return withRepoLock(repo, async () => {
      const pull = findPull(repo, params.pull_number);
      const event = optional<string>(body, "event") ?? "";
      const state = STATES[event as keyof typeof STATES];
      if (!state) throw new HttpError(422, `Unprocessable Entity: "event" must be one of APPROVE, REQUEST_CHANGES, COMMENT`);
      const text = optional<string>(body, "body") ?? "";
      if (pull.state !== "open") throw new HttpError(422, "Unprocessable Entity: Can not review a closed pull request");
      if (login === pull.user && state !== "COMMENTED") {
        const verb = state === "APPROVED" ? "approve" : "request changes on";
        throw new HttpError(422, `Unprocessable Entity: Can not ${verb} your own pull request`);
      }
      if (state !== "APPROVED" && !text) throw new HttpError(422, `Unprocessable Entity: Review Comment body is required when using ${event}`);
      const review: Review = { id: hub.nextId(), user: login, state, body: text, commitId: optional<string>(body, "commit_id") ?? pull.headSha, submittedAt: hub.now() };
      pull.reviews.push(review);
      pull.requestedReviewers = pull.requestedReviewers.filter((r) => r !== login);
      hub.emit("pull_request_review", repo, login, {
        action: "submitted",
        review: { ...reviewShape(hub, repo, pull, review), state: state.toLowerCase() },
        pull_request: await reviewEventPullShape(hub, repo, pull),
      });
      return { body: reviewShape(hub, repo, pull, review) };
    });
  });

  router.on(`GET ${P}/reviews`, async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const pull = findPull(repo, params.pull_number);
    return page(pull.reviews.map((r) => reviewShape(hub, repo, pull, r)), query, `${hub.url}/repos/${repo.fullName}/pulls/${pull.number}/reviews`);
  });

  router.on(`PUT ${P}/reviews/{review_id}/dismissals`, async ({ hub, actor, params, body }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "", "write");
    const login = hub.actorLogin(actor);
    const message = field(body, "message");
    return withRepoLock(repo, async () => {
      const pull = findPull(repo, params.pull_number);
      const review = pull.reviews.find((r) => r.id === Number(params.review_id));
      if (!review) throw new HttpError(404, "Not Found");
      if (review.state !== "APPROVED" && review.state !== "CHANGES_REQUESTED") {
        throw new HttpError(422, "Unprocessable Entity: Can not dismiss a commented pull request review");
      }
      review.state = "DISMISSED";
      hub.emit("pull_request_review", repo, login, {
        action: "dismissed",
        review: { ...reviewShape(hub, repo, pull, review), state: "dismissed", body: message },
        pull_request: await reviewEventPullShape(hub, repo, pull),
      });
      return { body: reviewShape(hub, repo, pull, review) };
    });
  });
}
