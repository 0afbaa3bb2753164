import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import { type Simulator, startSimulator } from '../../src/sim';
import { createPool, type Pool } from '../../src/store/db';
import { forgetPair } from '../../src/store/pair-state';
import { boundTraktAccount } from '../../src/store/trakt-accounts';
import { runPairSync } from '../support/pair-run';
import { expectTraktHistoryMirrorsPlex } from '../support/sim-truth';
import { seedTraktTokens, simConfig, traktTokenStore } from '../support/sync';

describe('a pair bound to its Trakt user', () => {
  let sim: Simulator;
  let config: Config;
  let db: Pool;
  const pairId = `trakt-bound-${Date.now()}`;

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 29 });
    config = simConfig(sim, { pairs: [{ id: pairId, source: 'plex', target: 'trakt', mode: 'two-way', features: { history: {} } }] });
    db = createPool(config.database.url, 2);
    await seedTraktTokens(db, config, sim);
  });
  afterAll(async () => {
    await db.end();
    await sim.close();
  });

  const truthOf = (username: string) => sim.trakt.control.truth(username);

  it('learns the Trakt user once and binds the pair to it', async () => {
    sim.trakt.faults.resetCounts();
    const result = await runPairSync(config, pairId);
    expect(result.features.map((f) => f.status)).toEqual(['synced']);
    expectTraktHistoryMirrorsPlex(sim);
    expect(await boundTraktAccount(db, pairId)).toBe(sim.tokens.traktUsername);
    expect(sim.trakt.faults.count('GET /users/settings')).toBe(1);
    sim.trakt.faults.resetCounts();
    await runPairSync(config, pairId);
    expect(sim.trakt.faults.count('GET /users/settings')).toBe(0);
  });

  it('refuses a login as another Trakt user, writing to neither, until the pair is told to forget', async () => {
    const before = truthOf(sim.tokens.traktUsername);
    const plexPlaysBefore = sim.library.history.length;
    // `watchsync auth trakt` signed in as someone else, under the same account name.
    const { tokens } = sim.trakt.control.createUser({ username: 'someone-else' });
    await traktTokenStore(db, config).save(config.trakt.account, {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
    });
    const refused = await runPairSync(config, pairId);
    expect(refused.features[0]).toMatchObject({ status: 'failed' });
    expect(refused.features[0]?.error).toMatch(/^AccountChanged: .*Trakt account "[^"]+", but the token now belongs to "someone-else"/);
    expect(truthOf('someone-else').history).toEqual([]);
    expect(truthOf(sim.tokens.traktUsername)).toEqual(before);
    expect(sim.library.history.length, 'nothing written to Plex either').toBe(plexPlaysBefore);

    await forgetPair(db, pairId);
    const result = await runPairSync(config, pairId);
    expect(result.features.map((f) => f.status)).toEqual(['synced']);
    expect(await boundTraktAccount(db, pairId)).toBe('someone-else');
    expect(truthOf('someone-else').history.length).toBe(before.history.length);
  });
});
