import type { GuardVerdict, Side, Snapshot, Threshold } from './types';

/** A listing that may be missing records makes missing look deleted: it may not cause removals. */
export function incompleteSnapshotGuard(side: Side, snapshot: Pick<Snapshot<unknown>, 'complete'>): GuardVerdict | undefined {
  return snapshot.complete ? undefined : { guard: 'incomplete-snapshot', side, action: 'refuse-removals' };
}

/**
 * A side that lost most of its records since the baseline, or all of them, is more likely a broken
 * read (a dead Plex token answers with an empty watchlist) than a user's doing: refuse its removals.
 * No baseline (first run) means nothing to compare with.
 */
export function shrinkGuard(
  side: Side,
  baselineCount: number | undefined,
  currentCount: number,
  threshold: Threshold,
): GuardVerdict | undefined {
  if (baselineCount === undefined) return undefined;
  const emptied = currentCount === 0 && baselineCount > 0;
  if (!emptied && !exceeds(baselineCount - currentCount, baselineCount, threshold)) return undefined;
  return { guard: 'suspicious-shrink', side, baselineCount, currentCount, action: 'refuse-removals' };
}

/** Removing more than the threshold's share of a side (and more than its floor) waits for a human. */
export function removalRatioGuard(side: Side, removals: number, sideCount: number, threshold: Threshold): GuardVerdict | undefined {
  if (!exceeds(removals, sideCount, threshold)) return undefined;
  return { guard: 'removal-ratio', side, removals, sideCount, action: 'hold-for-approval' };
}

/** Strictly above both; the ratio is a division so that "exactly 10 %" compares exactly. */
function exceeds(count: number, of: number, threshold: Threshold): boolean {
  return count > threshold.floor && (of === 0 || count / of > threshold.ratio);
}
