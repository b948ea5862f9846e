import { describe, expect, it } from "vitest";
import type { ChangedFile } from "../../src/core/pull.js";
import { isOwnRevert } from "../../src/evaluate/app-revert.js";
import type { PullAuthor } from "../../src/evaluate/app-revert.js";
import { decidePull } from "../../src/evaluate/decide-pull.js";
import { PROD_PATH, pull, requestFacts } from "./facts.js";

const BOT = "access-pr[bot]";
const app: PullAuthor = { login: BOT, type: "Bot" };
const removed: ChangedFile[] = [{ path: PROD_PATH, status: "removed" }];

function evaluation(files: ChangedFile[], author = BOT) {
  return decidePull(requestFacts({ pull: pull(files, { author, contributors: [author] }), requestFiles: new Map() }));
}

describe("isOwnRevert: only the installation's own bot, only deletions of request files", () => {
  it.each<[string, ChangedFile[], PullAuthor, string | undefined, boolean]>([
    ["the app deleting a request file", removed, app, BOT, true],
    ["the app deleting two request files", [...removed, { path: "requests/gcp/dev/b.yaml", status: "removed" }], app, BOT, true],
    ["a person deleting a request file", removed, { login: "alice", type: "User" }, BOT, false],
    ["another app's bot", removed, { login: "other-app[bot]", type: "Bot" }, BOT, false],
    ["a user whose login spells the bot's", removed, { login: BOT, type: "User" }, BOT, false],
    ["the app, when its own login is unknown", removed, app, undefined, false],
    ["the app adding a request file", [{ path: PROD_PATH, status: "added" }], app, BOT, false],
    ["the app deleting a request file and the README", [...removed, { path: "README.md", status: "modified" }], app, BOT, false],
    ["the app renaming a request file", [{ path: "requests/gcp/prod/b.yaml", previousPath: PROD_PATH, status: "renamed" }], app, BOT, false],
  ])("%s", (_name, files, author, botLogin, expected) => {
    expect(isOwnRevert(evaluation(files, author.login), author, botLogin)).toBe(expected);
  });
});
