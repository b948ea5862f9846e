/**
 * The one clock. Everything that asks "what time is it?" takes a Clock, so
 * tests and the sandbox can jump time without sleeping, and the emulators and
 * the app agree on "now".
 *
 * @example
 *   const clock = new ManualClock(new Date("2026-11-24T08:00:00Z"));
 *   clock.advance(2 * 60 * 60 * 1000); // two hours later, instantly
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

type Listener = (now: Date) => void;

/** A clock that only moves when told to. Listeners hear every jump. */
export class ManualClock implements Clock {
  private current: number;
  private readonly listeners = new Set<Listener>();

  constructor(start: Date | string = "2026-11-24T08:00:00Z") {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    const next = new Date(to).getTime();
    if (next < this.current) throw new Error("ManualClock cannot go backwards");
    this.current = next;
    for (const listener of this.listeners) listener(this.now());
  }

  advance(ms: number): void {
    this.set(new Date(this.current + ms));
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
