/**
 * GET /readyz: whether this server can do its job right now — the GitHub App
 * can authenticate, and each configured cloud answers — as opposed to
 * /healthz, which only says the process is up. 503 with the reasons when not.
 *
 * @example
 *   addHandler(readyHandler([githubAppProbe(app), ...cloudProbes]));
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** One fact readiness depends on; `check` throws an Error whose message says what is wrong and what to do. */
export interface ReadinessProbe {
  name: string;
  check(): Promise<void>;
}

export interface ProbeResult {
  name: string;
  ok: boolean;
  reason?: string;
}

const PROBE_TIMEOUT_MS = 5_000;

async function probe(p: ReadinessProbe): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([p.check(), timeout]);
    return { name: p.name, ok: true };
  } catch (error) {
    return { name: p.name, ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every probe at once; ready only when all pass. */
export async function checkReadiness(probes: ReadinessProbe[]): Promise<{ ready: boolean; checks: ProbeResult[] }> {
  const checks = await Promise.all(probes.map(probe));
  return { ready: checks.every((check) => check.ok), checks };
}

export function readyHandler(probes: () => ReadinessProbe[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== "GET" || req.url !== "/readyz") return false;
    void checkReadiness(probes()).then(({ ready, checks }) => {
      res.writeHead(ready ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: ready ? "ready" : "not ready", checks }));
    });
    return true;
  };
}

/** Anything that can give an app-authenticated Octokit, like Probot's `app.auth()`. */
export interface AppAuth {
  auth(): Promise<{ request(route: string, parameters?: Record<string, unknown>): Promise<unknown> }>;
}

/** The app's id and private key are accepted by GitHub: an app-authenticated call succeeds. */
export function githubAppProbe(app: AppAuth): ReadinessProbe {
  return {
    name: "github",
    async check() {
      try {
        const client = await app.auth();
        await client.request("GET /app/installations", { per_page: 1 });
      } catch (error) {
        const status = (error as { status?: number }).status;
        const said = error instanceof Error ? error.message : String(error);
        throw new Error(
          status === 401
            ? `GitHub refused the app's credentials (401: ${said}): check APP_ID and PRIVATE_KEY / PRIVATE_KEY_PATH against the app's settings page`
            : `GitHub could not be asked as the app (${said}): check the network path to GitHub (or GHE_HOST) and the app's credentials`,
          { cause: error },
        );
      }
    },
  };
}
