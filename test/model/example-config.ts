// The repo's own access-policies/ as file contents, the way the app and CLI feed the loader.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadAccessConfig } from "../../src/model/access-config.js";
import type { AccessConfig } from "../../src/model/types.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

export function exampleFiles(): Map<string, string | Uint8Array> {
  return new Map(readdirSync(`${root}access-policies`).map((name) => [`access-policies/${name}`, readFileSync(`${root}access-policies/${name}`)]));
}

export function exampleConfig(): AccessConfig {
  const { config, problems } = loadAccessConfig(exampleFiles());
  if (problems.length > 0) throw new Error(`example policies are broken: ${JSON.stringify(problems)}`);
  return config;
}

export const NOW = new Date("2026-11-24T08:00:00Z");
