import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { END, START, readmePlanSection } from "./readme-plan.js";

const README = fileURLToPath(new URL("../../README.md", import.meta.url));

describe("README", () => {
  it("shows the plan comment and both checks exactly as the renderers write them", () => {
    const text = readFileSync(README, "utf8");
    const section = readmePlanSection();
    if (process.env.UPDATE_README === "1") {
      const from = text.indexOf(START);
      const updated = from >= 0 ? text.slice(0, from) + section + text.slice(text.indexOf(END) + END.length) : text.replace("<!-- plan -->", section);
      writeFileSync(README, updated);
      return;
    }
    const from = text.indexOf(START);
    expect(from, "README.md has no generated plan section; run this test with UPDATE_README=1").toBeGreaterThanOrEqual(0);
    expect(text.slice(from, text.indexOf(END) + END.length)).toBe(section);
  });
});
