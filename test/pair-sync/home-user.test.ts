import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import { type Simulator, startSimulator } from '../../src/sim';
import type { PlexHomeAccount } from '../../src/sim/plex/library';
import { createPool, type Pool } from '../../src/store/db';
import { forgetPair } from '../../src/store/pair-state';
import { boundPlexAccount } from '../../src/store/plex-accounts';
import { runPairSync, withPairs } from '../support/pair-run';
import { expectedTraktPlays, expectTraktHistoryMirrorsPlex, expectTraktRatingsMirrorPlex } from '../support/sim-truth';
import { seedTraktTokens, simConfig } from '../support/sync';

describe('a pair synced as a member of the Plex Home, and bound to that account', () => {
  let sim: Simulator;
  let admin: Config;
  let db: Pool;
  let member: PlexHomeAccount;
  const pairId = `home-member-${Date.now()}`;
  const pairs = [{ id: pairId, source: 'plex' as const, target: 'trakt' as const, features: { history: {}, ratings: {} } }];

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 11 });
    member = sim.library.accounts.find((a) => a.managed && a.protected)!;
    admin = simConfig(sim, { pairs });
    db = createPool(admin.database.url, 2);
    await seedTraktTokens(db, admin, sim);
  });
  afterAll(async () => {
    await db.end();
    await sim.close();
  });

  const asMember = (pin = member.pin) =>
    withPairs({ ...admin, plex: { ...admin.plex, home_user: member.title, home_user_pin: pin } }, pairs);
  const traktTruth = () => sim.trakt.control.truth(sim.tokens.traktUsername);

  it('a wrong PIN stops each feature with the key to fix, and writes nothing', async () => {
    const result = await runPairSync(asMember('9999'), pairId);
    for (const feature of result.features) {
      expect(feature.status).toBe('failed');
      expect(feature.error).toContain('plex.home_user_pin');
      expect(feature.error).not.toContain('9999');
    }
    expect(traktTruth().history).toEqual([]);
    expect(await boundPlexAccount(db, pairId)).toBeUndefined();
  });

  it('with plex.home_user the pair copies the member’s plays and ratings, none of the admin’s', async () => {
    expect(expectedTraktPlays(sim, member.id).length).toBeGreaterThan(0);
    const result = await runPairSync(asMember(), pairId);
    expect(result.features.map((f) => f.status)).toEqual(['synced', 'synced']);
    expectTraktHistoryMirrorsPlex(sim, member.id);
    expectTraktRatingsMirrorPlex(sim, member.id);
    expect(await boundPlexAccount(db, pairId)).toMatchObject({ uuid: member.uuid, accountId: member.id, managed: true });
  });

  it('refuses to run once the token belongs to another account, until the pair is told to forget', async () => {
    const before = traktTruth();
    const refused = await runPairSync(admin, pairId);
    for (const feature of refused.features) {
      expect(feature.status).toBe('failed');
      expect(feature.error).toMatch(/^AccountChanged: .*Plex account .*"owner".*watchsync forget/);
    }
    expect(traktTruth()).toEqual(before);

    const forgotten = await forgetPair(db, pairId);
    expect(forgotten.plexAccount).toBe(1);
    expect(forgotten.baselines).toBeGreaterThan(0);
    const result = await runPairSync(admin, pairId);
    expect(result.features.map((f) => f.status)).toEqual(['synced', 'synced']);
    expect(await boundPlexAccount(db, pairId)).toMatchObject({ uuid: sim.library.owner.uuid, accountId: 1 });
    // The owner's plays join the member's (a one-way pair adds; it removes nothing here).
    const asKeys = (plays: readonly { key: string; watched_at: string }[]) => plays.map((p) => `${p.key}@${p.watched_at}`);
    const expected = new Set(asKeys([...expectedTraktPlays(sim, member.id), ...expectedTraktPlays(sim)]));
    expect(asKeys(traktTruth().history).sort()).toEqual([...expected].sort());
  });
});
