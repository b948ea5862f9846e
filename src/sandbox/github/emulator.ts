import { Octokit } from "@octokit/rest";
import { createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "../../core/clock.js";
import { systemClock } from "../../core/clock.js";
import { Faults } from "../faults.js";
import { ContentLimiter, GITHUB_CONTENT_CREATION } from "./content-limit.js";
import type { ContentLimits } from "./content-limit.js";
import type { AnswerObserver } from "./answers.js";
import { AnswerObservers } from "./answers.js";
import type { GitHubRouter } from "./call.js";
import { GitRepo } from "./git.js";
import { graphqlRoutes } from "./graphql.js";
import { Hub } from "./hub.js";
import { DEFAULT_PERMISSIONS } from "./installation-permissions.js";
import type { InstallationGrant } from "./installation-permissions.js";
import { Router } from "./http-kit.js";
import type { Permission, Protection, Repo, Ruleset, User } from "./model.js";

/** A ruleset as `createRuleset` takes it: the name, targets and rules; active, with no bypass, unless given. */
export type RulesetInput = Pick<Ruleset, "name" | "include" | "rules"> & Partial<Pick<Ruleset, "enforcement" | "exclude" | "bypassActors">>;
import { Person } from "./person.js";
import { activityRoutes } from "./routes-activity.js";
import { checkRoutes } from "./routes-checks.js";
import { commitPullRoutes, installationRepoRoutes } from "./routes-commit-pulls.js";
import { gitRoutes } from "./routes-git.js";
import { issueRoutes } from "./routes-issues.js";
import { orgRoutes } from "./routes-orgs.js";
import { pullRoutes } from "./routes-pulls.js";
import { recordActivity } from "./refs.js";
import { repoRoutes } from "./routes-repo.js";
import { reviewRoutes } from "./routes-reviews.js";
import { rulesetRoutes } from "./routes-rulesets.js";
import { createHandler } from "./server.js";
import type { DeliveryOptions } from "./delivery-order.js";
import type { Delivery } from "./webhooks.js";
import { WebhookSender } from "./webhooks.js";

export interface GitHubEmulatorOptions {
  /** The one clock: every timestamp and commit date comes from it (default: system clock). */
  clock?: Clock;
  /** Where webhooks go; settable later through `webhookUrl`. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** Directory for the bare repos (default: a temp dir, removed on close unless `keep`). */
  dir?: string;
  keep?: boolean;
  /** The org the app is installed on (created at start). Default "acme". */
  org?: string;
  appSlug?: string;
  appId?: number;
  installationId?: number;
  /** How webhooks go out (default: shuffled, like GitHub, from a random seed; see DeliveryOptions). */
  delivery?: Partial<DeliveryOptions>;
  /**
   * GitHub's secondary limit on content creation per installation and per user, on the clock
   * (default: GitHub's 80 a minute and 500 an hour; "off" counts and refuses nothing). Changeable later through `contentLimit.limits`.
   */
  contentLimits?: ContentLimits | "off";
}

/** What the app needs to run against the emulator (Probot's appId, privateKey, secret). */
export interface AppCredentials {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  installationId: number;
  slug: string;
}

export interface CreateRepoOptions {
  files?: Record<string, string>;
  private?: boolean;
  protection?: Protection;
  /** Per-user permission; everyone else reads (public) or sees nothing (private). */
  collaborators?: Record<string, Permission>;
  /** Per-team permission ("org/slug"), as Settings → Collaborators and teams grants it; code-owner teams need write. */
  teams?: Record<string, Permission>;
  /** Login recorded as author of the initial commit (default: the owner). */
  author?: string;
}

/**
 * An embedded GitHub on 127.0.0.1: real git repositories on disk, the REST
 * and GraphQL subset access-pr uses, signed webhooks, and a driver for tests.
 *
 * @example
 *   const gh = await GitHubEmulator.start({ clock, webhookUrl });
 *   gh.createUser("alice"); gh.createUser("carol", { admin: true });
 *   await gh.createRepo("acme/access", { files: { "README.md": "# access\n" }, protection: { requiredApprovals: 1 } });
 *   const pr = await gh.as("alice").openPullRequest("acme/access", { title: "Access", files: { "requests/x.yaml": "reason: x\n" } });
 *   await gh.as("bob").approve("acme/access", pr.number);
 *   await gh.settled();
 *   await gh.close();
 */
export class GitHubEmulator {
  private constructor(
    readonly hub: Hub,
    /** Fault injection and call counts per route template, e.g. "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge". */
    readonly faults: Faults,
    private readonly server: Server,
    private readonly dir: string,
    private readonly removeDir: boolean,
    private readonly observers: AnswerObservers,
    /** GitHub's secondary limit on content creation: its limits (settable), and the requests it refused. */
    readonly contentLimit: ContentLimiter,
  ) {}

  static async start(options: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const secret = options.webhookSecret ?? randomBytes(16).toString("hex");
    const org = options.org ?? "acme";
    const hub = new Hub(
      options.clock ?? systemClock,
      {
        appId: options.appId ?? 4242,
        slug: options.appSlug ?? "access-pr",
        installationId: options.installationId ?? 7777,
        privateKey: pem,
        publicKey: createPublicKey(privateKey),
        webhookSecret: secret,
        account: org,
      },
      new WebhookSender(secret, options.webhookUrl, undefined, options.delivery),
    );
    const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "access-pr-github-")));
    await mkdir(dir, { recursive: true });
    const router: GitHubRouter = new Router();
    for (const register of [repoRoutes, activityRoutes, commitPullRoutes, installationRepoRoutes, gitRoutes, pullRoutes, reviewRoutes, issueRoutes, checkRoutes, orgRoutes, rulesetRoutes, graphqlRoutes]) register(router);
    const faults = new Faults();
    const server = createServer();
    const observers = new AnswerObservers();
    const contentLimit = new ContentLimiter(hub.clock, options.contentLimits === "off" ? undefined : (options.contentLimits ?? GITHUB_CONTENT_CREATION));
    const emulator = new GitHubEmulator(hub, faults, server, dir, !options.dir && !options.keep, observers, contentLimit);
    const handle = createHandler(hub, router, faults, observers, contentLimit);
    server.on("request", (req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    emulator.addUser(`${hub.app.slug}[bot]`, { type: "Bot" });
    emulator.createOrg(org);
    return emulator;
  }

  /** Octokit's `baseUrl` (paths with `/api/v3` work too). */
  get url(): string {
    return this.hub.url;
  }

  get app(): AppCredentials {
    const { appId, privateKey, webhookSecret, installationId, slug } = this.hub.app;
    return { appId, privateKey, webhookSecret, installationId, slug };
  }

  get webhookUrl(): string | undefined {
    return this.hub.webhooks.target;
  }

  set webhookUrl(url: string | undefined) {
    this.hub.webhooks.target = url;
  }

  /** How webhooks go out, with the seed that replays a shuffled run; the rates can be changed at any time (e.g. lose every delivery for a while). */
  get delivery(): Required<DeliveryOptions> {
    return this.hub.webhooks.options;
  }

  /** Delivery guids in the order their attempts started. */
  get started(): readonly string[] {
    return this.hub.webhooks.started;
  }

  get deliveries(): readonly Delivery[] {
    return this.hub.webhooks.deliveries;
  }

  redeliver(guid: string): Promise<Delivery> {
    return this.hub.webhooks.redeliver(guid);
  }

  /** Redelivers these together (shuffled: in the seed's order, overlapping) and waits until everything settled. */
  redeliverAll(guids: readonly string[]): Promise<Delivery[]> {
    return this.hub.webhooks.redeliverAll(guids);
  }

  /** Calls `observer` with every successful answer from now on (method, route template, status, body, caller); returns the unsubscribe. */
  observeAnswers(observer: AnswerObserver): () => void {
    return this.observers.add(observer);
  }

  /** Resolves once every webhook, including those caused by the app's own writes while handling, has been answered. */
  settled(): Promise<void> {
    return this.hub.webhooks.settled();
  }

  createOrg(login: string): void {
    this.addUser(login, { type: "Organization" });
    this.hub.orgs.set(login, { id: this.hub.user(login).id, login });
  }

  /**
   * A person with a token; `admin` makes them an org owner (admin on every repo, may bypass protection).
   * `bot` makes a bot account such as another app's or a workflow's `github-actions[bot]`, with a token of its own.
   */
  createUser(login: string, options: { admin?: boolean; name?: string; email?: string; bot?: boolean } = {}): { login: string; token: string } {
    const { bot, ...rest } = options;
    const user = this.addUser(login, { type: bot ? "Bot" : "User", ...rest });
    return { login, token: user.token };
  }

  /** An app's or a workflow's bot account (login ending in [bot]) with a token, e.g. to review as another app would. */
  createBot(login: string): { login: string; token: string } {
    const user = this.addUser(login, { type: "Bot" });
    return { login, token: user.token };
  }

  /** A team; `parent` nests it under another team of the org, whose membership then includes this team's members. */
  createTeam(org: string, slug: string, members: { active?: string[]; pending?: string[]; maintainers?: string[]; parent?: string } = {}): void {
    if (members.parent) this.hub.team(org, members.parent);
    const team = { id: this.hub.nextId(), org, slug, name: slug, members: new Map<string, "active" | "pending">(), maintainers: new Set(members.maintainers ?? []), ...(members.parent ? { parent: members.parent } : {}) };
    this.hub.teams.set(`${org}/${slug}`.toLowerCase(), team);
    for (const login of [...(members.active ?? []), ...(members.maintainers ?? [])]) this.setTeamMembership(org, slug, login, "active");
    for (const login of members.pending ?? []) this.setTeamMembership(org, slug, login, "pending");
  }

  /** Adds, changes (`active` | `pending`) or removes (`null`) a team membership. */
  setTeamMembership(org: string, slug: string, login: string, state: "active" | "pending" | null): void {
    this.hub.user(login);
    const team = this.hub.team(org, slug);
    if (state) team.members.set(login, state);
    else team.members.delete(login);
  }

  /** A repository whose default branch `main` holds `files` in one initial commit. */
  async createRepo(fullName: string, options: CreateRepoOptions = {}): Promise<{ fullName: string; headSha: string }> {
    const [owner = "", name = ""] = fullName.split("/");
    this.hub.user(owner);
    const git = await GitRepo.init(join(this.dir, owner, `${name}.git`));
    const changes = [];
    for (const [path, content] of Object.entries(options.files ?? {})) changes.push({ path, sha: await git.hashBlob(content) });
    const author = this.hub.user(options.author ?? owner);
    const signature = { name: author.name, email: author.email, date: this.hub.clock.now() };
    const tree = await git.writeTree(null, changes);
    const headSha = await git.commitTree({ tree, parents: [], message: "Initial commit\n", author: signature, committer: signature });
    await git.updateRef("refs/heads/main", headSha);
    const now = this.hub.now();
    const repo: Repo = {
      id: this.hub.nextId(),
      owner,
      name,
      fullName,
      private: options.private ?? false,
      defaultBranch: "main",
      createdAt: now,
      pushedAt: now,
      git,
      protection: options.protection ?? {},
      rulesets: [],
      collaborators: new Map(Object.entries(options.collaborators ?? {})),
      teamAccess: new Map(Object.entries(options.teams ?? {}).map(([team, permission]) => [team.toLowerCase(), permission])),
      pulls: new Map(),
      issues: new Map(),
      comments: new Map(),
      checkRuns: new Map(),
      statuses: [],
      labels: new Map(),
      activity: [],
      nextNumber: 1,
      lock: Promise.resolve(),
    };
    this.hub.repos.set(fullName.toLowerCase(), repo);
    recordActivity(this.hub, repo, author.login, "refs/heads/main", null, headSha, "branch_creation");
    return { fullName, headSha };
  }

  /**
   * Removes the activity-log entries that made `sha` a tip, as when GitHub has
   * not (yet) recorded a push: for testing that readers of the log fail closed.
   */
  forgetActivity(fullName: string, sha: string): number {
    const repo = this.repoOf(fullName);
    const before = repo.activity.length;
    repo.activity = repo.activity.filter((a) => a.after !== sha);
    return before - repo.activity.length;
  }

  /** Gives a team (`org/slug`) a permission on the repository, or takes its access away with `null`. */
  setTeamAccess(fullName: string, team: string, permission: Permission | null): void {
    this.hub.team(team.split("/")[0] ?? "", team.split("/")[1] ?? "");
    const repo = this.repoOf(fullName);
    repo.teamAccess ??= new Map();
    if (permission === null) repo.teamAccess.delete(team.toLowerCase());
    else repo.teamAccess.set(team.toLowerCase(), permission);
  }

  setProtection(fullName: string, protection: Protection): void {
    this.repoOf(fullName).protection = protection;
  }

  /**
   * Adds a branch ruleset (as Settings → Rules → Rulesets does) and returns its id.
   *
   * @example
   *   gh.createRuleset("acme/access", { name: "main", include: ["~DEFAULT_BRANCH"], rules: [{ type: "pull_request", parameters: { ...} }],
   *     bypassActors: [{ actor_id: gh.app.appId, actor_type: "Integration", bypass_mode: "pull_request" }] });
   */
  createRuleset(fullName: string, input: RulesetInput): number {
    const now = this.hub.now();
    const ruleset: Ruleset = { id: this.hub.nextId(), enforcement: "active", exclude: [], bypassActors: [], createdAt: now, updatedAt: now, ...input };
    this.repoOf(fullName).rulesets.push(ruleset);
    return ruleset.id;
  }

  /**
   * Installs the app on another org or user (all its repositories) and returns the installation id.
   * Its webhooks carry that id, and its tokens reach only that account's repositories.
   */
  installApp(account: string, id = this.hub.nextId()): number {
    this.hub.user(account);
    if (this.hub.installationOf(account) !== undefined) throw new Error(`the app is already installed on ${account}`);
    this.hub.installations.set(id, account);
    this.hub.installationGrants.set(id, { permissions: { ...DEFAULT_PERMISSIONS }, repositories: "all" });
    return id;
  }

  /**
   * Changes what an installation (default: the first) was granted, as an org owner does under
   * Settings → GitHub Apps → Configure: its permissions, and "all" or only the selected repositories.
   */
  configureInstallation(grant: Partial<InstallationGrant>, installationId = this.hub.app.installationId): void {
    const current = this.hub.installationGrants.get(installationId);
    if (!current) throw new Error(`no installation ${installationId}`);
    this.hub.installationGrants.set(installationId, { ...current, ...grant });
  }

  /** Sends `installation.created` for an installation (default: the first) and its repositories, as GitHub does on install. */
  announceInstallation(sender: string, installationId = this.hub.app.installationId): void {
    const account = this.hub.installations.get(installationId) ?? this.hub.app.account;
    const repositories = [...this.hub.repos.values()]
      .filter((r) => r.owner.toLowerCase() === account.toLowerCase())
      .map((r) => ({ id: r.id, node_id: "", name: r.name, full_name: r.fullName, private: r.private }));
    this.hub.emit("installation", null, sender, { action: "created", installation: { id: installationId, app_id: this.hub.app.appId, app_slug: this.hub.app.slug, account: { login: account } }, repositories });
  }

  /**
   * Installs another GitHub App on the org (a CI app, say) and returns an Octokit with its
   * installation token: it can create check runs on any repo, with any name, as its own.
   */
  installAnotherApp(slug: string, appId: number): Octokit {
    if (appId === this.hub.app.appId) throw new Error(`app id ${appId} is access-pr's own`);
    const token = `ghs_${randomBytes(18).toString("hex")}`;
    this.hub.otherApps.set(token, { appId, slug, installationId: appId * 10 + 1 });
    if (!this.hub.users.has(`${slug}[bot]`)) this.addUser(`${slug}[bot]`, { type: "Bot" });
    return new Octokit({ baseUrl: this.url, auth: token, log: { debug() {}, info() {}, warn() {}, error() {} } });
  }

  /** A real Octokit authenticated as `login` (retries off, logs quiet). */
  octokitFor(login: string): Octokit {
    const user = this.hub.user(login);
    return new Octokit({ baseUrl: this.url, auth: user.token, log: { debug() {}, info() {}, warn() {}, error() {} } });
  }

  /** Person-level actions ("alice opens a PR", "bob approves") through the emulator's own HTTP API. */
  as(login: string): Person {
    return new Person(this.octokitFor(login), login);
  }

  /** The bare git repository on disk, for `git log` audits. */
  repoPath(fullName: string): string {
    return this.repoOf(fullName).git.path;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    if (this.removeDir) await rm(this.dir, { recursive: true, force: true });
  }

  private repoOf(fullName: string): Repo {
    const [owner = "", name = ""] = fullName.split("/");
    return this.hub.repo(owner, name);
  }

  private addUser(login: string, options: { type: User["type"]; admin?: boolean; name?: string; email?: string }): User {
    if (this.hub.users.has(login)) throw new Error(`${login} already exists in the sandbox GitHub`);
    const user: User = {
      id: this.hub.nextId(),
      login,
      name: options.name ?? login,
      email: options.email ?? `${login.replace(/\[bot\]$/, "")}@users.noreply.sandbox.test`,
      type: options.type,
      admin: options.admin ?? false,
      token: options.type === "Organization" ? "" : `ghu_${randomBytes(18).toString("hex")}`,
    };
    this.hub.users.set(login, user);
    return user;
  }
}
