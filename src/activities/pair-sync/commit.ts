import type { Pool } from 'pg';
import { recordKey } from '../../domain/keys';
import { frozenTitlesBySide } from '../../domain/plan/frozen';
import type { ItemRecord, Side } from '../../domain/plan/types';
import type { TraktClient } from '../../providers/trakt';
import { loadBaselines, saveBaselines } from '../../store/baselines';
import { clearHeld } from '../../store/held-removals';
import { chunkResults, lastWriteAt, loadPlanSummary } from '../../store/plans';
import { loadSnapshot, saveSnapshot } from '../../store/snapshots';

/**
 * DESIGN.md §4 step 5: the new baseline of each side is what its snapshot held plus what this run confirmed
 * writing there (adds) minus what it confirmed removing. Unconfirmed writes (frozen, skipped, not approved)
 * stay out, and unconfirmed removals stay in the other side's baseline, so the next run plans them again, unless
 * they were held and rejected (`rejected`): then the side they came from is adopted as it is and they are dropped.
 * An incomplete snapshot keeps that side's previous baseline. Returns the baselines' sizes and, from the same chunks,
 * the titles the run froze at each side.
 */
export async function commitBaselines(
  db: Pool,
  planId: number,
  rejected = false,
): Promise<{ source: number; target: number; unresolved: Record<Side, number> }> {
  const plan = await loadPlanSummary(db, planId);
  const [source, target, previous, chunks] = await Promise.all([
    loadSnapshot<ItemRecord>(db, plan.sourceSnapshot),
    loadSnapshot<ItemRecord>(db, plan.targetSnapshot),
    loadBaselines<ItemRecord>(db, plan.pairId, plan.feature),
    chunkResults(db, planId),
  ]);
  const next = (side: Side, snapshot: typeof source): ItemRecord[] => {
    if (!snapshot.complete) return previous?.[side] ?? [];
    const records = new Map(snapshot.records.map((r) => [recordKey(r), r]));
    for (const chunk of chunks) {
      // A removal not carried out (held without approval, or never reached) is a loss on this side the next run
      // must still see: this side's baseline keeps the record, so the removal is planned again.
      const dropped = rejected && chunk.needsApproval;
      if (chunk.destination !== side && chunk.op === 'remove' && chunk.status !== 'done' && !dropped) {
        for (const record of chunk.records as ItemRecord[]) records.set(recordKey(record), record);
      }
      if (chunk.destination !== side || chunk.status !== 'done') continue;
      const failed = new Set(failedKeysOf(chunk));
      for (const record of chunk.records as ItemRecord[]) {
        const key = recordKey(record);
        if (failed.has(key)) continue;
        if (chunk.op === 'add') records.set(key, record);
        else records.delete(key);
      }
    }
    return [...records.values()];
  };
  const baselines = { source: next('source', source), target: next('target', target) };
  await saveBaselines(db, plan.pairId, plan.feature, baselines);
  // Held removals decided in this run (all applied, or rejected) no longer wait.
  const held = chunks.filter((chunk) => chunk.needsApproval);
  if (held.length > 0 && (rejected || held.every((chunk) => chunk.status === 'done'))) await clearHeld(db, plan.pairId, plan.feature);
  const failed = chunks.map((chunk) => ({ ...chunk, records: chunk.records as ItemRecord[], failedKeys: failedKeysOf(chunk) }));
  return { source: baselines.source.length, target: baselines.target.length, unresolved: frozenTitlesBySide(failed) };
}

/** The records of a chunk that failed for good (none unless it is done). */
function failedKeysOf(chunk: { status: string; result: unknown }): string[] {
  return chunk.status === 'done' ? ((chunk.result as { failedKeys?: string[] } | null)?.failedKeys ?? []) : [];
}

/** Trakt stamps our own writes; a stamp later than this after our last write means someone else changed it too. */
const ownWriteMarginMs = 60_000;

/**
 * After writing to Trakt, its last_activities stamp moved because of us. Recording the new baseline as that
 * side's snapshot at the new stamp lets the next run skip re-reading an unchanged Trakt (one GET). If the stamp
 * is later than our own writes could explain, somebody else changed the list meanwhile: nothing is recorded and
 * the next run reads it in full.
 */
export async function recordTraktAfterWrites(db: Pool, trakt: TraktClient, planId: number, side: Side): Promise<boolean> {
  const plan = await loadPlanSummary(db, planId);
  const lastWrite = await lastWriteAt(db, planId, side);
  if (!lastWrite) return false;
  const stamp = (await trakt.lastActivities()).features[plan.feature];
  if (stamp === undefined || Date.parse(stamp) > lastWrite.getTime() + ownWriteMarginMs) return false;
  const baselines = await loadBaselines<ItemRecord>(db, plan.pairId, plan.feature);
  if (!baselines) return false;
  await saveSnapshot(db, {
    pairId: plan.pairId,
    side,
    provider: 'trakt',
    feature: plan.feature,
    complete: true,
    records: baselines[side],
    checkpoint: { stamp },
  });
  return true;
}
