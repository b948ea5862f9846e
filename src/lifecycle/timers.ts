/**
 * Timers behind an interface, so the lifecycle's precise expiry timers run on
 * the injected clock: real timers in production, a ManualClock's jumps in
 * tests and the sandbox (no test ever sleeps for real time).
 */
import type { Clock, ManualClock } from "../core/clock.js";

export interface TimerHandle {
  cancel(): void;
}

export interface Timers {
  /** Calls `fn` once the clock reads `at` or later. */
  at(at: Date, fn: () => void): TimerHandle;
}

/** Node's timers against a clock that moves by itself; unref'd so they never keep a process alive. */
export function realTimers(clock: Clock): Timers {
  return {
    at(at, fn) {
      // setTimeout's limit is about 24.8 days; longer waits re-arm.
      const MAX = 2 ** 31 - 1;
      let handle: NodeJS.Timeout;
      const arm = () => {
        const wait = at.getTime() - clock.now().getTime();
        handle = setTimeout(wait > MAX ? arm : fn, Math.max(0, Math.min(wait, MAX)));
        handle.unref();
      };
      arm();
      return { cancel: () => clearTimeout(handle) };
    },
  };
}

/**
 * Timers that fire when a ManualClock is moved past them, in due order.
 *
 * @example
 *   const timers = manualTimers(clock);
 *   timers.at(new Date("2026-11-24T10:00:00Z"), expire);
 *   clock.set("2026-11-24T10:00:00Z"); // expire() runs now
 */
export function manualTimers(clock: ManualClock): Timers {
  const pending = new Set<{ due: number; fn: () => void }>();
  clock.onChange((now) => {
    const due = [...pending].filter((t) => t.due <= now.getTime()).sort((a, b) => a.due - b.due);
    for (const timer of due) {
      pending.delete(timer);
      timer.fn();
    }
  });
  return {
    at(at, fn) {
      const timer = { due: at.getTime(), fn };
      if (timer.due <= clock.now().getTime()) {
        queueMicrotask(fn);
        return { cancel: () => {} };
      }
      pending.add(timer);
      return { cancel: () => pending.delete(timer) };
    },
  };
}
