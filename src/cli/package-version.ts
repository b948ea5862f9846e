import { readFileSync } from "node:fs";

/** The version in the package.json shipped next to dist/, e.g. "0.1.0". */
export function packageVersion(): string {
  const raw = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  return (JSON.parse(raw) as { version: string }).version;
}
