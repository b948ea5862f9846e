import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { createScheduler } from "../../src/lifecycle/scheduler.js";
import type { LifecycleScheduler, RunKind } from "../../src/lifecycle/scheduler.js";
import { manualTimers } from "../../src/lifecycle/timers.js";

const MIN = 60_000;
let scheduler: LifecycleScheduler | undefined;
afterEach(async () => scheduler?.stop());

function setup(wakes: Array<Date | undefined> = []) {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  const runs: string[] = [];
  const errors: string[] = [];
  let fail = false;
  scheduler = createScheduler({
    clock,
    timers: manualTimers(clock),
    sweepMs: MIN,
    reconcileMs: 10 * MIN,
    repos: async () => ["acme/access"],
    run: async (repo: string, kind: RunKind) => {
      runs.push(`${clock.now().toISOString().slice(11, 16)} ${kind} ${repo}`);
      if (fail) throw new Error("GitHub is down");
      return wakes.shift();
    },
    onError: (error, repo, kind) => errors.push(`${kind} ${repo}: ${(error as Error).message}`),
  });
  return { clock, runs, errors, scheduler, failNext: (v: boolean) => (fail = v) };
}

describe("lifecycle scheduler", () => {
  it("reconciles at start, sweeps every period, reconciles every longer period", async () => {
    const { clock, runs, scheduler: s } = setup();
    s.start();
    await s.idle();
    for (let i = 0; i < 10; i++) {
      clock.advance(MIN);
      await s.idle();
    }
    expect(runs.filter((r) => r.includes("reconcile"))).toEqual(["08:00 reconcile acme/access", "08:10 reconcile acme/access"]);
    // At 08:10 the sweep is folded into the reconcile that is due at the same instant.
    expect(runs.filter((r) => r.includes("sweep"))).toHaveLength(9);
  });

  it("wakes precisely at the instant a run asks for, between periods", async () => {
    const { clock, runs, scheduler: s } = setup([new Date("2026-11-24T08:00:20Z")]);
    s.start();
    await s.idle();
    clock.advance(30_000);
    await s.idle();
    expect(runs).toEqual(["08:00 reconcile acme/access", "08:00 sweep acme/access"]);
  });

  it("folds triggers that arrive before the run starts into one follow-up run, upgrading it to a reconcile", async () => {
    const { runs, scheduler: s } = setup();
    const first = s.trigger("acme/access", "sweep");
    const second = s.trigger("acme/access", "sweep");
    const third = s.trigger("acme/access", "reconcile");
    await Promise.all([first, second, third]);
    expect(runs).toEqual(["08:00 reconcile acme/access"]);
  });

  it("reports a failed run and keeps going", async () => {
    const { clock, runs, errors, scheduler: s, failNext } = setup();
    s.start();
    failNext(true);
    await s.idle();
    failNext(false);
    clock.advance(MIN);
    await s.idle();
    expect(errors).toEqual(["reconcile acme/access: GitHub is down"]);
    expect(runs).toEqual(["08:00 reconcile acme/access", "08:01 sweep acme/access"]);
  });

  it("leaves no timer behind once stopped", async () => {
    const { clock, runs, scheduler: s } = setup([new Date("2026-11-24T08:00:20Z")]);
    s.start();
    await s.idle();
    await s.stop();
    clock.advance(60 * MIN);
    await s.trigger("acme/access", "sweep");
    expect(runs).toEqual(["08:00 reconcile acme/access"]);
  });

  it("runs an exclusive job (a /revoke) between runs of the repo, never during one; a later trigger runs after it", async () => {
    const { runs, scheduler: s } = setup();
    const first = s.trigger("acme/access", "sweep");
    const revoke = s.exclusive("acme/access", async () => {
      runs.push("revoke");
      return 7;
    });
    const after = s.trigger("acme/access", "sweep");
    expect(await revoke).toBe(7);
    await Promise.all([first, after]);
    expect(runs).toEqual(["08:00 sweep acme/access", "revoke", "08:00 sweep acme/access"]);
  });

  it("a failing exclusive job rejects to its caller and does not stop the repo's runs", async () => {
    const { runs, scheduler: s } = setup();
    await expect(s.exclusive("acme/access", () => Promise.reject(new Error("GCP is down")))).rejects.toThrow("GCP is down");
    await s.trigger("acme/access", "sweep");
    expect(runs).toEqual(["08:00 sweep acme/access"]);
  });
});
