export { GitHubEmulator } from "./emulator.js";
export type { AppCredentials, CreateRepoOptions, GitHubEmulatorOptions, RulesetInput } from "./emulator.js";
export { Person } from "./person.js";
export type { FileEdits, OpenedPull } from "./person.js";
export type { Delivery } from "./webhooks.js";
export { sign } from "./webhooks.js";
export type { BypassActor, Permission, Protection, Ruleset, RulesetRule } from "./model.js";
export type { InstallationGrant, Permissions } from "./installation-permissions.js";
