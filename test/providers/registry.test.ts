import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/core/clock.js";
import { providerDefinitions } from "../../src/providers/definitions.js";
import type { ProviderLogger } from "../../src/providers/registry.js";
import { isProviderName, providerNames, providerSetups } from "../../src/providers/registry.js";
import { buildProviders } from "../../src/server.js";
import { cloudProbes } from "../../src/observe/cloud-probes.js";

const srcDir = fileURLToPath(new URL("../../src/", import.meta.url));
const providersDir = join(srcDir, "providers");
const folders = readdirSync(providersDir).filter((entry) => statSync(join(providersDir, entry)).isDirectory());
const quiet: ProviderLogger = { child: () => ({ debug: () => {}, info: () => {}, warn: () => {} }) };
const settings = { sweepSeconds: 60, reconcileSeconds: 600, accessRepos: [] };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("provider registry", () => {
  it("registers every provider folder under src/providers, with a definition and a setup", () => {
    expect(folders.sort()).toEqual([...providerNames].sort());
    expect(Object.keys(providerDefinitions).sort()).toEqual([...providerNames].sort());
  });

  it.each(providerNames)("files %s's definition and setup under its own name", (name) => {
    expect(providerDefinitions[name].name).toBe(name);
    expect(providerSetups[name].readiness(settings).name).toBe(name);
  });

  it("is what the server builds its providers from: every registered provider, in registry order", async () => {
    const built = buildProviders(settings, systemClock, quiet);
    try {
      expect([...built.providers.keys()]).toEqual(providerNames);
      for (const [name, provider] of built.providers) expect(provider.name).toBe(name);
    } finally {
      await built.close();
    }
  });

  it("is what the readiness probes come from", () => {
    expect(cloudProbes(settings).map((p) => p.name)).toEqual(providerNames);
  });

  it("is the only way into a provider folder: nothing outside src/providers and the sandbox imports one", () => {
    const outside = sourceFiles(srcDir).filter((file) => !file.startsWith(`${providersDir}/`) && !file.startsWith(join(srcDir, "sandbox") + "/"));
    const reaching = outside.flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return folders.filter((folder) => new RegExp(`from "[./]*/?providers/${folder}/`).test(text)).map((folder) => `${relative(srcDir, file)} imports providers/${folder}/`);
    });
    expect(reaching).toEqual([]);
  });

  it("knows unknown provider names are unknown", () => {
    expect(isProviderName("gcp")).toBe(true);
    expect(isProviderName("aws")).toBe(false);
    expect(isProviderName("__proto__")).toBe(false);
  });
});
