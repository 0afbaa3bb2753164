import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, simSizes, startSimulator } from '../../src/sim';
import { featureOf, startPairSync } from '../support/pair-run';
import { type ProcessSync, processSync } from '../support/process-sync';
import { expectedTraktPlays, expectTraktHistoryMirrorsPlex } from '../support/sim-truth';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const pairId = `two-workers-${Date.now()}`;

describe('two worker processes writing to one Trakt account', () => {
  let sim: Simulator;
  let sync: ProcessSync;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // Enough owner plays for at least five history POSTs of 100.
    sim = await startSimulator({ size: { ...simSizes.tiny, plays: 1_300 }, seed: 3 });
    sync = await processSync(sim, { pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {} } }] });
    workers.push(...(await Promise.all([startWorkerProcess(sync.configPath), startWorkerProcess(sync.configPath)])));
  }, 120_000);
  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await sync?.close();
    await sim?.close();
  });

  it('share Trakt’s limit of one write a second: never two accepted in a second, never a 429', async () => {
    expect(expectedTraktPlays(sim).length).toBeGreaterThan(400);
    const handle = await startPairSync(sync.client, sync.taskQueue, pairId, { chunkConcurrency: 6 });
    const result = await handle.result();

    expect(featureOf(result, 'history').status).toBe('synced');
    expectTraktHistoryMirrorsPlex(sim);
    const account = `user:${sim.tokens.traktUsername}`;
    expect(sim.trakt.rateLimiter.acceptedWrites(account).length).toBeGreaterThanOrEqual(5);
    expect(sim.trakt.rateLimiter.maxAcceptedWritesIn(account, 1_000)).toBeLessThanOrEqual(1);
    expect(sim.trakt.rateLimiter.rejections).toEqual([]);
  }, 90_000);
});
