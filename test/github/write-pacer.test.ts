// The content-write pacer on a ManualClock: telling writes stay within GitHub's content-creation limit
// (REST docs, secondary rate limits: "no more than 80 content-generating requests per minute and no more
// than 500 content-generating requests per hour") after the room kept for writes that never wait.
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { GitHubClient } from "../../src/github/client.js";
import { GITHUB_CONTENT_LIMITS, paceWrites, WritePacer, WritePacers } from "../../src/github/write-pacer.js";
import { manualTimers } from "../../src/lifecycle/timers.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";

const MIN = 60_000;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup() {
  const clock = new ManualClock("2026-11-24T09:00:00Z");
  const pacer = new WritePacer(clock, manualTimers(clock));
  const sent: number[] = [];
  const tell = (n: number) => {
    for (let i = 0; i < n; i++) void pacer.take().then(() => sent.push(clock.now().getTime()), () => undefined);
  };
  return { clock, pacer, sent, tell };
}

describe("the content-write pacer", () => {
  it("keeps telling writes to 60 in any minute and 400 in an hour; the rest wait for the clock, in order", async () => {
    const { clock, pacer, sent, tell } = setup();
    tell(500);
    await flush();
    expect(sent).toHaveLength(60);
    clock.advance(MIN - 1);
    await flush();
    expect(sent).toHaveLength(60);
    clock.advance(1);
    await flush();
    expect(sent).toHaveLength(120);
    for (let minute = 2; minute <= 10; minute++) {
      clock.advance(MIN);
      await flush();
    }
    // 60 a minute until the hour's 400: then nothing until the first minute's writes are an hour old.
    expect(sent).toHaveLength(400);
    expect(pacer.queued).toBe(100);
    clock.set("2026-11-24T10:00:00Z");
    await flush();
    expect(sent).toHaveLength(460);
    const perMinute = new Map<number, number>();
    for (const t of sent) perMinute.set(Math.floor(t / MIN), (perMinute.get(Math.floor(t / MIN)) ?? 0) + 1);
    expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(GITHUB_CONTENT_LIMITS.perMinute - GITHUB_CONTENT_LIMITS.reserveMinute);
  });

  it("never delays a write that protects, and counts it against the telling writes' room", async () => {
    const { pacer, sent, tell } = setup();
    for (let i = 0; i < 45; i++) pacer.record();
    tell(30);
    await flush();
    expect(sent).toHaveLength(15);
    // Past the limit itself, a protecting write is still only counted.
    for (let i = 0; i < 50; i++) pacer.record();
    expect(pacer.counts()).toEqual({ minute: 110, hour: 110 });
  });

  it("says when telling writes wait for the clock, and refuses them at shutdown", async () => {
    const { pacer, tell } = setup();
    let stalled = false;
    void pacer.stalled().then(() => (stalled = true));
    tell(60);
    await flush();
    expect(stalled).toBe(false);
    const late = pacer.take();
    await flush();
    expect(stalled).toBe(true);
    pacer.stop();
    await expect(late).rejects.toThrow(/shutting down/);
  });

  it("a lifecycle started again in the same process gets running pacers, not the stopped ones", async () => {
    const clock = new ManualClock("2026-11-24T09:00:00Z");
    const pacers = new WritePacers(clock, manualTimers(clock));
    const before = pacers.of(7);
    pacers.stop();
    await expect(before.take()).rejects.toThrow(/shutting down/);
    const after = pacers.of(7);
    expect(after).not.toBe(before);
    await expect(after.take()).resolves.toBeUndefined();
  });
});

describe("paced clients against the embedded GitHub", () => {
  let github: GitHubEmulator | undefined;
  afterEach(async () => github?.close());

  it("holds a telling client's comment until the clock makes room, while its reads and a protecting client's writes go at once", async () => {
    const clock = new ManualClock("2026-11-24T09:00:00Z");
    github = await GitHubEmulator.start({ clock });
    github.createUser("eng");
    await github.createRepo("acme/access", { files: { "README.md": "# access\n" }, collaborators: { eng: "write" } });
    const pr = await github.as("eng").openPullRequest("acme/access", { title: "request", files: { "requests/a.yaml": "duration: 2h\n" } });
    const pacer = new WritePacer(clock, manualTimers(clock));
    const now = paceWrites(github.octokitFor("eng") as unknown as GitHubClient, pacer, "now");
    const later = paceWrites(github.octokitFor("eng") as unknown as GitHubClient, pacer, "later");
    const repo = { owner: "acme", repo: "access", issue_number: pr.number };
    for (let i = 0; i < 60; i++) await now.rest.issues.createComment({ ...repo, body: `protecting ${i}` });
    let told = false;
    const telling = later.rest.issues.createComment({ ...repo, body: "told" }).then(() => (told = true));
    expect((await later.rest.issues.listComments({ ...repo, per_page: 100 })).data).toHaveLength(60);
    await flush();
    expect(told).toBe(false);
    clock.advance(MIN);
    await telling;
    const bodies = (await now.paginate(now.rest.issues.listComments, { ...repo, per_page: 100 })).map((c) => c.body);
    expect(bodies).toHaveLength(61);
    expect(bodies.at(-1)).toBe("told");
  });
});
