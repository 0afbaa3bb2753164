import type { Rating } from '../items';
import type { Changes, ItemPlanner, RatingConflict, Side, SideChanges } from './types';

/**
 * Ratings are values: upsert where missing or different. One-way: the source's rating wins; an
 * unrating on the source removes the target's rating if the source had it at its baseline.
 * Two-way: the side that changed since its baseline wins; both (or no baseline) is a conflict; an
 * unrating propagates only with removals on, else the rating is copied back (see presencePlanner).
 */
export const planRatingsItem: ItemPlanner<Rating> = (records, mode, options, changes) => {
  const source = newest(records.source);
  const target = newest(records.target);
  const baselineSource = newest(records.baselineSource);
  const baselineTarget = newest(records.baselineTarget);

  if (mode === 'one-way') {
    if (source && source.rating !== target?.rating) changes.toTarget.add.push(source);
    else if (!source && target && baselineSource) changes.toTarget.remove.push(...records.target);
    return;
  }
  if (source && target) {
    if (source.rating !== target.rating) reconcile(source, target, baselineSource, baselineTarget, options.ratingConflictWinner, changes);
  } else if (source) {
    propagateLone(
      source,
      baselineSource,
      options.remove && baselineTarget !== undefined,
      records.source,
      changes.toTarget,
      changes.toSource,
    );
  } else if (target) {
    propagateLone(
      target,
      baselineTarget,
      options.remove && baselineSource !== undefined,
      records.target,
      changes.toSource,
      changes.toTarget,
    );
  }
};

/** Decides a title rated differently on both sides when neither side's baseline settles it. */
export function resolveRatingConflict(source: Rating, target: Rating, configuredWinner: Side): RatingConflict {
  const sourceAt = source.rated_at === undefined ? undefined : Date.parse(source.rated_at);
  const targetAt = target.rated_at === undefined ? undefined : Date.parse(target.rated_at);
  if (sourceAt !== undefined && targetAt !== undefined && sourceAt !== targetAt) {
    return { source, target, winner: sourceAt > targetAt ? 'source' : 'target', decidedBy: 'rated_at' };
  }
  return { source, target, winner: configuredWinner, decidedBy: 'configured-winner' };
}

function reconcile(
  source: Rating,
  target: Rating,
  baselineSource: Rating | undefined,
  baselineTarget: Rating | undefined,
  configuredWinner: Side,
  changes: Changes<Rating>,
): void {
  const sourceChanged = changedSince(baselineSource, source);
  if (sourceChanged !== changedSince(baselineTarget, target)) {
    if (sourceChanged) changes.toTarget.add.push(source);
    else changes.toSource.add.push(target);
    return;
  }
  const conflict = resolveRatingConflict(source, target, configuredWinner);
  changes.conflicts.push(conflict);
  if (conflict.winner === 'source') changes.toTarget.add.push(source);
  else changes.toSource.add.push(target);
}

/** Rated on one side only: removed here if the other side unrated it, unless this side re-rated since (an edit beats a delete). */
function propagateLone(
  rating: Rating,
  ownBaseline: Rating | undefined,
  unratedOnOther: boolean,
  ownRecords: Rating[],
  toOther: SideChanges<Rating>,
  toOwn: SideChanges<Rating>,
): void {
  if (unratedOnOther && !changedSince(ownBaseline, rating)) toOwn.remove.push(...ownRecords);
  else toOther.add.push(rating);
}

function changedSince(baseline: Rating | undefined, current: Rating): boolean {
  return baseline?.rating !== current.rating;
}

/** A side may hold duplicate ratings of one title (two Plex libraries): the newest counts. */
function newest(ratings: readonly Rating[]): Rating | undefined {
  let best: Rating | undefined;
  for (const rating of ratings) {
    if (!best || ratedAt(rating) > ratedAt(best)) best = rating;
  }
  return best;
}

function ratedAt(rating: Rating): number {
  return rating.rated_at === undefined ? Number.NEGATIVE_INFINITY : Date.parse(rating.rated_at);
}
