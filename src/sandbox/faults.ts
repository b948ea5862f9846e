/**
 * Fault injection and call counting shared by the emulators, so tests can
 * inject outages ("the next 2 setIamPolicy calls answer 503") and measure API
 * cost ("the whole lifecycle took 41 GitHub calls").
 *
 * @example
 *   emulator.faults.failNext("POST /v3/projects/{id}:setIamPolicy", 2, { status: 503 });
 *   emulator.faults.count("POST /v3/projects/{id}:setIamPolicy"); // calls so far
 */
export interface Fault {
  /** HTTP status to answer with (default 500). Ignored when `drop` is set. */
  status?: number;
  /** Body to answer with; a JSON error body is made up when omitted. */
  body?: unknown;
  /** Wait this long (real milliseconds) before answering or dropping. */
  delayMs?: number;
  /** Destroy the socket without an answer. */
  drop?: boolean;
  /**
   * Run this first — e.g. another person's push landing between two of the app's calls — and then,
   * with `pass`, handle the request normally instead of failing it.
   */
  before?: () => Promise<void>;
  pass?: boolean;
}

/**
 * Plays a fault an emulator took: waits its delay, then drops the socket or
 * answers with its status and body (`describe(status)` when it has none).
 * Resolves true when the request is dealt with, false when there was no fault.
 *
 * @example
 *   if (await playFault(faults.take(route), req, (status, body) => sendJson(res, status, body), (status) => ({ message: `fault ${status}` }))) return;
 */
export async function playFault(fault: Fault | undefined, req: { socket: { destroy(): void } }, answer: (status: number, body: unknown) => void, describe: (status: number) => unknown): Promise<boolean> {
  if (!fault) return false;
  if (fault.before) await fault.before();
  if (fault.pass) return false;
  if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault.drop) {
    req.socket.destroy();
    return true;
  }
  const status = fault.status ?? 500;
  answer(status, fault.body ?? describe(status));
  return true;
}

interface Armed {
  remaining: number;
  fault: Fault;
}

export class Faults {
  private readonly armed = new Map<string, Armed[]>();
  private readonly counts = new Map<string, number>();

  /** Fail the next `times` calls of `route` (a route template, e.g. "GET /repos/{owner}/{repo}/pulls/{pull_number}"). */
  failNext(route: string, times: number, fault: Fault = {}): void {
    const list = this.armed.get(route) ?? [];
    list.push({ remaining: times, fault });
    this.armed.set(route, list);
  }

  /** Runs `action` just before the next call of `route` is handled, which then goes ahead as usual. */
  beforeNext(route: string, action: () => Promise<void>): void {
    this.failNext(route, 1, { before: action, pass: true });
  }

  /** Called by an emulator for every request it routes; returns the fault to apply, if any. */
  take(route: string): Fault | undefined {
    this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
    const list = this.armed.get(route);
    const head = list?.[0];
    if (!list || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) list.shift();
    return head.fault;
  }

  count(route?: string): number {
    if (route !== undefined) return this.counts.get(route) ?? 0;
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }

  /** Calls per route, most called first. */
  table(): Array<{ route: string; calls: number }> {
    return [...this.counts.entries()]
      .map(([route, calls]) => ({ route, calls }))
      .sort((a, b) => b.calls - a.calls || a.route.localeCompare(b.route));
  }

  resetCounts(): void {
    this.counts.clear();
  }

  clear(): void {
    this.armed.clear();
    this.counts.clear();
  }
}
