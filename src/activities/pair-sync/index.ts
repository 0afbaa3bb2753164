import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { Config, PairConfig } from '../../config';
import type { RunFingerprint } from '../../config/fingerprint';
import { features } from '../../domain/items';
import type { Side } from '../../domain/plan/types';
import { loadPlanSummary } from '../../store/plans';
import { type Clients, NotConfiguredError } from '../clients';
import { carriedFailure, reportRetriedFailure } from '../failing-report';
import { toActivityFailure } from '../failures';
import { type ApplyOutcome, type ApplyRequest, applyChunk } from './apply';
import { commitBaselines, recordTraktAfterWrites } from './commit';
import { indexPlex, indexTrakt } from './index-side';
import { planPair } from './plan';
import type { CommitRequest, IndexRequest, PairDescription, PlanRef, PlanRequest, SnapshotRef } from './types';
import { pairOf, verifyPlexBinding, verifyRun, verifyTraktBinding } from './verify';

export interface PairSyncDeps {
  db: Pool;
  /** Absent in workers that do not sync (tests of other features): the activities then fail as not configured. */
  config?: Config;
  clients?: Clients;
}

/**
 * Runs `fn`, heartbeating meanwhile (long reads are one await), and maps provider errors to retry semantics. A
 * failure the engine will retry is reported to the run (`failing-report.ts`); `service` names who failed.
 */
export async function activity<T>(service: string, fn: (heartbeat: (details?: object) => void) => Promise<T>): Promise<T> {
  const context = Context.current();
  // Heartbeats carry the previous attempt's failure forward, so a retried cause keeps its "since".
  const failing = carriedFailure(context.info.heartbeatDetails);
  const heartbeat = (details?: object) => context.heartbeat({ ...details, failing });
  // Several heartbeats per timeout, so a live activity is never mistaken for one whose worker died.
  const everyMs = Math.min(5_000, (context.info.heartbeatTimeoutMs || 15_000) / 3);
  const timer = setInterval(() => heartbeat(), everyMs);
  try {
    return await fn(heartbeat);
  } catch (error) {
    const mapped = toActivityFailure(error, context.info.attempt);
    await reportRetriedFailure(context, service, error, mapped);
    throw mapped;
  } finally {
    clearInterval(timer);
  }
}

export function createPairSyncActivities(deps: PairSyncDeps) {
  const { db } = deps;
  const configured = () => {
    if (!deps.config || !deps.clients) throw new NotConfiguredError('config and provider clients');
    return { config: deps.config, clients: deps.clients };
  };
  return {
    async describePair(pairId: string): Promise<PairDescription> {
      // The fingerprint names the database by its installation id.
      return activity('postgresql', async () => {
        const { pair, fingerprint } = await pairOf(db, configured().config, pairId);
        return describe(pair, fingerprint);
      });
    },

    async indexSide(request: IndexRequest): Promise<SnapshotRef> {
      return activity(request.provider, async () => {
        const { config, clients } = configured();
        await verifyRun(db, config, request.pairId, request.fingerprint);
        return request.provider === 'trakt'
          ? indexTrakt(db, clients.trakt(), config.trakt.account, request)
          : indexPlex(db, await clients.plex(), config, request);
      });
    },

    async planSync(request: PlanRequest): Promise<PlanRef> {
      return activity('postgresql', async () => {
        await verifyRun(db, configured().config, request.pairId, request.fingerprint);
        return planPair(db, request);
      });
    },

    async applySyncChunk(request: ApplyRequest): Promise<ApplyOutcome> {
      return activity(request.provider, async (heartbeat) => {
        const { config, clients } = configured();
        await verifyRun(db, config, request.pairId, request.fingerprint);
        // The account written to is the one the run indexed: not another one this worker's tokens now stand for.
        if (request.provider === 'trakt') await verifyTraktBinding(db, clients.trakt(), config.trakt.account, request.pairId);
        else await verifyPlexBinding(db, await clients.plex(), request.pairId);
        return applyChunk(
          { db, config, plex: clients.plex, trakt: clients.trakt, heartbeat: (d) => heartbeat(d as object | undefined) },
          request,
        );
      });
    },

    /** The new baselines' sizes, and the titles this run froze at each side (as `unresolved list` counts them). */
    async commitSync(request: CommitRequest): Promise<{ source: number; target: number; unresolved: Record<Side, number> }> {
      // Commit writes PostgreSQL, then re-reads Trakt's activity stamps after writes.
      return activity('trakt', async () => {
        const { config, clients } = configured();
        const { pairId } = await loadPlanSummary(db, request.planId);
        await verifyRun(db, config, pairId, request.fingerprint);
        const committed = await commitBaselines(db, request.planId, request.rejected);
        for (const side of ['source', 'target'] as const) {
          if (request.providers[side] === 'trakt' && request.wroteTo.includes(side)) {
            await verifyTraktBinding(db, clients.trakt(), config.trakt.account, pairId);
            await recordTraktAfterWrites(db, clients.trakt(), request.planId, side);
          }
        }
        return committed;
      });
    },
  };
}

/** What the workflow needs of a pair: small, JSON, no secrets. */
function describe(pair: PairConfig, fingerprint: RunFingerprint): PairDescription {
  return {
    pairId: pair.id,
    source: pair.source,
    target: pair.target,
    mode: pair.mode,
    features: features.flatMap((feature) => {
      const switches = pair.features[feature];
      return switches ? [{ feature, add: switches.add, remove: switches.remove }] : [];
    }),
    ratingConflictWinner: pair.rating_conflict_winner,
    toleranceMs: pair.tolerance_ms,
    fingerprint,
  };
}

export type PairSyncActivities = ReturnType<typeof createPairSyncActivities>;
export type { ApplyOutcome, ApplyRequest } from './apply';
export type * from './types';
