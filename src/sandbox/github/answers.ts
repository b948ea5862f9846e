import type { Actor } from "./hub.js";

/** One answer the embedded GitHub gave, as sent on the wire. */
export interface Answer {
  method: string;
  /** The route template that answered, e.g. "GET /repos/{owner}/{repo}/pulls/{pull_number}/files". */
  template: string;
  status: number;
  body: unknown;
  actor: Actor;
}

export type AnswerObserver = (answer: Answer) => void;

/**
 * Who wants to see every answer, e.g. a test that checks each body against
 * GitHub's OpenAPI description. Observers must not throw or change `body`.
 */
export class AnswerObservers {
  private readonly observers = new Set<AnswerObserver>();

  add(observer: AnswerObserver): () => void {
    this.observers.add(observer);
    return () => void this.observers.delete(observer);
  }

  notify(answer: Answer): void {
    for (const observer of this.observers) observer(answer);
  }
}
