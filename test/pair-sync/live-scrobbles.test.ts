import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import type { MinimalItem } from '../../src/domain/items';
import { type Simulator, startSimulator } from '../../src/sim';
import type { CatalogMovie } from '../../src/sim/catalog';
import type { HistoryRow } from '../../src/sim/plex/library';
import { createPool, type Pool } from '../../src/store/db';
import { recordScrobbledPlay } from '../../src/store/scrobbles';
import { eventually, pickMovie, play, verbsOf, withRig } from '../scrobble/harness';
import { featureOf, runPairSync, startPairSync, waitForProgress, withPairs } from '../support/pair-run';
import { services } from '../support/services';
import { catalogEntryOf, duplicatePlays, syncableToTrakt } from '../support/sim-truth';
import { seedTraktTokens, simConfig, withSyncWorkers } from '../support/sync';

describe('a play scrobbled live is not added again by the pair sync', () => {
  let sim: Simulator;
  let config: Config;
  let db: Pool;
  const pairId = `live-${Date.now()}`;

  beforeAll(async () => {
    // A seed no other test file uses: its own machineIdentifier, so its scrobble records touch no one else's pair.
    sim = await startSimulator({ size: 'tiny', seed: 4711 });
    config = simConfig(sim, { pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {} } }] });
    db = createPool(config.database.url, 2);
    await seedTraktTokens(db, config, sim);
  });
  afterAll(async () => {
    await db.end();
    await sim.close();
  });

  it("a Plex play whose live scrobble Trakt stamped 20 minutes later stays one play on Trakt; another server's scrobbles do not count", async () => {
    const [row, otherRow] = sim.library.history.filter((h) => {
      const entry = h.accountId === sim.library.owner.id && h.ratingKey ? catalogEntryOf(sim, h.ratingKey) : undefined;
      return entry?.kind === 'movie' && entry.guidStyle === 'modern' && syncableToTrakt(sim, entry);
    }) as [HistoryRow, HistoryRow];
    const movie = catalogEntryOf(sim, row.ratingKey!) as CatalogMovie;
    // What the scrobbler saw happen: Trakt recorded the stop 20 minutes after Plex counted the play.
    const stoppedAt = new Date((row.viewedAt + 20 * 60) * 1000).toISOString();
    sim.trakt.control.seedHistory(sim.tokens.traktUsername, [{ key: movie.key, watchedAt: stoppedAt }]);
    const item: MinimalItem = { type: 'movie', title: movie.title, year: movie.year, ids: { imdb: movie.ids.imdb, tmdb: movie.ids.tmdb } };
    await recordScrobbledPlay(db, {
      serverUuid: sim.library.machineIdentifier,
      sessionKey: '7',
      item,
      watchedAt: stoppedAt,
      dispatchKey: randomUUID(),
    });

    // The same kind of record from a server this pair does not read must not hold back this pair's play.
    const other = catalogEntryOf(sim, otherRow.ratingKey!) as CatalogMovie;
    await recordScrobbledPlay(db, {
      serverUuid: 'another-plex-server',
      sessionKey: '8',
      item: { type: 'movie', ids: { imdb: other.ids.imdb, tmdb: other.ids.tmdb } },
      watchedAt: new Date((otherRow.viewedAt + 20 * 60) * 1000).toISOString(),
      dispatchKey: randomUUID(),
    });

    const result = await runPairSync(config, pairId);

    expect(featureOf(result, 'history').toTarget.added).toBeGreaterThan(0);
    const plays = sim.trakt.control.truth(sim.tokens.traktUsername).history;
    expect(plays.filter((p) => p.key === movie.key && Math.abs(Date.parse(p.watched_at) - row.viewedAt * 1000) < 3600_000)).toHaveLength(1);
    expect(duplicatePlays(plays)).toEqual([]);
    expect(plays.some((p) => p.key === other.key && p.watched_at === new Date(otherRow.viewedAt * 1000).toISOString())).toBe(true);
  });
});

describe('a live scrobble still on its way to Trakt while the pair sync plans (issue 10)', () => {
  let db: Pool;
  beforeAll(() => {
    db = createPool(services().databaseUrl, 4);
  });
  afterAll(() => db.end());

  it('the sync holds the play back until the stop is confirmed: exactly one play on Trakt', async () => {
    // The stop may wait at Trakt for as long as the sync takes: its activity must not time out meanwhile.
    await withRig(db, { watch: true, workflowOptions: { callTimeoutMs: 120_000 } }, async (rig) => {
      const { sim } = rig;
      const pairId = `live-in-flight-${randomUUID()}`;
      const config = withPairs(rig.config, [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {} } }]);
      await eventually(() => rig.bridge.watcher?.status().state === 'connected', 'the websocket to connect');
      const { movie, ratingKey } = pickMovie(sim);
      const startedAt = Date.now();

      // Watched past 90 % (Plex counts the play), then stopped; the stop reaches Trakt and waits there unanswered.
      const releaseStop = sim.trakt.faults.hold('POST /scrobble/stop');
      const sessionKey = sim.player.start({
        accountId: sim.library.owner.id,
        ratingKey,
        viewOffsetMs: Math.ceil(movie.durationMs * 0.9) - 2_000,
      });
      await play(sim, 5_000, 1_000);
      sim.player.stop(sessionKey);
      await eventually(() => sim.trakt.faults.count('POST /scrobble/stop') === 1, 'the stop to reach Trakt');

      const during = await withSyncWorkers(config, async ({ client, taskQueue }) => {
        const handle = await startPairSync(client, taskQueue, pairId);
        // Planned while the stop is in flight; its writes then wait their turn behind the stop, as in production.
        await waitForProgress(handle, (p) => ['applying', 'committing', 'done'].includes(p.phase), 60_000);
        releaseStop();
        return handle.result();
      });
      await eventually(() => verbsOf(sim, movie.key).includes('stop:scrobble'), 'the scrobbling stop');

      const after = await runPairSync(config, pairId);
      expect(featureOf(after, 'history')).toMatchObject({ status: 'synced', inFlight: 0 });
      const plays = sim.trakt.control
        .truth(sim.tokens.traktUsername)
        .history.filter((p) => p.key === movie.key && Date.parse(p.watched_at) >= startedAt - 60_000);
      expect(plays).toHaveLength(1);
      expect(featureOf(during, 'history').inFlight).toBe(1);
    });
  }, 180_000);
});
