export { traktWriteIntervalMs } from '../../domain/trakt-limits';

/**
 * Runs one write when it is its turn; the default is in-process pacing, the worker passes a cross-process one.
 * `check` runs as the turn begins, before its wait: a throw there ends the turn with nothing sent.
 */
export type WriteTurn = <T>(write: () => Promise<T>, check?: () => Promise<void>) => Promise<T>;

/**
 * Runs writes one at a time, each sent at least `intervalMs` after the previous one was sent. Trakt allows one
 * POST/PUT/DELETE a second per user (DESIGN.md §4); the interval carries a small margin over that second so
 * network jitter cannot bring two requests closer together on Trakt's side. This is pacing, not retrying: a 429
 * that still happens is left to Temporal's retry policy.
 */
export class Pacer {
  private tail: Promise<unknown> = Promise.resolve();
  private readyAt = 0;

  constructor(private readonly intervalMs: number) {}

  run<T>(write: () => Promise<T>, check?: () => Promise<void>): Promise<T> {
    const turn = this.tail.then(async () => {
      await check?.();
      const waitMs = this.readyAt - Date.now();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      this.readyAt = Date.now() + this.intervalMs;
      return write();
    });
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
