import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import { type Simulator, startSimulator } from '../../src/sim';
import { createPool, type Pool } from '../../src/store/db';
import { featureOf, inPhase, startPairSync, waitForProgress, waitForRetriedActivity } from '../support/pair-run';
import { expectTraktHistoryMirrorsPlex, expectTraktRatingsMirrorPlex } from '../support/sim-truth';
import { seedTraktTokens, simConfig, withSyncWorkers } from '../support/sync';

const pairId = `outage-${Date.now()}`;

describe('Trakt failing in the middle of a pair sync', () => {
  let sim: Simulator;
  let config: Config;
  let db: Pool;
  const writer = () => `user:${sim.tokens.traktUsername}`;

  beforeEach(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 5 });
    config = simConfig(sim, { pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {}, ratings: {} } }] });
    db = createPool(config.database.url, 2);
    await seedTraktTokens(db, config, sim);
  });
  afterEach(async () => {
    await db.end();
    await sim.close();
  });

  it('an outage (503 on every route) is waited out and the run finishes on its own with the exact end state', async () => {
    // Slow history writes keep the run in its apply phase long enough for the outage to start there.
    sim.trakt.control.setFault('POST /sync/history', { latencyMs: 1_000 });
    const result = await withSyncWorkers(config, async ({ client, taskQueue }) => {
      const handle = await startPairSync(client, taskQueue, pairId);
      await waitForProgress(handle, inPhase('applying'));
      sim.trakt.control.setFault('*', { status: 503, outageForMs: 3_000 });
      expect(await waitForRetriedActivity(handle)).toMatch(/503/);
      return handle.result();
    });
    expect(result.features.map((f) => f.status)).toEqual(['synced', 'synced']);
    expectTraktHistoryMirrorsPlex(sim);
    expectTraktRatingsMirrorPlex(sim);
  });

  it('a storm of 429s with Retry-After is waited out without ever exceeding one accepted write a second', async () => {
    sim.trakt.control.setFault('POST /sync/history', { failNext: 2, rateLimitStormRetryAfterS: 2 });
    sim.trakt.control.setFault('POST /sync/ratings', { failNext: 2, rateLimitStormRetryAfterS: 2 });
    const result = await withSyncWorkers(config, async ({ client, taskQueue }) =>
      (await startPairSync(client, taskQueue, pairId)).result(),
    );

    expect(featureOf(result, 'history').status).toBe('synced');
    expect(featureOf(result, 'ratings').status).toBe('synced');
    expectTraktHistoryMirrorsPlex(sim);
    expectTraktRatingsMirrorPlex(sim);
    // Both storms were met (each route answered 429 twice, then accepted the write) ...
    expect(sim.trakt.faults.count('POST /sync/history')).toBe(3);
    expect(sim.trakt.faults.count('POST /sync/ratings')).toBe(3);
    // ... and Trakt's own limiter never had to refuse a write nor saw two in one second.
    expect(sim.trakt.rateLimiter.rejections).toEqual([]);
    expect(sim.trakt.rateLimiter.maxAcceptedWritesIn(writer(), 1_000)).toBeLessThanOrEqual(1);
  });
});
