import type { RunFingerprint } from '../../config/fingerprint';
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
  /** The configuration the run is planned with; every later activity of the run compares it with its worker's. */
  fingerprint: RunFingerprint;
}

/** What every activity of a run carries after `describePair` (absent in runs started before fingerprints). */
export interface RunScope {
  fingerprint?: RunFingerprint;
}

export interface IndexRequest extends RunScope {
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

export interface PlanRequest extends RunScope {
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
  /** Index and plan only (the held-removals clock is left alone). */
  dryRun?: boolean;
  /** How long removals may stay held without a decision, across runs, before they are dropped as expired. */
  heldRemovalsExpireAfterMs?: number;
}

export interface DirectionCounts {
  add: number;
  remove: number;
  /** Removals held back by the removal-ratio or shrink guard until approved. */
  held: number;
  /** Held removals dropped: they waited longer than the expiry without being approved or rejected. */
  expired: number;
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
  /** Plays held back until the next run: their item's live scrobble is in flight on the pair's Plex server. */
  inFlight: number;
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

export interface CommitRequest extends RunScope {
  planId: number;
  providers: Record<Side, 'plex' | 'trakt'>;
  /** Sides this run wrote to (their Trakt stamp moved because of us). */
  wroteTo: Side[];
  /** `watchsync reject`: the held removals are dropped, and the sides they came from adopted as they are. */
  rejected?: boolean;
}
