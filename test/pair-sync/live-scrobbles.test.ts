import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import type { MinimalItem } from '../../src/domain/items';
import { type Simulator, startSimulator } from '../../src/sim';
import type { CatalogMovie } from '../../src/sim/catalog';
import type { HistoryRow } from '../../src/sim/plex/library';
import { createPool, type Pool } from '../../src/store/db';
import { recordScrobbledPlay } from '../../src/store/scrobbles';
import { featureOf, runPairSync } from '../support/pair-run';
import { catalogEntryOf, duplicatePlays, syncableToTrakt } from '../support/sim-truth';
import { seedTraktTokens, simConfig } from '../support/sync';

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
