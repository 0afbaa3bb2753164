import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import { type Simulator, simSizes, startSimulator } from '../../src/sim';
import { createPool, type Pool } from '../../src/store/db';
import { approveUpdate } from '../../src/workflows/pair-sync';
import { featureOf, inPhase, runPairSync, startPairSync, waitForProgress } from '../support/pair-run';
import { catalogEntryOf, expectTraktHistoryMirrorsPlex, syncableToTrakt } from '../support/sim-truth';
import { seedTraktTokens, simConfig, withSyncWorkers } from '../support/sync';

const pairId = `guards-${Date.now()}`;
const historyListing = 'GET /status/sessions/history/all';

describe('pair-sync guards against losing data', () => {
  let sim: Simulator;
  let config: Config;
  let db: Pool;
  const traktTruth = () => sim.trakt.control.truth(sim.tokens.traktUsername);

  beforeAll(async () => {
    // More owner plays than one PMS page (500), so a listing can fail half-way.
    sim = await startSimulator({ size: { ...simSizes.tiny, plays: 1_300 }, seed: 3 });
    config = simConfig(sim, {
      pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: { remove: true }, watchlist: { remove: true } } }],
    });
    db = createPool(config.database.url, 2);
    await seedTraktTokens(db, config, sim);
    const first = await runPairSync(config, pairId);
    expect(first.features.map((f) => f.status)).toEqual(['synced', 'synced']);
    expect(sim.library.history.filter((row) => row.accountId === sim.library.owner.id).length).toBeGreaterThan(550);
    expectTraktHistoryMirrorsPlex(sim);
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await sim?.close();
  });

  it('a Plex history listing failing half-way is read again, never planned from: Trakt loses nothing', async () => {
    const before = traktTruth().history.length;
    sim.pms.pageFaults.set(historyListing, { fromOffset: 500, times: 3 });
    const result = await runPairSync(config, pairId, { features: ['history'] });
    // Every failing page was met (the rule cleared itself) and the run still planned no removal.
    expect(sim.pms.pageFaults.snapshot()).toEqual({});
    expect(featureOf(result, 'history').toTarget).toMatchObject({ added: 0, removed: 0, held: 0 });
    expect(traktTruth().history).toHaveLength(before);
  });

  it('an emptied Plex watchlist trips the shrink guard instead of wiping Trakt', async () => {
    const before = traktTruth()
      .watchlist.map((w) => w.key)
      .sort();
    expect(before.length).toBeGreaterThan(0);
    sim.discover.state.watchlists.replace(sim.tokens.plexOwner, []);
    const result = await runPairSync(config, pairId, { features: ['watchlist'] });
    const watchlist = featureOf(result, 'watchlist');
    expect(watchlist.guards).toContainEqual(expect.objectContaining({ guard: 'suspicious-shrink', side: 'source', currentCount: 0 }));
    expect(watchlist.toTarget.removed).toBe(0);
    expect(
      traktTruth()
        .watchlist.map((w) => w.key)
        .sort(),
    ).toEqual(before);
  });

  describe('removing more than 10 % of Trakt history', () => {
    let removals = 0;
    beforeAll(() => {
      const owned = sim.library.history.filter((row) => {
        const entry = row.accountId === sim.library.owner.id && row.ratingKey ? catalogEntryOf(sim, row.ratingKey) : undefined;
        return entry !== undefined && syncableToTrakt(sim, entry);
      });
      // A seventh of the plays deleted in Plex: above the 10 % approval threshold, below the shrink guard's half.
      const deleted = owned.filter((_, i) => i % 7 === 0);
      for (const row of deleted) sim.library.deleteHistoryRow(row.id);
      removals = deleted.length;
    });

    it('without approval, the removals are skipped and reported as held', async () => {
      const before = traktTruth().history.length;
      const result = await runPairSync(config, pairId, { features: ['history'], approvalTimeoutMs: 500 });
      const history = featureOf(result, 'history');
      expect(history.guards).toContainEqual(expect.objectContaining({ guard: 'removal-ratio', side: 'target', removals }));
      expect(history.toTarget).toMatchObject({ removed: 0, held: removals });
      expect(traktTruth().history).toHaveLength(before);
    });

    it('the next run holds them again, and once approved they are applied', async () => {
      const result = await withSyncWorkers(config, async ({ client, taskQueue }) => {
        const handle = await startPairSync(client, taskQueue, pairId, { features: ['history'] });
        await waitForProgress(handle, inPhase('awaiting-approval'));
        const approved = await client.workflow.getHandle(`pair-sync/${pairId}`).executeUpdate(approveUpdate);
        expect(approved.removals).toBe(removals);
        return handle.result();
      });
      expect(featureOf(result, 'history').toTarget).toMatchObject({ removed: removals, held: 0 });
      expectTraktHistoryMirrorsPlex(sim);
    });
  });
});
