import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";

describe("ManualClock", () => {
  it("moves only when told and tells its listeners", () => {
    const clock = new ManualClock("2026-11-24T08:00:00Z");
    const heard: string[] = [];
    clock.onChange((now) => heard.push(now.toISOString()));
    expect(clock.now().toISOString()).toBe("2026-11-24T08:00:00.000Z");
    clock.advance(90 * 60 * 1000);
    expect(clock.now().toISOString()).toBe("2026-11-24T09:30:00.000Z");
    expect(heard).toEqual(["2026-11-24T09:30:00.000Z"]);
  });

  it("refuses to go backwards", () => {
    const clock = new ManualClock("2026-11-24T08:00:00Z");
    expect(() => clock.set("2026-11-24T07:00:00Z")).toThrow(/backwards/);
  });
});
