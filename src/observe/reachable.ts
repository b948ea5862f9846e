/**
 * Whether an HTTP(S) endpoint answers at all (any status counts): the network
 * path and TLS to a cloud API work. Used by /readyz for each configured cloud.
 *
 * @example
 *   await reachable(new URL("https://management.azure.com"), { what: "Azure Resource Manager" });
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

export async function reachable(url: URL, options: { what: string; ca?: string; timeoutMs?: number }): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 4_000;
  const send = url.protocol === "http:" ? httpRequest : httpsRequest;
  await new Promise<void>((resolve, reject) => {
    const req = send(url, { method: "HEAD", timeout: timeoutMs, ...(options.ca ? { ca: options.ca } : {}) }, (res) => {
      res.resume();
      resolve();
    });
    req.once("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.once("error", (error) => reject(new Error(`${options.what} at ${url.origin} is not reachable (${error.message}): check DNS, proxy and firewall rules for outbound HTTPS`)));
    req.end();
  });
}
