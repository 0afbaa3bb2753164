import { humanDuration } from '../domain/durations';

/** When something happens relative to now: "in 6h", "5m ago", "now". */
export function relativeTime(at: Date, now: Date = new Date()): string {
  const delta = at.getTime() - now.getTime();
  if (Math.abs(delta) < 1_000) return 'now';
  return delta > 0 ? `in ${humanDuration(delta)}` : `${humanDuration(-delta)} ago`;
}
