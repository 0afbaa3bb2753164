import { afterEach, describe, expect, it } from 'vitest';
import type { Config, ConfigInput } from '../../src/config';
import { type Simulator, startSimulator } from '../../src/sim';
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

  async function setUp(features: NonNullable<ConfigInput['pairs']>[number]['features']) {
    pairId = `unresolved-${Date.now()}`;
    sim = await startSimulator({ size: 'tiny', seed: 7 });
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
