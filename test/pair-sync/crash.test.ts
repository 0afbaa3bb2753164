import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, simSizes, startSimulator } from '../../src/sim';
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

  it('resumes on a restarted worker and leaves exactly the expected plays on Trakt, with no duplicate', async () => {
    // Trakt answers history writes slowly, so the kill lands while a chunk's POST is in flight.
    sim.trakt.control.setFault('POST /sync/history', { latencyMs: 2_000 });
    workers.push(await startWorkerProcess(sync.configPath));
    const handle = await startPairSync(sync.client, sync.taskQueue, pairId, { heartbeatTimeoutMs: 3_000 });
    await waitForProgress(handle, (p) => inPhase('applying')(p) && sim.trakt.faults.count('POST /sync/history') > 0);
    await workers[0]!.kill();

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
  }, 90_000);
});
