import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config, ConfigInput } from '../../src/config';
import { type Simulator, simSizes, startSimulator } from '../../src/sim';
import { movieRatingKey } from '../../src/sim/catalog';
import { createPool, type Pool } from '../../src/store/db';
import { listUnresolved, thaw } from '../../src/store/unresolved';
import type { PairSyncResult } from '../../src/workflows/pair-sync';
import { cli } from '../support/cli';
import { featureOf, runPairSync, storeTraktTokens } from '../support/pair-run';
import { movie, playsOf, plexPlays } from '../support/plex-truth';
import { duplicatePlays } from '../support/sim-truth';
import { seedTraktTokens, simConfig } from '../support/sync';
import { writeTestConfig } from '../support/worker-process';

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
    // One title (its two plays), counted as `watchsync unresolved list` counts it.
    expect(first.toTarget.unresolved).toBe(1);
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
  it('a title whose plays fall into two chunks counts once in the run summary, as `unresolved list` counts it', async () => {
    await setUp({ history: {} });
    await seedTraktTokens(db, config, sim);
    const unknown = 'm23'; // traktKnown: false (seed 7)
    const owner = sim.library.owner.id;
    const times = plexPlays(sim).map((p) => Date.parse(p.watched_at) / 1000);
    const [first, last] = [Math.min(...times), Math.max(...times)];
    // More than one chunk of plays (Trakt takes 100 a POST), with the unknown title's plays at both ends.
    const known = sim.catalog.movies.filter((m) => m.traktKnown && m.guidStyle === 'modern');
    for (let i = 0; plexPlays(sim).length <= 120; i++) {
      sim.library.markPlayed(owner, movieRatingKey(known[i % known.length]!), first + 60 + i * 60);
    }
    sim.library.markPlayed(owner, movieRatingKey(movie(sim, unknown)), first - 3600);
    sim.library.markPlayed(owner, movieRatingKey(movie(sim, unknown)), last + 3600);

    const history = featureOf(await runPairSync(config, pairId), 'history');
    expect(sim.trakt.faults.count('POST /sync/history')).toBeGreaterThanOrEqual(2);
    expect(await listUnresolved(db, { pairId, feature: 'history' })).toHaveLength(1);
    expect(history.toTarget.unresolved).toBe(1);
  });
});

describe('the CLI on frozen titles: `unresolved list` and `inspect`', () => {
  let sim: Simulator;
  let db: Pool;
  let configPath: string;
  let result: PairSyncResult;
  const pairId = `cli-frozen-${Date.now()}`;
  const unknown = 'm23'; // traktKnown: false, played twice by the owner (seed 7)

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 7 });
    const config = simConfig(sim, {
      pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {}, ratings: {}, watchlist: {} } }],
    });
    db = createPool(config.database.url, 2);
    await seedTraktTokens(db, config, sim);
    result = await runPairSync(config, pairId);
    configPath = writeTestConfig(config);
  });
  afterAll(async () => {
    await db?.end();
    await sim?.close();
  });

  const ratingKeyOf = (key: string) =>
    [...sim.library.items.values()].find((item) => item.guid.endsWith(movie(sim, key).plexId))!.ratingKey;

  it('`unresolved list` is a table of the frozen titles, with counts that agree with the run summary', async () => {
    const summed = Object.fromEntries(result.features.map((f) => [f.feature, f.toTarget.unresolved + f.toSource.unresolved]));
    expect(summed.history, `${unknown} is unknown to Trakt`).toBeGreaterThan(0);

    const { code, stdout, stderr } = await cli(configPath, 'unresolved', 'list', '--pair', pairId);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    for (const column of ['pair', 'feature', 'to', 'title', 'item', 'reason', 'attempts', 'next retry']) expect(lines[1]).toContain(column);
    const m23 = movie(sim, unknown);
    const row = lines.find((line) => line.includes(`movie:tmdb:${m23.ids.tmdb}`));
    expect(row).toContain(`${m23.title} (${m23.year})`);
    expect(row).toContain('not_found');
    expect(row).toMatch(/│ 1 +│ in 23h 59m/);
    const counts = Object.entries(summed)
      .filter(([, n]) => n > 0)
      .map(([feature, n]) => `${feature} ${n}`)
      .join(', ');
    const total = Object.values(summed).reduce((a, b) => a + b, 0);
    expect(stderr.trim()).toBe(`${total} unresolved title${total === 1 ? '' : 's'} (${pairId}: ${counts})`);
  });

  it("`inspect <ratingKey>` shows the title's IDs, what each side holds and why it is frozen", async () => {
    const m23 = movie(sim, unknown);
    const { code, stdout } = await cli(configPath, 'inspect', ratingKeyOf(unknown));
    expect(code).toBe(0);
    expect(stdout).toContain(`${m23.title} (${m23.year}) — movie`);
    expect(stdout).toContain(`tmdb ${m23.ids.tmdb}`);
    expect(stdout).toContain(`Plex ratingKey ${ratingKeyOf(unknown)}`);
    expect(stdout).toMatch(/source \(plex\) +history +2 plays/);
    expect(stdout).toMatch(/target \(trakt\) +history +no/);
    expect(stdout).toContain(`frozen: history → target: not_found: Trakt does not know this title (attempts 1, tried again in 23h`);
  });

  it('`inspect` finds a title by GUID and by Trakt ID, says when it is not frozen, and refuses what it cannot find', async () => {
    const played = plexPlays(sim).find(({ key }) => {
      const entry = sim.catalog.byKey.get(key);
      return entry?.kind === 'movie' && entry.traktKnown && entry.guidStyle !== 'local' && entry.ids.imdb !== undefined;
    })!;
    const synced = movie(sim, played.key);
    const byGuid = await cli(configPath, 'inspect', `imdb://${synced.ids.imdb}`, '--pair', pairId);
    expect(byGuid.code).toBe(0);
    expect(byGuid.stdout).toContain(`${synced.title} (${synced.year})`);

    // Trakt's own ID is in no snapshot: Trakt is asked which title it is.
    const byTraktId = await cli(configPath, 'inspect', `trakt:${synced.ids.trakt}`);
    expect(byTraktId.code).toBe(0);
    expect(byTraktId.stdout).toContain(`${synced.title} (${synced.year})`);
    expect(byTraktId.stdout).toContain(`trakt ${synced.ids.trakt}`);
    expect(byTraktId.stdout).toMatch(/target \(trakt\) +history +\d+ plays?/);
    expect(byTraktId.stdout).toContain('frozen: no');

    const missing = await cli(configPath, 'inspect', 'tmdb://1');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`nothing in pair "${pairId}"'s last index matches tmdb://1`);
    const unknownPair = await cli(configPath, 'inspect', '1', '--pair', 'nope');
    expect(unknownPair.code).toBe(1);
    expect(unknownPair.stderr).toContain('pairs: no pair "nope" in the config');
  });
});
