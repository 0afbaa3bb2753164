/** What the library import workflow and its activities pass each other: small JSON, no secrets, no item lists. */
import type { ListingKind } from '../../domain/library/records';
import type { Threshold } from '../../domain/plan/types';

export type ListingMode = 'full' | 'incremental' | 'show';

export interface LibrarySettings {
  pageSize: number;
  overlapSeconds: number;
  retentionMs: number;
  missingThreshold: Threshold;
  approvalTimeoutMs: number;
}

export interface PlanRequest {
  serverId: string;
  runId: string;
  /** Section keys or titles (all configured ones when absent). */
  sections?: string[];
  full?: boolean;
  /** One show only: its episodes are imported, nothing is marked missing. */
  show?: { title: string; year?: number };
}

export interface PlannedListing {
  kind: ListingKind;
  mode: ListingMode;
  /** Incremental: the newest updatedAt of the last complete listing (epoch seconds). */
  watermark?: number;
  /** mode 'show': whose episodes. */
  showRatingKey?: string;
}

export interface PlannedSection {
  key: string;
  title: string;
  type: 'movie' | 'show';
  listings: PlannedListing[];
}

export interface LibraryPlan {
  serverId: string;
  serverName: string;
  settings: LibrarySettings;
  sections: PlannedSection[];
  /** Why every listing is full this run (first import, --full, other path rules), if so. */
  fullBecause?: string;
}

export interface ListCounts {
  added: number;
  updated: number;
  unchanged: number;
  /** Entries that failed their schema: skipped and reported with their ratingKey. */
  skipped: number;
}

/** Where a listing stands; heartbeated after every written page, so a retried activity resumes here. */
export interface ListCursor {
  start: number;
  /** totalSize of the first page; a later page with another total means the listing moved while it was read. */
  total?: number;
  stable: boolean;
  counts: ListCounts;
  /** Newest updatedAt seen (epoch seconds): the next watermark. */
  newest?: number;
  /** Incremental: updatedAt of the last entry read, to check the server kept its newest-first order. */
  lastUpdatedAt?: number;
}

export interface ListRequest {
  serverId: string;
  runId: string;
  section: { key: string; title: string };
  listing: PlannedListing;
  pageSize: number;
  overlapSeconds: number;
  /** Pages per activity call: the workflow's progress moves between calls. */
  maxPages: number;
  /** Attempts a page answering 5xx gets before the listing fails (an unreachable server is retried without end). */
  pageAttempts: number;
  cursor: ListCursor;
}

export interface ListResult {
  cursor: ListCursor;
  done: boolean;
  /** Incremental: what says the section must be listed in full (items gone, or a server that ignored the sort). */
  needsFull?: 'count-changed' | 'unsorted';
}

export interface ReconcileRequest {
  serverId: string;
  runId: string;
  sectionKey: string;
  kind: ListingKind;
  /** totalSize of the complete listing. */
  total: number;
  missingThreshold: Threshold;
  /** Mark even when the guard would hold (after `watchsync library approve`). */
  approved?: boolean;
}

export type ReconcileResult =
  | { action: 'marked'; missing: number }
  | { action: 'held'; reason: 'emptied' | 'shrank'; missing: number; activeBefore: number };

export interface FinishRequest {
  serverId: string;
  runId: string;
  retentionMs: number;
  sectionKeys: string[];
  result: unknown;
}

export interface FinishResult {
  deleted: Record<string, number>;
  unmapped: Record<string, number>;
}
