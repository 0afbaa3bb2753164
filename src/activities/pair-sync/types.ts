import type { Feature } from '../../domain/items';
import type { GuardVerdict, Side, SyncMode, Threshold } from '../../domain/plan/types';

/** What the workflow needs to know of a pair: small, JSON, no secrets. */
export interface PairDescription {
  pairId: string;
  source: 'plex' | 'trakt';
  target: 'plex' | 'trakt';
  mode: SyncMode;
  /** Configured features, in the fixed order (history before watchlist). */
  features: { feature: Feature; add: boolean; remove: boolean }[];
  ratingConflictWinner: Side;
  toleranceMs: number;
}

export interface IndexRequest {
  pairId: string;
  side: Side;
  provider: 'plex' | 'trakt';
  feature: Feature;
}

export interface SnapshotRef {
  snapshotId: number;
  count: number;
  complete: boolean;
  /** True when an unchanged side was recognised and its previous snapshot reused. */
  reused: boolean;
}

export interface PlanRequest {
  pairId: string;
  feature: Feature;
  mode: SyncMode;
  add: boolean;
  remove: boolean;
  toleranceMs: number;
  ratingConflictWinner: Side;
  source: SnapshotRef;
  target: SnapshotRef;
  /** Provider of each side, to pick chunk sizes and destinations. */
  destinations: Record<Side, 'plex' | 'trakt'>;
  shrink?: Threshold;
  removalApproval?: Threshold;
}

export interface DirectionCounts {
  add: number;
  remove: number;
  /** Removals held back by the removal-ratio guard until approved. */
  held: number;
}

export interface ChunkDescriptor {
  chunkNo: number;
  destination: Side;
  provider: 'plex' | 'trakt';
  op: 'add' | 'remove';
  needsApproval: boolean;
  size: number;
}

export interface PlanRef {
  planId: number;
  toTarget: DirectionCounts;
  toSource: DirectionCounts;
  guards: GuardVerdict[];
  conflicts: number;
  /** Records with no strong id on either side: never matched, never written. */
  unidentified: number;
  /** Adds left out because the item is frozen as unresolved. */
  frozen: number;
  chunks: ChunkDescriptor[];
}

export interface ChunkOutcome {
  /** Written (added, updated or removed). */
  applied: number;
  /** Already at the destination (Trakt's `existing`, or a play found there before re-sending). */
  existing: number;
  /** Titles frozen as unresolved (not found, invalid): one per title however many of its plays failed, as `watchsync unresolved list` counts them. */
  unresolved: number;
}

export interface CommitRequest {
  planId: number;
  providers: Record<Side, 'plex' | 'trakt'>;
  /** Sides this run wrote to (their Trakt stamp moved because of us). */
  wroteTo: Side[];
}
