import type { Feature, Play, Rating, WatchlistEntry } from '../items';
import { groupByItem } from './group';
import { incompleteSnapshotGuard, removalRatioGuard, shrinkGuard } from './guards';
import { planHistoryItem } from './history';
import { planRatingsItem } from './ratings';
import {
  type Changes,
  defaultPlanOptions,
  type GuardVerdict,
  type ItemPlanner,
  type ItemRecord,
  type Plan,
  type PlanInput,
  type PlannedSideChanges,
  type PlanOptions,
  type Side,
  type SideChanges,
} from './types';
import { planWatchlistItem } from './watchlist';

export interface FeatureRecords {
  history: Play;
  ratings: Rating;
  watchlist: WatchlistEntry;
}
export type FeaturePlanInput = { [F in Feature]: { feature: F } & PlanInput<FeatureRecords[F]> }[Feature];
export type FeaturePlan = { [F in Feature]: { feature: F } & Plan<FeatureRecords[F]> }[Feature];

/** DESIGN.md §4 step 2 for one feature of a pair: pure, so the activity stores what this returns. */
export function planFeature(input: FeaturePlanInput): FeaturePlan {
  switch (input.feature) {
    case 'history':
      return { feature: input.feature, ...planSync(input, planHistoryItem) };
    case 'ratings':
      return { feature: input.feature, ...planSync(input, planRatingsItem) };
    case 'watchlist':
      return { feature: input.feature, ...planSync(input, planWatchlistItem) };
  }
}

/** Groups every record by title, plans each title, then lets the guards and the add/remove switches prune. */
export function planSync<R extends ItemRecord>(input: PlanInput<R>, planItem: ItemPlanner<R>): Plan<R> {
  const options: PlanOptions = { ...defaultPlanOptions, ...input.options };
  const { groups, unidentified } = groupByItem(
    {
      source: input.source.records,
      target: input.target.records,
      baselineSource: input.baseline?.source ?? [],
      baselineTarget: input.baseline?.target ?? [],
    },
    (record) => record.item,
  );
  const changes: Changes<R> = { toTarget: { add: [], remove: [] }, toSource: { add: [], remove: [] }, conflicts: [] };
  for (const records of groups) planItem(records, input.mode, options, changes);

  const guards = options.remove ? snapshotVerdicts(input, options) : [];
  const removalsAllowed = options.remove && !guards.some((verdict) => verdict.action === 'refuse-removals');
  const holdAll = guards.some((verdict) => verdict.action === 'hold-for-approval');
  const finish = (side: Side, planned: SideChanges<R>): PlannedSideChanges<R> => {
    const add = options.add ? planned.add : [];
    const remove = removalsAllowed ? planned.remove : [];
    const held = removalRatioGuard(side, remove.length, input[side].records.length, options.removalApproval);
    if (held) guards.push(held);
    return held || holdAll ? { add, remove: [], removeNeedsApproval: remove } : { add, remove, removeNeedsApproval: [] };
  };
  return {
    toTarget: finish('target', changes.toTarget),
    toSource: finish('source', changes.toSource),
    conflicts: changes.conflicts,
    guards,
    unidentified: { source: unidentified.source, target: unidentified.target },
  };
}

/**
 * Either snapshot being incomplete or emptied refuses every removal of the feature, on both sides: missing
 * records would read as deletions. A side that shrank a lot but not to nothing holds every removal for
 * approval instead. Adds still go ahead: a missing record cannot invent one, and history adds are re-checked
 * at the destination before they are sent (step 3).
 */
function snapshotVerdicts<R>(input: PlanInput<R>, options: PlanOptions): GuardVerdict[] {
  const verdicts: GuardVerdict[] = [];
  for (const side of ['source', 'target'] as const) {
    const incomplete = incompleteSnapshotGuard(side, input[side]);
    const shrunk = shrinkGuard(side, input.baseline?.[side].length, input[side].records.length, options.shrink);
    if (incomplete) verdicts.push(incomplete);
    if (shrunk) verdicts.push(shrunk);
  }
  return verdicts;
}
