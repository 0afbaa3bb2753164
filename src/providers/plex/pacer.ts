/** Spaces calls at least `delayMs` apart, also when callers run concurrently (`watchlist_write_delay_ms`). */
export interface Pacer {
  turn(): Promise<void>;
}

export function createPacer(delayMs: number, sleep: (ms: number) => Promise<void>, now: () => number): Pacer {
  let previous: number | undefined;
  let queue: Promise<void> = Promise.resolve();
  return {
    turn() {
      queue = queue.then(async () => {
        const wait = previous === undefined ? 0 : previous + delayMs - now();
        if (wait > 0) await sleep(wait);
        previous = now();
      });
      return queue;
    },
  };
}
