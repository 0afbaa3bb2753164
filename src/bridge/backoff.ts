/**
 * Reconnect delay: doubles from `minMs` up to `maxMs`, with "equal jitter" (half fixed, half random) so
 * several bridges do not reconnect to a restarted PMS in lockstep.
 */
export function backoffDelayMs(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.max(minMs, ceiling / 2 + (random() * ceiling) / 2);
}
