import type { KeyObject } from "node:crypto";
import type { Clock } from "../../core/clock.js";
import { HttpError, notFound } from "./http-kit.js";
import { DEFAULT_PERMISSIONS } from "./installation-permissions.js";
import type { InstallationGrant } from "./installation-permissions.js";
import type { Org, Permission, Repo, Team, User } from "./model.js";
import { repository, simpleUser } from "./shapes-common.js";
import type { WebhookSender } from "./webhooks.js";

export interface AppInfo {
  appId: number;
  slug: string;
  installationId: number;
  privateKey: string;
  publicKey: KeyObject;
  webhookSecret: string;
  /** The org or user the app is installed on. */
  account: string;
}

export type Actor =
  | { kind: "user"; login: string }
  | { kind: "installation"; login: string; installationId: number; appId: number }
  | { kind: "app" }
  | { kind: "anonymous" };

const RANK: Record<Permission, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/** The emulator's whole state: people, repos, the clock and the webhook outbox. */
export class Hub {
  readonly users = new Map<string, User>();
  readonly orgs = new Map<string, Org>();
  readonly teams = new Map<string, Team>();
  readonly repos = new Map<string, Repo>();
  /** Installation tokens: token -> expiry (ms since epoch on the emulator's clock). */
  readonly installationTokens = new Map<string, number>();
  /** Which installation each installation token was issued for. */
  readonly tokenInstallation = new Map<string, number>();
  /** The app's installations: id -> the account (org or user) it is installed on, with all its repositories. */
  readonly installations = new Map<number, string>();
  /** What each of the app's installations was granted: permissions and repository selection. */
  readonly installationGrants = new Map<number, InstallationGrant>();
  /** Installation tokens of other GitHub Apps installed on the same org (token -> the app), e.g. a CI app. */
  readonly otherApps = new Map<string, { appId: number; slug: string; installationId: number }>();
  url = "";
  private lastId = 1000;

  constructor(
    readonly clock: Clock,
    readonly app: AppInfo,
    readonly webhooks: WebhookSender,
  ) {
    this.installations.set(app.installationId, app.account);
    this.installationGrants.set(app.installationId, { permissions: { ...DEFAULT_PERMISSIONS }, repositories: "all" });
  }

  /** The installation that holds `owner`'s repositories, if the app is installed there. */
  installationOf(owner: string): number | undefined {
    for (const [id, account] of this.installations) if (account.toLowerCase() === owner.toLowerCase()) return id;
    return undefined;
  }

  /** Another app's installation is on the app's own account (see GitHubEmulator.installAnotherApp). */
  private otherAppAccount(installationId: number): string | undefined {
    for (const other of this.otherApps.values()) if (other.installationId === installationId) return this.app.account;
    return undefined;
  }

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** GitHub timestamps: UTC, whole seconds. */
  now(): string {
    return this.clock.now().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  get botLogin(): string {
    return `${this.app.slug}[bot]`;
  }

  user(login: string): User {
    const user = this.users.get(login);
    if (!user) throw notFound();
    return user;
  }

  userByEmail(email: string): User | undefined {
    for (const user of this.users.values()) if (user.email === email) return user;
    return undefined;
  }

  repo(owner: string, name: string): Repo {
    const repo = this.repos.get(`${owner}/${name}`.toLowerCase());
    if (!repo) throw notFound();
    return repo;
  }

  team(org: string, slug: string): Team {
    const team = this.teams.get(`${org}/${slug}`.toLowerCase());
    if (!team) throw notFound();
    return team;
  }

  permission(repo: Repo, login: string): Permission {
    if (login === this.botLogin) return "write";
    for (const other of this.otherApps.values()) if (login === `${other.slug}[bot]`) return "write";
    const user = this.users.get(login);
    if (!user) return "none";
    if (user.admin || login === repo.owner) return "admin";
    return repo.collaborators.get(login) ?? (repo.private ? "none" : "read");
  }

  actorLogin(actor: Actor): string {
    if (actor.kind === "user" || actor.kind === "installation") return actor.login;
    throw new HttpError(401, "Requires authentication");
  }

  /** Answers 404 (unknown or invisible) or 403 (visible but not enough) like GitHub. */
  requireRepo(actor: Actor, owner: string, name: string, needed: Permission = "read"): Repo {
    const repo = this.repo(owner, name);
    const login = this.actorLogin(actor);
    const have = this.permission(repo, login);
    if (have === "none") throw notFound();
    // An installation token reaches only the repositories of its own installation, like GitHub.
    const reach = actor.kind === "installation" ? (this.installations.get(actor.installationId) ?? this.otherAppAccount(actor.installationId)) : undefined;
    if (actor.kind === "installation" && reach?.toLowerCase() !== repo.owner.toLowerCase()) throw notFound();
    if (RANK[have] < RANK[needed]) throw new HttpError(403, "Resource not accessible by integration");
    return repo;
  }

  /** Queues a signed webhook for a repository event; sent after the answer that caused it. */
  emit(event: string, repo: Repo | null, sender: string, fields: Record<string, unknown>): void {
    const payload: Record<string, unknown> = { ...fields };
    if (repo) {
      payload.repository = repository(this, repo);
      const owner = this.users.get(repo.owner);
      if (owner?.type === "Organization") {
        const org = this.orgs.get(owner.login);
        if (org) payload.organization = this.organizationShape(org);
      }
    }
    payload.sender = simpleUser(this, this.users.get(sender) ?? this.user(this.botLogin));
    // An app hears only of repositories it is installed on.
    const installation = repo ? this.installationOf(repo.owner) : this.app.installationId;
    if (installation === undefined) return;
    const selected = this.installationGrants.get(installation)?.repositories ?? "all";
    if (repo && selected !== "all" && !selected.some((name) => name.toLowerCase() === repo.fullName.toLowerCase())) return;
    payload.installation ??= { id: installation, node_id: Buffer.from(`Installation${installation}`).toString("base64") };
    this.webhooks.send(event, payload);
  }

  organizationShape(org: Org): Record<string, unknown> {
    const url = `${this.url}/orgs/${org.login}`;
    return {
      login: org.login,
      id: org.id,
      node_id: Buffer.from(`Organization${org.id}`).toString("base64"),
      url,
      repos_url: `${url}/repos`,
      events_url: `${url}/events`,
      hooks_url: `${url}/hooks`,
      issues_url: `${url}/issues`,
      members_url: `${url}/members{/member}`,
      public_members_url: `${url}/public_members{/member}`,
      avatar_url: `${this.url}/avatars/${org.login}`,
      description: null,
    };
  }
}
