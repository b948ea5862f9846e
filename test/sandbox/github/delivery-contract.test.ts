/**
 * The embedded GitHub delivers webhooks the way GitHub documents it:
 * - "Your server should respond with a 2XX response within 10 seconds … you
 *   may want to set up a queue to process webhook payloads asynchronously …
 *   without blocking future webhook deliveries" (docs.github.com, Webhooks >
 *   Best practices for using webhooks, "Respond within 10 seconds"): a
 *   delivery does not wait for the answer to the one before, so they overlap;
 *   GitHub documents no order between deliveries.
 * - "If you request a redelivery, the X-GitHub-Delivery header will be the
 *   same as in the original delivery" (same page, "Use the X-GitHub-Delivery
 *   header"); the REST schema of a hook delivery calls `guid` the "Unique
 *   identifier for the event (shared with all deliveries for all webhooks
 *   that subscribe to this event)" (github/rest-api-description,
 *   hook-delivery-item).
 * - "GitHub does not automatically redeliver failed deliveries" (Handling
 *   failed webhook deliveries): a lost delivery stays lost until redelivered.
 * Checked through a plain HTTP receiver, which is what GitHub talks to.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import type { DeliveryOptions } from "../../../src/sandbox/github/index.js";
import { GitHubEmulator, parseSeed } from "../../../src/sandbox/github/index.js";

const REPO = "acme/access";

interface Received {
  guid: string;
  event: string;
  body: string;
}

let open: Array<{ gh: GitHubEmulator; server: Server }> = [];
afterEach(async () => {
  for (const { gh, server } of open) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await gh.close();
  }
  open = [];
});

/** An emulator whose webhooks go to `answer`; `received` lists what arrived, in arrival order. */
async function world(delivery: Partial<DeliveryOptions>, answer: (req: IncomingMessage, res: ServerResponse, received: Received[]) => void = (_q, res) => res.writeHead(200).end()) {
  const gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T08:00:00Z"), delivery });
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ guid: String(req.headers["x-github-delivery"]), event: String(req.headers["x-github-event"]), body });
      answer(req, res, received);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  open.push({ gh, server });
  gh.createUser("alice");
  await gh.createRepo(REPO, { files: { "README.md": "# access\n" }, collaborators: { alice: "write" } });
  await gh.settled();
  gh.webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const pr = await gh.as("alice").openPullRequest(REPO, { title: "Access", files: { "requests/x.yaml": "reason: x\n" } });
  await gh.settled();
  received.length = 0;
  /** Five events, one API call each, in this order. */
  const comment = async () => {
    const before = gh.deliveries.length;
    for (let i = 1; i <= 5; i += 1) await gh.as("alice").comment(REPO, pr.number, `comment ${i}`);
    return gh.deliveries.slice(before).map((d) => d.guid);
  };
  return { gh, received, comment };
}

describe("the embedded GitHub's webhook delivery (concurrent, unordered, redelivered with the same id, sometimes lost)", () => {
  it("does not wait for an answer: every delivery arrives while the first ones are still unanswered", async () => {
    const held: ServerResponse[] = [];
    const { gh, received, comment } = await world({ order: "shuffled", seed: 7 }, (_req, res, arrived) => {
      held.push(res);
      // Answer nobody until all five are in: a sender that waited for answers would never get here.
      if (arrived.length === 5) for (const r of held.splice(0)) r.writeHead(200).end();
    });
    const sent = await comment();
    await gh.settled();
    expect(received.map((r) => r.guid).sort()).toEqual([...sent].sort());
    expect(gh.deliveries.filter((d) => sent.includes(d.guid)).map((d) => d.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it("delivers a burst in a seeded order: some seeds reorder the events, and the same seed starts them in the same order again", async () => {
    const orders: number[][] = [];
    for (const seed of [1, 2, 3, 1]) {
      // All lost first, then redelivered together: a burst whose order only the seed decides.
      const { gh, comment } = await world({ order: "shuffled", seed, lossRate: 1 });
      const sent = await comment();
      await gh.redeliverAll(sent);
      orders.push(gh.started.filter((g) => sent.includes(g)).map((g) => sent.indexOf(g)));
    }
    expect(orders.slice(0, 3).some((order) => order.join() !== "0,1,2,3,4")).toBe(true);
    expect(orders[3]).toEqual(orders[0]);
  });

  it("a duplicate and a redelivery carry the same X-GitHub-Delivery id and the same signed body", async () => {
    const { gh, received, comment } = await world({ order: "shuffled", seed: 11, duplicateRate: 1 });
    const [first] = await comment();
    await gh.settled();
    const copies = received.filter((r) => r.guid === first);
    expect(copies).toHaveLength(2);
    await gh.redeliver(first ?? "");
    const all = received.filter((r) => r.guid === first);
    expect(all).toHaveLength(3);
    expect(new Set(all.map((r) => r.body)).size).toBe(1);
    expect(gh.deliveries.find((d) => d.guid === first)?.attempts).toBe(3);
  });

  it("a lost delivery never arrives and says so, until it is redelivered", async () => {
    const { gh, received, comment } = await world({ order: "shuffled", seed: 5, lossRate: 1 });
    const [lost] = await comment();
    await gh.settled();
    expect(received).toEqual([]);
    expect(gh.deliveries.find((d) => d.guid === lost)?.error).toMatch(/^lost/);
    await gh.redeliver(lost ?? "");
    expect(received.map((r) => [r.guid, r.event])).toEqual([[lost, "issue_comment"]]);
  });

  it("serial delivery, for a story told step by step, keeps the order and waits for each answer", async () => {
    const { gh, received, comment } = await world({ order: "serial", seed: 0 });
    const sent = await comment();
    await gh.settled();
    expect(received.map((r) => r.guid)).toEqual(sent);
  });

  it.each([["-1"], ["1.5"], ["abc"], ["4294967296"]])("refuses the replay seed %s with the variable's name and what to give", (text) => {
    expect(() => parseSeed(text, "ACCESS_PR_DELIVERY_SEED")).toThrow(`ACCESS_PR_DELIVERY_SEED="${text}" is not a delivery seed: give the whole number (0 to 4294967295) printed by the failing test`);
  });
});
