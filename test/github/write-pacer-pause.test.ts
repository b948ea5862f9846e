// The pacer while GitHub's secondary limit pauses an installation (REST docs, rate limits for the REST API:
// "If the retry-after response header is present, you should not retry your request until after that many
// seconds has elapsed. Otherwise, wait for at least one minute before retrying", longer with each refusal):
// a held write waits again when a later refusal extends the pause, a protecting write waits at most
// PROTECT_WAIT_MS in all and then fails with a clear error, and at a pause's end protecting writes go first.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { PROTECT_WAIT_MS, retryingSecondaryLimit, SecondaryLimitError } from "../../src/github/secondary-limit.js";
import { WritePacer } from "../../src/github/write-pacer.js";
import { manualTimers } from "../../src/lifecycle/timers.js";
import { SECONDARY_LIMIT_MESSAGE } from "../../src/sandbox/github/index.js";

const MIN = 60_000;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
/** GitHub's refusal as Octokit throws it (status, message, headers). */
const refusal = (headers: Record<string, string> = {}) => Object.assign(new Error(SECONDARY_LIMIT_MESSAGE), { status: 403, response: { headers, data: { message: SECONDARY_LIMIT_MESSAGE } } });

function setup() {
  const clock = new ManualClock("2026-11-24T09:00:00Z");
  const start = clock.now().getTime();
  return { clock, start, pacer: new WritePacer(clock, manualTimers(clock)) };
}

const settled = <T>(promise: Promise<T>) => {
  const state: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(state, { value, done: true }),
    (error: unknown) => Object.assign(state, { error, done: true }),
  );
  return state;
};

describe("the write pacer under GitHub's pause", () => {
  it("wakes a held write at the pause's end, and waits again when a refusal since moved that end", async () => {
    const { clock, pacer } = setup();
    pacer.pause(MIN);
    const held = settled(pacer.clear("PUT /merge"));
    clock.advance(MIN / 2);
    pacer.pause(90_000);
    clock.advance(MIN / 2);
    await flush();
    expect(held.done).toBe(false);
    clock.advance(MIN);
    await flush();
    expect(held).toEqual({ value: undefined, done: true });
  });

  it("fails a protecting write once GitHub's pauses add up past PROTECT_WAIT_MS, at that moment, with what happened", async () => {
    const { clock, start, pacer } = setup();
    const sends: number[] = [];
    const write = settled(
      retryingSecondaryLimit(pacer, "now", "POST /repos/acme/access/pulls", async (deadline) => {
        await pacer.clear("POST /repos/acme/access/pulls", deadline);
        sends.push(clock.now().getTime() - start);
        throw refusal();
      }),
    );
    for (let i = 0; i < 10 && !write.done; i++) {
      await flush();
      clock.advance(MIN);
    }
    await flush();
    // A minute, then two: the third refusal asks for four more, past the three minutes a protecting write waits.
    expect(sends).toEqual([0, MIN, 3 * MIN]);
    expect(write.error).toBeInstanceOf(SecondaryLimitError);
    expect((write.error as Error).message).toMatch(/was not made: GitHub's secondary rate limit .* pauses this installation's writes until 2026-11-24T09:07:00.000Z, longer than a write that protects access waits \(180 s\)/);
    expect(PROTECT_WAIT_MS).toBe(3 * MIN);
  });

  it("does not wait at all for a pause that outlasts the write's limit (retry-after of an hour)", async () => {
    const { pacer } = setup();
    let sends = 0;
    const write = settled(
      retryingSecondaryLimit(pacer, "now", "PATCH /repos/acme/access/check-runs/1", async (deadline) => {
        await pacer.clear("PATCH", deadline);
        sends += 1;
        throw refusal({ "retry-after": "3600" });
      }),
    );
    await flush();
    expect([sends, write.error instanceof SecondaryLimitError]).toEqual([1, true]);
    // The next protecting write fails at once too, without sending: the installation is paused for the hour.
    const next = settled(pacer.clear("PUT /merge", pacer.now() + PROTECT_WAIT_MS));
    await flush();
    expect((next.error as Error).message).toMatch(/PUT \/merge was not made/);
  });

  it("lets protecting writes go before telling ones when a pause ends", async () => {
    const { clock, pacer } = setup();
    pacer.pause(MIN);
    const order: string[] = [];
    void pacer.take().then(() => order.push("tells 1"));
    void pacer.take().then(() => order.push("tells 2"));
    void pacer.clear("PUT /merge").then(() => order.push("protects"));
    await flush();
    clock.advance(MIN);
    await flush();
    expect(order).toEqual(["protects", "tells 1", "tells 2"]);
  });
});
