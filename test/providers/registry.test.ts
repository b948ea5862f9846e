import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isProviderName, providerModules, providerNames } from "../../src/providers/registry.js";

const providersDir = fileURLToPath(new URL("../../src/providers/", import.meta.url));

describe("provider registry", () => {
  it("registers every provider folder under src/providers", () => {
    const folders = readdirSync(providersDir).filter((entry) => statSync(`${providersDir}${entry}`).isDirectory());
    expect(folders.sort()).toEqual([...providerNames].sort());
  });

  it.each(providerNames)("%s's module exports a factory", async (name) => {
    const module = (await providerModules[name]()) as Record<string, unknown>;
    const factory = `create${name === "gcp" ? "Gcp" : "Azure"}Provider`;
    expect(typeof module[factory]).toBe("function");
  });

  it("knows unknown provider names are unknown", () => {
    expect(isProviderName("gcp")).toBe(true);
    expect(isProviderName("aws")).toBe(false);
    expect(isProviderName("__proto__")).toBe(false);
  });
});
