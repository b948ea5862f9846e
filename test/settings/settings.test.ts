import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isAccessRepo, readSettings } from "../../src/settings.js";

describe("readSettings", () => {
  it("defaults to a one-minute sweep and a ten-minute reconcile against the real clouds", () => {
    expect(readSettings({})).toEqual({ sweepSeconds: 60, reconcileSeconds: 600, accessRepos: [] });
  });

  it("reads the access repos, trimmed, first spelling kept, duplicates in any case collapsed", () => {
    expect(readSettings({ ACCESS_PR_REPOS: " acme/access , Acme/Access-Sandbox,ACME/access" }).accessRepos).toEqual(["acme/access", "Acme/Access-Sandbox"]);
    expect(readSettings({ ACCESS_PR_REPOS: "my-org/access.repo_1", NODE_ENV: "production" }).accessRepos).toEqual(["my-org/access.repo_1"]);
  });

  it.each([[undefined], [""], ["  "]])("refuses to run in production with ACCESS_PR_REPOS=%j, saying what to set", (value) => {
    const env = value === undefined ? { NODE_ENV: "production" } : { NODE_ENV: "production", ACCESS_PR_REPOS: value };
    expect(() => readSettings(env)).toThrow(
      "ACCESS_PR_REPOS is not set: name the access repo(s) the app may grant from, e.g. ACCESS_PR_REPOS=acme/access (comma-separated owner/repo). In production the server does not start without it, so that no other repository the app can see grants access.",
    );
  });

  it.each([
    ["acme", '"acme"'],
    ["acme/access/extra", '"acme/access/extra"'],
    ["https://github.com/acme/access", '"https://github.com/acme/access"'],
    ["acme/*", '"acme/*"'],
    ["acme/access,", '""'],
    ["-acme/access", '"-acme/access"'],
    ["acme/..", '"acme/.."'],
    ["acme/access repo", '"acme/access repo"'],
  ])("refuses ACCESS_PR_REPOS=%s, naming the entry and the form", (value, entry) => {
    expect(() => readSettings({ ACCESS_PR_REPOS: value })).toThrow(
      `ACCESS_PR_REPOS=${JSON.stringify(value)} is not valid: ${entry} is not a repository as owner/repo. Give the access repos comma-separated, e.g. ACCESS_PR_REPOS=acme/access or ACCESS_PR_REPOS=acme/access,acme/access-sandbox.`,
    );
  });

  it.each([
    ["acme/access", true],
    ["ACME/Access", true],
    ["acme/access-other", false],
    ["other/access", false],
    ["acme/acces", false],
  ])("isAccessRepo(['acme/access'], %s) is %s, without regard to case as on GitHub", (name, expected) => {
    expect(isAccessRepo(["acme/access"], name)).toBe(expected);
    expect(isAccessRepo([], name)).toBe(false);
  });

  it("reads emulator endpoints", () => {
    const ca = join(mkdtempSync(join(tmpdir(), "settings-")), "ca.pem");
    writeFileSync(ca, "-----BEGIN CERTIFICATE-----\n");
    const settings = readSettings({ ACCESS_PR_GCP_ENDPOINT: "http://127.0.0.1:8085/", ACCESS_PR_AZURE_ENDPOINT: "https://127.0.0.1:8443", ACCESS_PR_AZURE_CA_FILE: ca });
    expect(settings).toMatchObject({ gcpEndpoint: "http://127.0.0.1:8085", azureEndpoint: "https://127.0.0.1:8443", azureCaFile: ca });
  });

  it("names ACCESS_PR_AZURE_CA_FILE when the file is missing", () => {
    const missing = join(mkdtempSync(join(tmpdir(), "settings-")), "nope.pem");
    expect(() => readSettings({ ACCESS_PR_AZURE_CA_FILE: missing })).toThrow(`ACCESS_PR_AZURE_CA_FILE=${JSON.stringify(missing)} cannot be read (ENOENT): give the path of a readable PEM file, or unset it.`);
  });

  it("accepts pino's levels and names LOG_LEVEL and the choices for anything else", () => {
    for (const level of ["trace", "debug", "info", "warn", "error", "fatal", "silent"]) expect(() => readSettings({ LOG_LEVEL: level } as NodeJS.ProcessEnv)).not.toThrow();
    expect(() => readSettings({ LOG_LEVEL: "verbose" } as unknown as NodeJS.ProcessEnv)).toThrow('LOG_LEVEL="verbose" is not a log level: use one of trace, debug, info, warn, error, fatal, silent (default info).');
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
