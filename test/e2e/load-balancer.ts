/**
 * What stands between GitHub and several replicas of the app: one webhook
 * URL, each delivery forwarded to one replica (picked from a seed), the
 * replica's answer passed back. Duplicates and redeliveries of one event
 * can land on different replicas at the same moment.
 *
 * @example
 *   const lb = await startLoadBalancer([w.h.webhookUrl, b.webhookUrl], seed);
 *   w.h.github.webhookUrl = lb.url;
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { seededRandom } from "../../src/sandbox/github/delivery-order.js";

export interface LoadBalancer {
  url: string;
  /** How many deliveries each replica got, in the order of `targets`. */
  counts: number[];
  close(): Promise<void>;
}

export async function startLoadBalancer(targets: string[], seed: number): Promise<LoadBalancer> {
  const random = seededRandom(seed);
  const counts = targets.map(() => 0);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const at = Math.floor(random() * targets.length);
      counts[at] = (counts[at] ?? 0) + 1;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string" && name !== "host" && name !== "content-length") headers[name] = value;
      fetch(targets[at] ?? "", { method: "POST", headers, body: Buffer.concat(chunks) })
        .then(async (answer) => res.writeHead(answer.status).end(Buffer.from(await answer.arrayBuffer())))
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
