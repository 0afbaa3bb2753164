import { afterEach, describe, expect, it } from 'vitest';
import type { Config, ConfigInput } from '../../src/config';
import { type Simulator, simSizes, startSimulator } from '../../src/sim';
import { createPool, type Pool } from '../../src/store/db';
import { listUnresolved, thaw } from '../../src/store/unresolved';
import { featureOf, runPairSync, storeTraktTokens } from '../support/pair-run';
import { movie, playsOf, plexPlays } from '../support/plex-truth';
import { duplicatePlays } from '../support/sim-truth';
import { seedTraktTokens, simConfig } from '../support/sync';

describe('items Trakt refuses are frozen as unresolved', () => {
  let sim: Simulator;
  let config: Config;
  let db: Pool;
  let pairId: string;

  async function setUp(
    features: NonNullable<ConfigInput['pairs']>[number]['features'],
    size: NonNullable<Parameters<typeof startSimulator>[0]>['size'] = 'tiny',
  ) {
    pairId = `unresolved-${Date.now()}`;
    sim = await startSimulator({ size, seed: 7 });
    config = simConfig(sim, { pairs: [{ id: pairId, source: 'plex', target: 'trakt', features }] });
    db = createPool(config.database.url, 2);
  }
  afterEach(async () => {
    await db.end();
    await sim.close();
  });

  it('a full Trakt watchlist (420) stops the feature with an account-limit reason, without a retry storm', async () => {
    await setUp({ watchlist: {} });
    // A free account whose watchlist holds 2 titles; Plex's watchlist has 5 (seed 7).
    const capped = sim.trakt.control.createUser({ username: 'capped', watchlistLimit: 2 });
    await storeTraktTokens(db, config, capped.tokens);

    const first = featureOf(await runPairSync(config, pairId), 'watchlist');
    expect(first.status).toBe('account_limit');
    expect(first.toTarget).toMatchObject({ added: 0, unresolved: 5 });
    const frozen = await listUnresolved(db, { pairId, feature: 'watchlist' });
    expect(frozen).toHaveLength(5);
    for (const item of frozen)
      expect(item).toMatchObject({ destination: 'target', attempts: 1, reason: expect.stringMatching(/^account_limit: .*account limit/) });

    // The next run leaves the frozen titles alone: no further POST hits the full list.
    const second = featureOf(await runPairSync(config, pairId), 'watchlist');
    expect(second).toMatchObject({ status: 'synced', frozen: 5, toTarget: { added: 0, unresolved: 0 } });
    expect(sim.trakt.faults.count('POST /sync/watchlist')).toBe(1);
    expect(sim.trakt.control.truth('capped').watchlist).toEqual([]);
  });

  it('after the first 420 on a list no further POST reaches it: 450 titles against a limit of 150, one 420, the rest frozen at once', async () => {
    await setUp({ watchlist: {} }, { ...simSizes.tiny, movies: 1_000 });
    const movies = sim.catalog.movies.filter((m) => m.traktKnown && m.guidStyle === 'modern').slice(0, 450);
    expect(movies).toHaveLength(450);
    sim.discover.state.watchlists.replace(
      sim.tokens.plexOwner,
      movies.map((m) => m.plexId),
    );
    const capped = sim.trakt.control.createUser({ username: 'capped', watchlistLimit: 150 });
    await storeTraktTokens(db, config, capped.tokens);
    sim.trakt.faults.resetCounts();

    // Five chunks of at most 100: the first fits, the second is refused, and the three behind it send nothing.
    const watchlist = featureOf(await runPairSync(config, pairId), 'watchlist');
    expect(sim.trakt.faults.count('POST /sync/watchlist')).toBe(2);
    expect(sim.trakt.control.truth('capped').watchlist).toHaveLength(100);
    expect(watchlist).toMatchObject({ status: 'account_limit', toTarget: { added: 100, unresolved: 350 } });
    const frozen = await listUnresolved(db, { pairId, feature: 'watchlist' });
    expect(frozen).toHaveLength(350);
    for (const item of frozen)
      expect(item).toMatchObject({ attempts: 1, reason: expect.stringMatching(/^account_limit: .*account limit/) });
  });

  it('a title Trakt does not know is frozen, skipped, then written once after Trakt learns it and it is thawed', async () => {
    await setUp({ history: {} });
    await seedTraktTokens(db, config, sim);
    const unknown = 'm23'; // traktKnown: false, played twice by the owner (seed 7)
    const plexPlaysOfUnknown = playsOf(plexPlays(sim), unknown);
    expect(plexPlaysOfUnknown).toHaveLength(2);
    const traktPlays = () => sim.trakt.control.truth(sim.tokens.traktUsername).history;

    const first = featureOf(await runPairSync(config, pairId), 'history');
    expect(first.status).toBe('synced');
    expect(first.toTarget.unresolved).toBe(2);
    const [frozen, ...others] = await listUnresolved(db, { pairId, feature: 'history' });
    expect(others).toEqual([]);
    expect(frozen).toMatchObject({
      attempts: 1,
      reason: expect.stringMatching(/^not_found/),
      itemKey: `movie:tmdb:${movie(sim, unknown).ids.tmdb}`,
    });
    expect(Date.parse(frozen!.firstAttemptAt)).toBeLessThanOrEqual(Date.parse(frozen!.lastAttemptAt));
    expect(playsOf(traktPlays(), unknown)).toEqual([]);

    // Trakt learns the title, but the frozen item waits for its thaw.
    sim.trakt.control.learn(unknown);
    const second = featureOf(await runPairSync(config, pairId), 'history');
    expect(second).toMatchObject({ frozen: 2, toTarget: { added: 0 } });
    expect(playsOf(traktPlays(), unknown)).toEqual([]);
    expect(await listUnresolved(db, { pairId })).toMatchObject([{ attempts: 1 }]);

    expect(await thaw(db, { pairId, feature: 'history' })).toBe(1);
    const third = featureOf(await runPairSync(config, pairId), 'history');
    expect(third.toTarget).toMatchObject({ added: 2, unresolved: 0 });
    expect(
      playsOf(traktPlays(), unknown)
        .map((p) => p.watched_at)
        .sort(),
    ).toEqual(plexPlaysOfUnknown.map((p) => p.watched_at).sort());
    expect(duplicatePlays(traktPlays())).toEqual([]);
    expect(await listUnresolved(db, { pairId })).toEqual([]);

    // Written once: a further run finds nothing to do.
    const fourth = featureOf(await runPairSync(config, pairId), 'history');
    expect(fourth.toTarget).toMatchObject({ added: 0, unresolved: 0 });
  });
});
