/** Durations the way people write them, for messages from any layer. */

const units = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
] as const;

/** 21600000 → "6h", 5400000 → "1h 30m": the two largest units, the way people write intervals. */
export function humanDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0 && parts.length < 2) parts.push(`${count}${unit}`);
    if (count > 0) rest -= count * size;
  }
  return parts.join(' ');
}
