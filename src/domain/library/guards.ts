/**
 * When an import may mark items missing (DESIGN.md §6). Only a complete, error-free listing may; and a
 * listing that would make a section lose a suspicious share of what it had (an unmounted drive empties a
 * section while PMS keeps answering) marks nothing until a human approves.
 */
import type { Threshold } from '../plan/types';

/** Production default: more than 10 % of a section's items (and more than 10 of them) at once waits for approval. */
export const defaultMissingThreshold: Threshold = { ratio: 0.1, floor: 10 };

export type RemovalVerdict =
  | { action: 'mark'; missing: number }
  | { action: 'hold'; reason: 'emptied' | 'shrank'; missing: number; activeBefore: number };

/**
 * `activeBefore`: active items of the section (of one listing kind) before this listing; `missing`: how many
 * of them the listing did not name; `listed`: how many it named.
 */
export function removalVerdict(activeBefore: number, missing: number, listed: number, threshold: Threshold): RemovalVerdict {
  if (missing === 0) return { action: 'mark', missing };
  if (listed === 0 && activeBefore > 0) return { action: 'hold', reason: 'emptied', missing, activeBefore };
  const exceeds = missing > threshold.floor && (activeBefore === 0 || missing / activeBefore > threshold.ratio);
  return exceeds ? { action: 'hold', reason: 'shrank', missing, activeBefore } : { action: 'mark', missing };
}
