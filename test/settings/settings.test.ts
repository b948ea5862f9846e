import { describe, expect, it } from "vitest";
import { readSettings } from "../../src/settings.js";

describe("readSettings", () => {
  it("defaults to a one-minute sweep and a ten-minute reconcile against the real clouds", () => {
    expect(readSettings({})).toEqual({ sweepSeconds: 60, reconcileSeconds: 600 });
  });

  it("reads emulator endpoints", () => {
    const settings = readSettings({ ACCESS_PR_GCP_ENDPOINT: "http://127.0.0.1:8085/", ACCESS_PR_AZURE_ENDPOINT: "https://127.0.0.1:8443", ACCESS_PR_AZURE_CA_FILE: "/tmp/ca.pem" });
    expect(settings).toMatchObject({ gcpEndpoint: "http://127.0.0.1:8085", azureEndpoint: "https://127.0.0.1:8443", azureCaFile: "/tmp/ca.pem" });
  });

  it.each([
    ["ACCESS_PR_SWEEP_SECONDS", "1", 'ACCESS_PR_SWEEP_SECONDS="1" is not valid: give a whole number of seconds, at least 5 (default 60).'],
    ["ACCESS_PR_SWEEP_SECONDS", "ten", 'ACCESS_PR_SWEEP_SECONDS="ten" is not valid: give a whole number of seconds, at least 5 (default 60).'],
    ["ACCESS_PR_RECONCILE_SECONDS", "2.5", 'ACCESS_PR_RECONCILE_SECONDS="2.5" is not valid: give a whole number of seconds, at least 30 (default 600).'],
    ["ACCESS_PR_GCP_ENDPOINT", "ftp://x", 'ACCESS_PR_GCP_ENDPOINT="ftp://x" is not a URL: give one like https://127.0.0.1:8443, or unset it to use the real cloud.'],
  ])("refuses %s=%s with a message that says how to fix it", (name, value, message) => {
    expect(() => readSettings({ [name]: value })).toThrow(message);
  });
});
