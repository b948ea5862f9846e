export { createGcpProvider } from "./gcp-provider.js";
export type { GcpLogger, GcpProvider, GcpProviderOptions } from "./gcp-provider.js";
export type { GcpEndpoint } from "./gcp-iam-client.js";
export { validateGcpGrant } from "./validate-gcp-grant.js";
export { bindingCondition, readOurCondition, TITLE_PREFIX } from "./gcp-binding.js";
export { gcpSetup } from "./gcp-setup.js";
