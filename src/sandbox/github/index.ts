export { GitHubEmulator } from "./emulator.js";
export type { AppCredentials, CreateRepoOptions, GitHubEmulatorOptions } from "./emulator.js";
export { Person } from "./person.js";
export type { FileEdits, OpenedPull } from "./person.js";
export type { Delivery } from "./webhooks.js";
export { sign } from "./webhooks.js";
export type { Permission, Protection } from "./model.js";
export type { DeliveryOptions } from "./delivery-order.js";
export { parseSeed, randomSeed } from "./delivery-order.js";
