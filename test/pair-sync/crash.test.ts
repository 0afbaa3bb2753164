import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, simSizes, startSimulator } from '../../src/sim';
import { defaultHeartbeatTimeoutMs } from '../../src/workflows/pair-sync';
import { featureOf, inPhase, startPairSync, waitForProgress } from '../support/pair-run';
import { type ProcessSync, processSync } from '../support/process-sync';
import { expectedTraktPlays, expectTraktHistoryMirrorsPlex } from '../support/sim-truth';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const pairId = `crash-${Date.now()}`;

describe('a worker killed in the middle of applying a pair sync', () => {
  let sim: Simulator;
  let sync: ProcessSync;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // Enough plays for two Trakt chunks.
    sim = await startSimulator({ size: { ...simSizes.tiny, plays: 300 }, seed: 11 });
    sync = await processSync(sim, { pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {} } }] });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await sync?.close();
    await sim?.close();
  });

  it('resumes on a restarted worker within the heartbeat timeout (30 s) and leaves exactly the expected plays, with no duplicate', async () => {
    // Trakt answers history writes slowly, so the kill lands while a chunk's POST is in flight.
    sim.trakt.control.setFault('POST /sync/history', { latencyMs: 2_000 });
    workers.push(await startWorkerProcess(sync.configPath));
    // The production heartbeat timeout: how long a dead worker's chunk waits before it is retried elsewhere.
    const handle = await startPairSync(sync.client, sync.taskQueue, pairId);
    await waitForProgress(handle, (p) => inPhase('applying')(p) && sim.trakt.faults.count('POST /sync/history') > 0);
    await workers[0]!.kill();
    const killedAt = Date.now();

    sim.trakt.control.clearFaults();
    workers.push(await startWorkerProcess(sync.configPath));
    const result = await handle.result();

    const history = featureOf(result, 'history');
    expect(history.status).toBe('synced');
    expect(expectedTraktPlays(sim).length).toBeGreaterThan(100);
    expectTraktHistoryMirrorsPlex(sim);
    // The chunk cut short was sent again after the restart (and found its plays already there).
    const { rows } = await sync.db.query<{ attempts: number }>('select max(attempts) as attempts from plan_chunks where plan_id = $1', [
      history.planId,
    ]);
    expect(rows[0]!.attempts).toBeGreaterThan(1);

    const { events } = await handle.fetchHistory();
    const scheduled = (events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes ?? []);
    expect(new Set(scheduled.map((a) => Number(a.heartbeatTimeout?.seconds)))).toEqual(new Set([defaultHeartbeatTimeoutMs / 1000]));
    // The chunk cut short started again on the new worker within the timeout (it was 2 minutes before).
    const retriedAt = (events ?? [])
      .filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1)
      .map((e) => Number(e.eventTime?.seconds) * 1000 + Math.round((e.eventTime?.nanos ?? 0) / 1e6));
    expect(retriedAt.length).toBeGreaterThan(0);
    const recoveryMs = Math.min(...retriedAt) - killedAt;
    console.log(JSON.stringify({ test: 'worker killed mid-apply', recoverySeconds: recoveryMs / 1000 }));
    expect(recoveryMs).toBeLessThan(defaultHeartbeatTimeoutMs + 15_000);
  }, 150_000);
});
