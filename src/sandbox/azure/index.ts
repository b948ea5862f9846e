export { startAzureEmulator } from "./start-azure-emulator.js";
export type { AzureEmulator, AzureEmulatorOptions } from "./start-azure-emulator.js";
export type { SeedAssignment } from "./azure-driver.js";
export { AZURE_ROUTES } from "./route-kit.js";
export { BUILT_IN_ROLES } from "./built-in-roles.js";
