const tickMs = 200;

/** Calls `onTick` with the wall time elapsed since the previous tick until the returned stop function runs. */
export function startRealtimeDriver(onTick: (elapsedMs: number) => void): () => void {
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    onTick(now - last);
    last = now;
  }, tickMs);
  // A demo driver must not keep the process alive on its own.
  timer.unref();
  return () => clearInterval(timer);
}
