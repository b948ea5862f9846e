/**
 * The bearer token the server and the CLI send to a cloud endpoint on
 * loopback (the embedded emulators) instead of real credentials. Starting
 * the Azure emulator with it lets a separate process talk to that emulator.
 */
export const LOOPBACK_EMULATOR_TOKEN = "access-pr-emulator-token";
