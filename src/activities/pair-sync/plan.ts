import type { Pool } from 'pg';
import type { Play } from '../../domain/items';
import { chunk } from '../../domain/plan/chunk';
import { withoutFrozen } from '../../domain/plan/frozen';
import { liveScrobbleLagMs, liveScrobbleWindow, withoutInFlightSessions, withoutLiveScrobbles } from '../../domain/plan/live-scrobbles';
import { type FeaturePlanInput, planFeature } from '../../domain/plan/plan';
import type { ItemRecord, PlannedSideChanges, Side } from '../../domain/plan/types';
import { loadBaselines } from '../../store/baselines';
import { clearHeld, heldSince } from '../../store/held-removals';
import { type NewChunk, savePlan } from '../../store/plans';
import { inFlightSessions, scrobbledPlaysIn } from '../../store/scrobbles';
import { loadSnapshot } from '../../store/snapshots';
import { unresolvedAt } from '../../store/unresolved';
import type { PlexCheckpoint } from './index-side';
import type { ChunkDescriptor, DirectionCounts, PlanRef, PlanRequest } from './types';

/** Trakt takes at most 100 items a POST; Plex is written one item at a time, so a chunk is only a unit of progress. */
const chunkSize = { trakt: 100, plex: 50 } as const;

/** DESIGN.md §4 step 2: diff the snapshots against each other and the baselines; store the plan in chunks. */
export async function planPair(db: Pool, request: PlanRequest): Promise<PlanRef> {
  const [source, target, baseline] = await Promise.all([
    loadSnapshot<ItemRecord>(db, request.source.snapshotId),
    loadSnapshot<ItemRecord>(db, request.target.snapshotId),
    loadBaselines<ItemRecord>(db, request.pairId, request.feature),
  ]);
  const plan = planFeature({
    feature: request.feature,
    mode: request.mode,
    source: { records: source.records, complete: source.complete },
    target: { records: target.records, complete: target.complete },
    baseline,
    options: {
      add: request.add,
      remove: request.remove,
      toleranceMs: request.toleranceMs,
      ratingConflictWinner: request.ratingConflictWinner,
      ...(request.shrink ? { shrink: request.shrink } : {}),
      ...(request.removalApproval ? { removalApproval: request.removalApproval } : {}),
    },
  } as FeaturePlanInput);

  let frozen = 0;
  let inFlight = 0;
  const expired = await heldRemovalsExpired(
    db,
    request,
    plan.toTarget.removeNeedsApproval.length + plan.toSource.removeNeedsApproval.length,
  );
  const chunks: (NewChunk<ItemRecord> & { provider: 'plex' | 'trakt' })[] = [];
  const counts = {} as Record<Side, DirectionCounts>;
  for (const destination of ['target', 'source'] as const) {
    const changes = (destination === 'target' ? plan.toTarget : plan.toSource) as PlannedSideChanges<ItemRecord>;
    // Frozen items are not retried until thawed (by the CLI, a later success elsewhere, or their back-off).
    const frozenItems = (await unresolvedAt(db, request.pairId, request.feature, destination)).filter((u) => u.frozen).map((u) => u.item);
    const unfrozen = withoutFrozen(changes.add, frozenItems);
    frozen += changes.add.length - unfrozen.length;
    const provider = request.destinations[destination];
    let adds = unfrozen;
    if (request.feature === 'history' && provider === 'trakt') {
      const live = await withoutLiveScrobblesOf(db, plexServerOf(source, target), unfrozen as Play[], request.toleranceMs);
      adds = live.kept;
      inFlight += live.held.length;
    }
    const held = expired ? [] : changes.removeNeedsApproval;
    counts[destination] = {
      add: adds.length,
      remove: changes.remove.length,
      held: held.length,
      expired: changes.removeNeedsApproval.length - held.length,
    };
    const add = (op: 'add' | 'remove', records: ItemRecord[], needsApproval: boolean) => {
      for (const part of chunk(inTimeOrder(records), chunkSize[provider])) {
        chunks.push({
          destination,
          provider,
          op,
          needsApproval,
          records: part,
        });
      }
    };
    add('add', adds, false);
    add('remove', changes.remove, false);
    add('remove', held, true);
  }

  const unidentified = plan.unidentified.source.length + plan.unidentified.target.length;
  const summary = { toTarget: counts.target, toSource: counts.source, conflicts: plan.conflicts.length, unidentified, frozen, inFlight };
  const planId = await savePlan(
    db,
    {
      pairId: request.pairId,
      feature: request.feature,
      sourceSnapshot: source.snapshotId,
      targetSnapshot: target.snapshotId,
      summary,
      guards: plan.guards,
    },
    chunks,
  );
  return {
    planId,
    toTarget: counts.target,
    toSource: counts.source,
    guards: plan.guards,
    conflicts: plan.conflicts.length,
    unidentified,
    frozen,
    inFlight,
    chunks: chunks.map(
      (c, chunkNo): ChunkDescriptor => ({
        chunkNo,
        destination: c.destination,
        provider: c.provider,
        op: c.op,
        needsApproval: c.needsApproval,
        size: c.records.length,
      }),
    ),
  };
}

/** How long held removals may wait for a decision, over as many runs as it takes, before they are dropped. */
export const defaultHeldRemovalsExpireAfterMs = 7 * 24 * 3600_000;

/**
 * Whether the removals held in this plan have waited past their expiry since first held: then they are dropped
 * (reported as expired, no chunks), so the previous baseline is not kept for ever and the next run adopts the side
 * as it is. A dry run neither starts nor ends the wait.
 */
async function heldRemovalsExpired(db: Pool, request: PlanRequest, held: number): Promise<boolean> {
  if (request.dryRun) return false;
  if (held === 0) {
    await clearHeld(db, request.pairId, request.feature);
    return false;
  }
  const since = await heldSince(db, request.pairId, request.feature);
  if (Date.now() - since.getTime() < (request.heldRemovalsExpireAfterMs ?? defaultHeldRemovalsExpireAfterMs)) return false;
  await clearHeld(db, request.pairId, request.feature);
  return true;
}

/**
 * Plays in time order, so each chunk spans a short window: checking a chunk against Trakt's history (before a
 * re-send, or to find the exact plays to remove) then reads few pages. Other records keep the planner's order.
 */
function inTimeOrder(records: ItemRecord[]): ItemRecord[] {
  const time = (record: ItemRecord) => (record as Partial<Play>).watched_at ?? '';
  return records.some((r) => time(r) !== '') ? [...records].sort((a, b) => time(a).localeCompare(time(b))) : records;
}

/**
 * Plays the live scrobbler has not put on Trakt, nor is about to: plays it recorded are left out (`withoutLiveScrobbles`),
 * and plays of an item whose session on the pair's server is in flight are held back until the next run.
 */
async function withoutLiveScrobblesOf(
  db: Pool,
  serverId: string | undefined,
  plays: Play[],
  toleranceMs: number,
): Promise<{ kept: Play[]; held: Play[] }> {
  if (plays.length === 0 || serverId === undefined) return { kept: plays, held: [] };
  const { from, to } = liveScrobbleWindow(plays, toleranceMs);
  const notScrobbled = withoutLiveScrobbles(plays, await scrobbledPlaysIn(db, serverId, from, to), toleranceMs);
  const since = new Date(Date.now() - liveScrobbleLagMs).toISOString();
  return withoutInFlightSessions(notScrobbled, await inFlightSessions(db, serverId, since));
}

/** The Plex server the pair's plays come from (recorded by the Plex history index). */
function plexServerOf(...snapshots: { provider: string; checkpoint: unknown }[]): string | undefined {
  const plex = snapshots.find((s) => s.provider === 'plex');
  return (plex?.checkpoint as Partial<PlexCheckpoint> | null | undefined)?.serverId;
}
