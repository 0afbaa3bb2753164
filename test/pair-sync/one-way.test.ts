import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import { type Simulator, startSimulator } from '../../src/sim';
import { createPool, type Pool } from '../../src/store/db';
import type { PairSyncResult, pairSync } from '../../src/workflows/pair-sync';
import { pairSyncWorkflowType, pairWorkflowId } from '../../src/workflows/pair-sync-api';
import { duplicatePlays, expectedTraktPlays } from '../support/sim-truth';
import { seedTraktTokens, simConfig, withSyncWorkers } from '../support/sync';

describe('one-way Plex → Trakt pair sync on the real engine', () => {
  let sim: Simulator;
  let config: Config;
  let db: Pool;
  const pairId = `plex-to-trakt-${Date.now()}`;

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 7 });
    config = simConfig(sim, {
      pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {}, ratings: {}, watchlist: {} } }],
    });
    db = createPool(config.database.url, 2);
    await seedTraktTokens(db, config, sim);
  });
  afterAll(async () => {
    await db.end();
    await sim.close();
  });

  const run = (dryRun = false) =>
    withSyncWorkers(config, ({ client, taskQueue }) =>
      client.workflow.execute<typeof pairSync>(pairSyncWorkflowType, {
        taskQueue,
        workflowId: pairWorkflowId(pairId),
        args: [{ pairId, dryRun, retry: { initialIntervalMs: 100, maximumIntervalMs: 1_000 } }],
      }),
    );
  const truth = () => sim.trakt.control.truth(sim.tokens.traktUsername);
  const feature = (result: PairSyncResult, name: string) => result.features.find((f) => f.feature === name)!;

  it('a dry run plans the sync and writes nothing', async () => {
    const result = await run(true);
    expect(feature(result, 'history').status).toBe('planned');
    expect(feature(result, 'history').toTarget.added).toBeGreaterThan(0);
    expect(truth().history).toHaveLength(0);
    expect(truth().ratings).toHaveLength(0);
  });

  it('the first run copies every identifiable play, rating and watchlist entry, with no duplicate', async () => {
    const result = await run();
    const history = feature(result, 'history');
    expect(history.status).toBe('synced');
    const onTrakt = truth().history;
    const expected = expectedTraktPlays(sim);
    expect(expected.length).toBeGreaterThan(10);
    for (const play of expected) {
      const landed = onTrakt.some((p) => p.key === play.key && Math.abs(Date.parse(p.watched_at) - Date.parse(play.watched_at)) <= 60_000);
      expect(landed, `play of ${play.key} at ${play.watched_at} reached Trakt`).toBe(true);
    }
    expect(duplicatePlays(onTrakt)).toEqual([]);
    expect(history.toTarget.added).toBe(onTrakt.length);

    const ratings = feature(result, 'ratings');
    expect(ratings.status).toBe('synced');
    expect(truth().ratings.length).toBe(ratings.toTarget.added);
    expect(ratings.toTarget.added).toBeGreaterThan(0);
    const watchlist = feature(result, 'watchlist');
    expect(watchlist.status).toBe('synced');
    expect(watchlist.toTarget.added).toBeGreaterThan(0);
  });

  it('a second run writes nothing, and reads unchanged Trakt lists with one GET of last_activities each', async () => {
    const before = truth();
    sim.trakt.faults.resetCounts();
    const result = await run();
    const traktGets = [...sim.trakt.faults.counts].filter(([route]) => route.startsWith('GET '));
    expect(Object.fromEntries(traktGets)).toEqual({ 'GET /sync/last_activities': 3 });
    for (const f of result.features) {
      expect(f.toTarget, f.feature).toMatchObject({ added: 0, removed: 0 });
    }
    expect(truth().history).toHaveLength(before.history.length);
    expect(truth().ratings).toEqual(before.ratings);
  });
});
