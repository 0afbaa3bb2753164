import { Client, Connection } from '@temporalio/client';
import type { ConfigInput } from '../src/config';
import type { Simulator } from '../src/sim';
import { simulatorSections } from '../src/sim/config';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { createSecretBox } from '../src/store/secret-box';
import { pgTraktTokenStore } from '../src/store/trakt-tokens';
import type { PairSyncResult, pairSync } from '../src/workflows/pair-sync';
import { pairSyncWorkflowType, pairWorkflowId } from '../src/workflows/pair-sync-api';
import { countsOf, startWorker, type WorkerProcess } from './support';

/** What one pair-sync run cost, counted by the simulator. */
export interface PairSyncRunReport {
  wallSeconds: number;
  workflowHistoryEvents: number;
  result: Record<string, unknown>[];
  requests: Record<'trakt' | 'pms' | 'discover' | 'plextv', Record<string, number>>;
  traktGets: number;
  traktPosts: number;
  trakt429s: number;
  traktWrites: ReturnType<typeof writeTimeline>;
  /** Trakt allows 1 POST/s: a run that must POST n times cannot take less than about n seconds. */
  rateLimitFloorSeconds: number;
}

export interface PairSyncRunner {
  /** Starts the pair's sync and waits for it; counters are reset first. */
  run(): Promise<PairSyncRunReport>;
  worker: WorkerProcess;
  close(): Promise<void>;
}

function sumOf(counts: Record<string, number>, method: string): number {
  return Object.entries(counts)
    .filter(([route]) => route.startsWith(`${method} `))
    .reduce((n, [, c]) => n + c, 0);
}

export type PairFeature = 'history' | 'ratings' | 'watchlist';

/**
 * A Plex → Trakt pair (by default history, ratings and watchlist) on a running simulator, its Trakt tokens stored,
 * and a worker process as users run it: ready to run pair syncs against a Temporal server at `temporalAddress`.
 */
export async function startPairSyncRunner(
  sim: Simulator,
  temporalAddress: string,
  databaseUrl: string,
  features: readonly PairFeature[] = ['history', 'ratings', 'watchlist'],
): Promise<PairSyncRunner> {
  const pairId = `bench-${Date.now()}`;
  const account = `bench-${Date.now()}`;
  const config: ConfigInput = {
    temporal: { address: temporalAddress },
    database: { url: databaseUrl },
    log: { level: 'info' },
    ...simulatorSections(sim, account),
    pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: Object.fromEntries(features.map((f) => [f, {}])) }],
  };
  const db = createPool(databaseUrl, 2);
  await migrate(db);
  await pgTraktTokenStore(db, createSecretBox(config.secrets ?? {})).save(account, {
    accessToken: sim.tokens.traktAccess,
    refreshToken: sim.tokens.traktRefresh,
    expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
  });
  const worker = await startWorker(config);
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection });
  const subject = `user:${sim.tokens.traktUsername}`;

  return {
    worker,
    async run() {
      for (const board of [sim.trakt.faults, sim.pms.faults, sim.discover.faults, sim.plextv.faults]) board.resetCounts();
      const rejectionsBefore = sim.trakt.rateLimiter.rejections.length;
      const writesBefore = sim.trakt.rateLimiter.acceptedWrites(subject).length;
      const started = Date.now();
      const handle = await client.workflow.start<typeof pairSync>(pairSyncWorkflowType, {
        taskQueue: 'watchsync',
        workflowId: pairWorkflowId(pairId),
        args: [{ pairId }],
      });
      const result = (await handle.result()) as PairSyncResult;
      const wallMs = Date.now() - started;
      const history = await handle.fetchHistory();
      const trakt = countsOf(sim.trakt.faults.counts);
      const traktPosts = sumOf(trakt, 'POST');
      return {
        wallSeconds: wallMs / 1000,
        workflowHistoryEvents: history.events?.length ?? 0,
        result: result.features.map((f) => ({ feature: f.feature, status: f.status, ...f.toTarget })),
        requests: {
          trakt,
          pms: countsOf(sim.pms.faults.counts),
          discover: countsOf(sim.discover.faults.counts),
          plextv: countsOf(sim.plextv.faults.counts),
        },
        traktGets: sumOf(trakt, 'GET'),
        traktPosts,
        trakt429s: sim.trakt.rateLimiter.rejections.length - rejectionsBefore,
        traktWrites: writeTimeline(sim.trakt.rateLimiter.acceptedWrites(subject).slice(writesBefore), started),
        rateLimitFloorSeconds: traktPosts,
      };
    },
    async close() {
      await worker.stop();
      await connection.close();
      await db.end();
    },
  };
}

/** When Trakt writes started and how evenly they were spaced: where a run's time over the floor goes. */
function writeTimeline(times: readonly number[], started: number) {
  if (times.length === 0) return undefined;
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  const sorted = [...gaps].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    firstWriteAfterSeconds: (times[0]! - started) / 1000,
    lastWriteAfterSeconds: (times[times.length - 1]! - started) / 1000,
    gapMs: {
      p50: at(0.5),
      p90: at(0.9),
      max: sorted[sorted.length - 1] ?? 0,
      mean: Math.round(gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length)),
    },
  };
}
