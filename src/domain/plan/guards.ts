import type { GuardVerdict, Side, Snapshot, Threshold } from './types';

/** A listing that may be missing records makes missing look deleted: it may not cause removals. */
export function incompleteSnapshotGuard(side: Side, snapshot: Pick<Snapshot<unknown>, 'complete'>): GuardVerdict | undefined {
  return snapshot.complete ? undefined : { guard: 'incomplete-snapshot', side, action: 'refuse-removals' };
}

/**
 * A side that lost every record since the baseline is more likely a broken read (a dead Plex token answers with an
 * empty watchlist) than a user's doing: its removals are refused. One that lost most, but not all, may well be the
 * user's doing (clearing out a watchlist): every removal of the feature is held for approval instead, and the
 * previous baseline is kept until they are approved, rejected or expire. No baseline (first run): nothing to compare.
 */
export function shrinkGuard(
  side: Side,
  baselineCount: number | undefined,
  currentCount: number,
  threshold: Threshold,
): GuardVerdict | undefined {
  if (baselineCount === undefined) return undefined;
  const emptied = currentCount === 0 && baselineCount > 0;
  if (emptied) return { guard: 'suspicious-shrink', side, baselineCount, currentCount, action: 'refuse-removals' };
  if (!exceeds(baselineCount - currentCount, baselineCount, threshold)) return undefined;
  return { guard: 'suspicious-shrink', side, baselineCount, currentCount, action: 'hold-for-approval' };
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
