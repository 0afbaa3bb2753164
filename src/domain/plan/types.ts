import type { MinimalItem, Rating } from '../items';

export type Side = 'source' | 'target';
export type SyncMode = 'one-way' | 'two-way';

/** Anything a feature syncs: a play, a rating or a watchlist entry. */
export interface ItemRecord {
  item: MinimalItem;
}

/** One side's records for a feature as indexed in step 1; `complete: false` means some may be missing. */
export interface Snapshot<R> {
  records: readonly R[];
  complete: boolean;
}

/** What each side held when the pair was last confirmed in step (DESIGN.md §4 step 5). */
export interface Baselines<R> {
  source: readonly R[];
  target: readonly R[];
}

/** A count threshold: exceeded only when both the ratio and the absolute floor are exceeded. */
export interface Threshold {
  ratio: number;
  floor: number;
}

export interface PlanOptions {
  add: boolean;
  remove: boolean;
  /** Two plays of one item within this many ms are the same play. */
  toleranceMs: number;
  /** Who wins a rating changed on both sides when `rated_at` cannot decide. */
  ratingConflictWinner: Side;
  /** A side whose record count dropped by more than this since its baseline has all removals held for approval. */
  shrink: Threshold;
  /** Removals above this share of the side they remove from wait for approval. */
  removalApproval: Threshold;
}

/** DESIGN.md §4: adds on, removes off; production guard thresholds. */
export const defaultPlanOptions: PlanOptions = {
  add: true,
  remove: false,
  toleranceMs: 60_000,
  ratingConflictWinner: 'source',
  shrink: { ratio: 0.5, floor: 10 },
  removalApproval: { ratio: 0.1, floor: 5 },
};

export interface PlanInput<R> {
  mode: SyncMode;
  source: Snapshot<R>;
  target: Snapshot<R>;
  /** Absent on a pair's first run: everything on either side then counts as newly added. */
  baseline?: Baselines<R>;
  options?: Partial<PlanOptions>;
}

/** The records of one title, from every snapshot and baseline (see `groupByItem`). */
export interface ItemRecords<R> {
  source: R[];
  target: R[];
  baselineSource: R[];
  baselineTarget: R[];
}

/** Changes to write to one side. `add` of a rating is an upsert. */
export interface SideChanges<R> {
  add: R[];
  remove: R[];
}

/** Planned changes before the guards and the add/remove switches apply. */
export interface Changes<R> {
  toTarget: SideChanges<R>;
  toSource: SideChanges<R>;
  conflicts: RatingConflict[];
}

/** Plans one title's records into `changes`. Per-feature rules live behind this. */
export type ItemPlanner<R> = (records: ItemRecords<R>, mode: SyncMode, options: PlanOptions, changes: Changes<R>) => void;

/** A title rated differently on both sides, each changed since the baseline (or no baseline). */
export interface RatingConflict {
  source: Rating;
  target: Rating;
  winner: Side;
  decidedBy: 'rated_at' | 'configured-winner';
}

export type GuardVerdict =
  | { guard: 'incomplete-snapshot'; side: Side; action: 'refuse-removals' }
  | {
      guard: 'suspicious-shrink';
      side: Side;
      baselineCount: number;
      currentCount: number;
      /** Refused when the side was emptied; held for approval when it only shrank a lot. */
      action: 'refuse-removals' | 'hold-for-approval';
    }
  | { guard: 'removal-ratio'; side: Side; removals: number; sideCount: number; action: 'hold-for-approval' };

export interface PlannedSideChanges<R> extends SideChanges<R> {
  /** Removals the removal-ratio or shrink guard held back; applied only once approved. */
  removeNeedsApproval: R[];
}

export interface Plan<R> {
  toTarget: PlannedSideChanges<R>;
  /** Always empty in one-way mode. */
  toSource: PlannedSideChanges<R>;
  conflicts: RatingConflict[];
  guards: GuardVerdict[];
  /** Records without any strong ID: they cannot be matched and are left for the unresolved list. */
  unidentified: { source: R[]; target: R[] };
}
