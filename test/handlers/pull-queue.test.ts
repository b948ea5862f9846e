import { describe, expect, it } from "vitest";
import { KeyedQueue, pullKeyOf } from "../../src/handlers/pull-queue.js";

/** A task that records its start and end and finishes when released. */
function task(log: string[], name: string) {
  let release = () => {};
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    run: async () => {
      log.push(`${name} start`);
      await done;
      log.push(`${name} end`);
    },
    release: () => release(),
  };
}

describe("the per-pull-request queue", () => {
  it("runs the events of one pull request one after the other, in arrival order, and others alongside", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const [a, b, c] = [task(log, "a"), task(log, "b"), task(log, "c")];
    const all = [queue.run("acme/access#1", a.run), queue.run("acme/access#1", b.run), queue.run("acme/access#2", c.run)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(["a start", "c start"]);
    b.release();
    c.release();
    a.release();
    await Promise.all(all);
    expect(log).toEqual(["a start", "c start", "c end", "a end", "b start", "b end"]);
  });

  it("goes on after a failure, which reaches only its own caller", async () => {
    const queue = new KeyedQueue();
    const failed = queue.run("k", () => Promise.reject(new Error("GitHub answered 502")));
    const next = queue.run("k", async () => "handled");
    await expect(failed).rejects.toThrow("GitHub answered 502");
    await expect(next).resolves.toBe("handled");
  });

  it.each([
    [{ pull_request: { number: 12 } }, "acme/access#12"],
    [{ issue: { number: 7, pull_request: {} } }, "acme/access#7"],
    [{ ref: "refs/heads/main" }, undefined],
    [{ pull_request: { number: "12" } }, undefined],
  ])("keys %j as %s", (payload, key) => {
    expect(pullKeyOf("Acme/Access", payload)).toBe(key);
  });
});
