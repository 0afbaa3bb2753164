/**
 * Runs writes one at a time, each starting at least `intervalMs` after the previous one finished. Trakt
 * allows one POST/PUT/DELETE a second per user (DESIGN.md §4); counting from the previous answer (not the
 * previous send) keeps the gap on Trakt's side too, whatever the latency. This is pacing, not retrying:
 * a 429 that still happens is left to Temporal's retry policy.
 */
export class Pacer {
  private tail: Promise<unknown> = Promise.resolve();
  private readyAt = 0;

  constructor(private readonly intervalMs: number) {}

  run<T>(write: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(async () => {
      const waitMs = this.readyAt - Date.now();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      try {
        return await write();
      } finally {
        this.readyAt = Date.now() + this.intervalMs;
      }
    });
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
