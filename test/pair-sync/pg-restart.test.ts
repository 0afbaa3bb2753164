import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgCluster, startPgCluster } from '../../bench/pg-cluster';
import { type Simulator, simSizes, startSimulator } from '../../src/sim';
import { createPool } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { featureOf, inPhase, startPairSync, waitForProgress } from '../support/pair-run';
import { type ProcessSync, processSync } from '../support/process-sync';
import { expectedTraktPlays, expectTraktHistoryMirrorsPlex } from '../support/sim-truth';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const pairId = `pg-restart-${Date.now()}`;

describe('PostgreSQL restarted while a pair sync applies', () => {
  let cluster: PgCluster;
  let sim: Simulator;
  let sync: ProcessSync;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    // A cluster of this test's own: restarting the shared one would cut every other test's sessions.
    cluster = await startPgCluster();
    const pool = createPool(cluster.url, 1);
    await migrate(pool);
    await pool.end();
    // Enough plays for several Trakt chunks.
    sim = await startSimulator({ size: { ...simSizes.tiny, plays: 400 }, seed: 17 });
    sync = await processSync(sim, {
      database: { url: cluster.url },
      pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {} } }],
    });
  }, 120_000);
  afterAll(async () => {
    await worker?.kill();
    await sync?.close();
    await sim?.close();
    await cluster?.destroy();
  });

  it('is an activity failure the engine retries: the worker keeps running and the run finishes with every play once', async () => {
    // Slow history writes: the restart lands while a chunk holds the account's write turn (a pooled session).
    sim.trakt.control.setFault('POST /sync/history', { latencyMs: 1_500 });
    worker = await startWorkerProcess(sync.configPath);
    const handle = await startPairSync(sync.client, sync.taskQueue, pairId, { heartbeatTimeoutMs: 10_000 });
    await waitForProgress(handle, (p) => inPhase('applying')(p) && sim.trakt.faults.count('POST /sync/history') > 0);
    // Every session is terminated (57P01), then the database is away for a while (an outage, shortened).
    const running = worker;
    const died = new Promise<never>((_, reject) =>
      running.child.once('exit', (code, signal) => reject(new Error(`the worker exited (${code ?? signal}):\n${running.output()}`))),
    );
    await cluster.restart(3_000);
    const result = await Promise.race([handle.result(), died]);

    expect(running.child.exitCode).toBeNull();
    expect(featureOf(result, 'history').status).toBe('synced');
    expect(expectedTraktPlays(sim).length).toBeGreaterThan(100);
    // Nothing lost, nothing duplicated.
    expectTraktHistoryMirrorsPlex(sim);
    // The restart did fail activities (they were retried), rather than landing between them.
    const { events } = await handle.fetchHistory();
    const retried = (events ?? []).filter((event) => (event.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
    expect(retried.length).toBeGreaterThan(0);
  }, 120_000);
});
