import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients } from '../../src/activities/clients';
import type { Config } from '../../src/config';
import { type Simulator, startSimulator } from '../../src/sim';
import { movieRatingKey } from '../../src/sim/catalog';
import { createPool, type Pool } from '../../src/store/db';
import type { PairSyncResult } from '../../src/workflows/pair-sync';
import { featureOf, runPairSync, whenTraktAllows, withPairs } from '../support/pair-run';
import { movie, playsOf, plexPlays, plexRating, plexWatchlist } from '../support/plex-truth';
import { duplicatePlays } from '../support/sim-truth';
import { seedTraktTokens, simConfig } from '../support/sync';

const pairId = `two-way-${Date.now()}`;
const twoWay = (remove: boolean) => [
  {
    id: pairId,
    source: 'plex' as const,
    target: 'trakt' as const,
    mode: 'two-way' as const,
    features: { history: { remove }, ratings: { remove }, watchlist: { remove } },
  },
];

// Catalog of seed 7 (tiny): the owner never played m1/m2, rated m19 and m28 (7 each, in 2025 or before),
// and watchlisted m4, m11, m18, m25 and s2 in Plex; m5, m9 and m10 are untouched there (Trakt drops a
// watched title from its watchlist, so Trakt's own entries are unwatched movies).
const traktOnlyPlays = [
  { key: 'm1', watchedAt: '2024-01-10T20:00:00.000Z' },
  { key: 'm2', watchedAt: '2024-02-01T20:00:00.000Z' },
  { key: 'm2', watchedAt: '2024-03-01T20:00:00.000Z' },
];

describe('two-way Plex ⇄ Trakt pair sync', () => {
  let sim: Simulator;
  let config: Config;
  let db: Pool;
  let first: PairSyncResult;
  const traktTruth = () => sim.trakt.control.truth(sim.tokens.traktUsername);
  const traktRating = (key: string) => traktTruth().ratings.find((r) => r.key === key)?.rating;
  const run = (remove = true) => runPairSync(withPairs(config, twoWay(remove)), pairId);

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 7 });
    config = simConfig(sim, { pairs: twoWay(true) });
    db = createPool(config.database.url, 2);
    await seedTraktTokens(db, config, sim);
    const user = sim.tokens.traktUsername;
    sim.trakt.control.seedHistory(user, traktOnlyPlays);
    sim.trakt.control.seedRatings(user, [
      { key: 'm5', rating: 8, ratedAt: '2024-05-01T00:00:00.000Z' },
      // Rated on both sides differently: the newer rated_at wins (Plex's are from 2025 or before).
      { key: 'm19', rating: 3, ratedAt: new Date().toISOString() },
      { key: 'm28', rating: 2, ratedAt: '2000-01-01T00:00:00.000Z' },
    ]);
    sim.trakt.control.seedWatchlist(user, [{ key: 'm9' }, { key: 'm10' }]);
  });
  afterAll(async () => {
    await db?.end();
    await sim?.close();
  });

  it('the first run (no baselines) unions both sides and removes nothing, even with removals on', async () => {
    const plexPlaysBefore = plexPlays(sim);
    first = await run();
    for (const f of first.features) {
      expect(f.status, f.feature).toBe('synced');
      expect(f.toTarget.removed + f.toSource.removed, f.feature).toBe(0);
    }

    // Trakt's plays reached Plex (stamped "now" by PMS), one per play.
    const onPlex = plexPlays(sim);
    expect(playsOf(onPlex, 'm1')).toHaveLength(1);
    expect(playsOf(onPlex, 'm2')).toHaveLength(2);
    expect(onPlex).toHaveLength(plexPlaysBefore.length + traktOnlyPlays.length);
    // Plex's plays reached Trakt, and Trakt's own are not copied back.
    const onTrakt = traktTruth().history;
    expect(playsOf(onTrakt, 'm3')).toHaveLength(playsOf(plexPlaysBefore, 'm3').length);
    expect(playsOf(onTrakt, 'm2')).toHaveLength(2);
    expect(duplicatePlays(onTrakt)).toEqual([]);
    // m23 is unknown to Trakt: its plays are frozen as unresolved (one title), not counted as copied.
    expect(playsOf(plexPlaysBefore, 'm23').length).toBeGreaterThan(0);
    expect(featureOf(first, 'history').toTarget.unresolved).toBe(1);

    expect(plexRating(sim, 'm5')).toBe(8);
    expect(traktRating('m8')).toBe(plexRating(sim, 'm8'));
    expect(plexWatchlist(sim)).toEqual(expect.arrayContaining(['m9', 'm10', 'm4', 'm11', 'm18', 'm25', 's2']));
    expect(traktTruth().watchlist.map((w) => w.key)).toEqual(expect.arrayContaining(['m9', 'm10', 'm4', 'm11', 'm18', 'm25', 's2']));
  });

  it('a rating changed on both sides is decided by the newer rated_at', () => {
    expect(featureOf(first, 'ratings').conflicts).toBeGreaterThanOrEqual(2);
    expect(plexRating(sim, 'm19')).toBe(3);
    expect(traktRating('m19')).toBe(3);
    expect(plexRating(sim, 'm28')).toBe(7);
    expect(traktRating('m28')).toBe(7);
  });

  it('the second and third runs write nothing: plays written to Plex are not copied back to Trakt', async () => {
    const trakt = traktTruth();
    const plexPlayCount = plexPlays(sim).length;
    for (const attempt of [2, 3]) {
      const result = await run();
      for (const f of result.features) {
        const writes = { toTarget: f.toTarget, toSource: f.toSource };
        expect(writes, `run ${attempt}: ${f.feature}`).toMatchObject({
          toTarget: { added: 0, removed: 0 },
          toSource: { added: 0, removed: 0 },
        });
      }
      expect(traktTruth().history).toHaveLength(trakt.history.length);
      expect(duplicatePlays(traktTruth().history)).toEqual([]);
      expect(plexPlays(sim)).toHaveLength(plexPlayCount);
      expect(traktTruth().ratings).toEqual(trakt.ratings);
      expect(
        traktTruth()
          .watchlist.map((w) => w.key)
          .sort(),
      ).toEqual(trakt.watchlist.map((w) => w.key).sort());
    }
  });

  it('with removals off, a deletion on one side is copied back from the other', async () => {
    sim.discover.state.watchlists.remove(sim.tokens.plexOwner, movie(sim, 'm25').plexId);
    const result = await run(false);
    expect(featureOf(result, 'watchlist').toSource.added).toBe(1);
    expect(plexWatchlist(sim)).toContain('m25');
    expect(traktTruth().watchlist.map((w) => w.key)).toContain('m25');
  });

  it('with removals on, deletions on either side propagate through the baselines', async () => {
    // Plex: drop m25 from the watchlist and unrate m5; Trakt: drop m9 from the watchlist.
    sim.discover.state.watchlists.remove(sim.tokens.plexOwner, movie(sim, 'm25').plexId);
    sim.library.rate(sim.library.owner.id, movieRatingKey(movie(sim, 'm5')), undefined, Math.floor(Date.now() / 1000));
    const trakt = createClients(config, db).trakt();
    await whenTraktAllows(() => trakt.removeWatchlist([{ type: 'movie', ids: { trakt: movie(sim, 'm9').ids.trakt } }]));

    const result = await run(true);
    expect(featureOf(result, 'watchlist')).toMatchObject({ status: 'synced', toTarget: { removed: 1 }, toSource: { removed: 1 } });
    expect(featureOf(result, 'ratings').toTarget.removed).toBe(1);
    expect(traktTruth().watchlist.map((w) => w.key)).not.toContain('m25');
    expect(plexWatchlist(sim)).not.toContain('m25');
    expect(plexWatchlist(sim)).not.toContain('m9');
    expect(traktRating('m5')).toBeUndefined();
    expect(plexRating(sim, 'm5')).toBeUndefined();
    // Everything else is still there.
    expect(traktTruth().watchlist.map((w) => w.key)).toEqual(expect.arrayContaining(['m10', 'm4', 'm11', 'm18', 's2']));
  });
});
