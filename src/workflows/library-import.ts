import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  executeChild,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  LibraryActivities,
  LibrarySettings,
  ListCursor,
  ListingMode,
  ListResult,
  PlannedListing,
  PlannedSection,
} from '../activities/library';
import type { ListingKind } from '../domain/library/records';
import type { Threshold } from '../domain/plan/types';

export const libraryImportWorkflowId = (serverId: string) => `library-import/${serverId}`;

export interface LibraryImportInput {
  serverId: string;
  /** List every section in full (otherwise only what changed, where a complete listing was made before). */
  full?: boolean;
  /** Only these sections (keys or titles). */
  sections?: string[];
  /** Only this show (its episodes; nothing is marked missing). */
  show?: { title: string; year?: number };
  // Settings below default to the config's `library` section; tests pass small values.
  pageSize?: number;
  overlapSeconds?: number;
  retentionMs?: number;
  missingThreshold?: Threshold;
  approvalTimeoutMs?: number;
  /** Pages per listing activity call (the progress query moves between calls). */
  pagesPerCall?: number;
  /** Attempts a page answering 5xx gets before its section fails. */
  pageAttempts?: number;
  retry?: { initialIntervalMs?: number; maximumIntervalMs?: number };
  /** How soon an activity whose worker died is given to another worker (default 2 minutes). */
  heartbeatTimeoutMs?: number;
}

export type SectionStatus = 'imported' | 'failed' | 'held' | 'approved' | 'running' | 'pending';

export interface SectionResult {
  key: string;
  title: string;
  type: 'movie' | 'show';
  status: SectionStatus;
  /** Per listing kind: how it was listed this run. */
  modes: Partial<Record<ListingKind, ListingMode>>;
  added: number;
  updated: number;
  unchanged: number;
  /** Newly marked missing this run. */
  missing: number;
  /** Promoted from missing to deleted this run (retention). */
  deleted: number;
  /** Active files no path rule maps. */
  unmapped: number;
  /** Entries that failed their schema (skipped, logged with their ratingKey). */
  skipped: number;
  /** Missing items held back by the shrink guard (not approved). */
  held: number;
  error?: string;
}

export interface LibraryImportResult {
  serverId: string;
  /** Set when a scheduled start found another import of the server running and did nothing. */
  skipped?: string;
  fullBecause?: string;
  sections: SectionResult[];
}

export interface LibraryImportProgress {
  phase: 'planning' | 'listing' | 'awaiting-approval' | 'finishing' | 'done';
  /** Library i of n. */
  section?: { index: number; count: number; key: string; title: string; kind?: ListingKind };
  /** Items j of m of the listing in progress. */
  items: { done: number; total: number };
  sections: SectionResult[];
  awaitingApproval?: Array<{ key: string; title: string; kind: ListingKind; missing: number; activeBefore: number; reason: string }>;
}

export const libraryProgressQuery = defineQuery<LibraryImportProgress>('progress');
/** `watchsync library approve <server>`: mark missing what the shrink guard held back in the run now waiting. */
export const libraryApproveUpdate = defineUpdate<{ sections: number; missing: number }, []>('approve');

const defaultPagesPerCall = 4;
const defaultPageAttempts = 10;

/** DESIGN.md §6: plan → per section, page through each listing → mark missing when safe → retention. */
export async function libraryImport(input: LibraryImportInput): Promise<LibraryImportResult> {
  // A schedule appends its timestamp to the workflow ID: run under the server's own ID, so a scheduled and a CLI
  // import of one server never overlap (two runs would mark each other's items missing).
  const ownId = libraryImportWorkflowId(input.serverId);
  if (workflowInfo().workflowId !== ownId) {
    try {
      return await executeChild(libraryImport, { workflowId: ownId, args: [input] });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      return { serverId: input.serverId, skipped: `${ownId} is already running`, sections: [] };
    }
  }
  const progress: LibraryImportProgress = { phase: 'planning', items: { done: 0, total: 0 }, sections: [] };
  let approved = false;
  setHandler(libraryProgressQuery, () => progress);
  setHandler(
    libraryApproveUpdate,
    () => {
      approved = true;
      const waiting = progress.awaitingApproval ?? [];
      return { sections: waiting.length, missing: waiting.reduce((n, w) => n + w.missing, 0) };
    },
    {
      validator: () => {
        if (!progress.awaitingApproval?.length) throw new Error('no missing items are waiting for approval in this run');
      },
    },
  );

  const retry = {
    initialInterval: input.retry?.initialIntervalMs ?? 1_000,
    maximumInterval: input.retry?.maximumIntervalMs ?? 5 * 60_000,
    backoffCoefficient: 2,
  };
  const activities = proxyActivities<LibraryActivities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: input.heartbeatTimeoutMs ?? 2 * 60_000,
    retry,
  });
  const runId = workflowInfo().runId;

  const plan = await activities.libraryPlan({
    serverId: input.serverId,
    runId,
    sections: input.sections,
    full: input.full,
    show: input.show,
  });
  const settings: LibrarySettings = {
    pageSize: input.pageSize ?? plan.settings.pageSize,
    overlapSeconds: input.overlapSeconds ?? plan.settings.overlapSeconds,
    retentionMs: input.retentionMs ?? plan.settings.retentionMs,
    missingThreshold: input.missingThreshold ?? plan.settings.missingThreshold,
    approvalTimeoutMs: input.approvalTimeoutMs ?? plan.settings.approvalTimeoutMs,
  };
  progress.sections = plan.sections.map((s) => ({
    key: s.key,
    title: s.title,
    type: s.type,
    status: 'pending',
    modes: {},
    added: 0,
    updated: 0,
    unchanged: 0,
    missing: 0,
    deleted: 0,
    unmapped: 0,
    skipped: 0,
    held: 0,
  }));

  const held: Array<{ section: SectionResult; kind: ListingKind; total: number; missing: number; activeBefore: number; reason: string }> =
    [];
  progress.phase = 'listing';
  for (const [index, section] of plan.sections.entries()) {
    const result = progress.sections[index]!;
    result.status = 'running';
    progress.section = { index: index + 1, count: plan.sections.length, key: section.key, title: section.title };
    try {
      await importSection(section, result);
      if (result.status === 'running') result.status = 'imported';
    } catch (error) {
      // A listing that fails part-way fails its section and marks nothing; the next section still runs.
      if (!(error instanceof ActivityFailure)) throw error;
      result.status = 'failed';
      result.error = error.cause instanceof ApplicationFailure ? `${error.cause.type}: ${error.cause.message}` : error.message;
      if (error.cause instanceof ApplicationFailure && error.cause.type === 'AuthFailed') throw error;
    }
  }

  if (held.length > 0) {
    progress.phase = 'awaiting-approval';
    progress.awaitingApproval = held.map((h) => ({
      key: h.section.key,
      title: h.section.title,
      kind: h.kind,
      missing: h.missing,
      activeBefore: h.activeBefore,
      reason: h.reason,
    }));
    await condition(() => approved, settings.approvalTimeoutMs);
    progress.awaitingApproval = undefined;
    if (approved) {
      for (const h of held) {
        const marked = await activities.libraryReconcile({
          serverId: input.serverId,
          runId,
          sectionKey: h.section.key,
          kind: h.kind,
          total: h.total,
          missingThreshold: settings.missingThreshold,
          approved: true,
        });
        h.section.missing += marked.missing;
        h.section.held -= h.missing;
        h.section.status = 'approved';
      }
    }
  }

  progress.phase = 'finishing';
  progress.section = undefined;
  const result: LibraryImportResult = { serverId: input.serverId, fullBecause: plan.fullBecause, sections: progress.sections };
  const finish = await activities.libraryFinish({
    serverId: input.serverId,
    runId,
    retentionMs: settings.retentionMs,
    sectionKeys: plan.sections.map((s) => s.key),
    result,
  });
  for (const section of progress.sections) {
    section.deleted = finish.deleted[section.key] ?? 0;
    section.unmapped = finish.unmapped[section.key] ?? 0;
  }
  progress.phase = 'done';
  return result;

  async function importSection(section: PlannedSection, result: SectionResult): Promise<void> {
    for (const listing of section.listings) {
      progress.section!.kind = listing.kind;
      const outcome = await runListing(section, listing, result);
      if (outcome.mode !== 'full' || !outcome.cursor.stable) continue;
      // A complete, stable full listing: what it did not name is missing, unless the section shrank suspiciously.
      const verdict = await activities.libraryReconcile({
        serverId: input.serverId,
        runId,
        sectionKey: section.key,
        kind: listing.kind,
        total: outcome.cursor.total ?? 0,
        missingThreshold: settings.missingThreshold,
      });
      if (verdict.action === 'marked') result.missing += verdict.missing;
      else {
        result.held += verdict.missing;
        result.status = 'held';
        held.push({ section: result, kind: listing.kind, total: outcome.cursor.total ?? 0, ...verdict });
      }
    }
  }

  /** Pages through one listing; an incremental one that cannot be trusted is redone in full. */
  async function runListing(
    section: PlannedSection,
    listing: PlannedListing,
    result: SectionResult,
  ): Promise<ListResult & { mode: ListingMode }> {
    result.modes[listing.kind] = listing.mode;
    let cursor: ListCursor = { start: 0, stable: true, counts: { added: 0, updated: 0, unchanged: 0, skipped: 0 } };
    let before = cursor.counts;
    progress.items = { done: 0, total: 0 };
    for (;;) {
      const step = await activities.libraryList({
        serverId: input.serverId,
        runId,
        section: { key: section.key, title: section.title },
        listing,
        pageSize: settings.pageSize,
        overlapSeconds: settings.overlapSeconds,
        maxPages: input.pagesPerCall ?? defaultPagesPerCall,
        pageAttempts: input.pageAttempts ?? defaultPageAttempts,
        cursor,
      });
      cursor = step.cursor;
      addCounts(result, before, cursor.counts);
      before = cursor.counts;
      progress.items = { done: cursor.start, total: cursor.total ?? cursor.start };
      if (step.needsFull) return runListing(section, { kind: listing.kind, mode: 'full' }, result);
      if (step.done) return { ...step, mode: listing.mode };
    }
  }
}

function addCounts(result: SectionResult, before: ListCursor['counts'], after: ListCursor['counts']): void {
  result.added += after.added - before.added;
  result.updated += after.updated - before.updated;
  result.unchanged += after.unchanged - before.unchanged;
  result.skipped += after.skipped - before.skipped;
}
