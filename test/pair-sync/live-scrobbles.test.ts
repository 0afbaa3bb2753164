import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import type { MinimalItem } from '../../src/domain/items';
import { type Simulator, startSimulator } from '../../src/sim';
import type { CatalogMovie } from '../../src/sim/catalog';
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
    sim = await startSimulator({ size: 'tiny', seed: 11 });
    config = simConfig(sim, { pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {} } }] });
    db = createPool(config.database.url, 2);
    await seedTraktTokens(db, config, sim);
  });
  afterAll(async () => {
    await db.end();
    await sim.close();
  });

  it('a Plex play whose live scrobble Trakt stamped 20 minutes later stays one play on Trakt', async () => {
    const row = sim.library.history.find((h) => {
      const entry = h.accountId === sim.library.owner.id && h.ratingKey ? catalogEntryOf(sim, h.ratingKey) : undefined;
      return entry?.kind === 'movie' && entry.guidStyle === 'modern' && syncableToTrakt(sim, entry);
    })!;
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

    const result = await runPairSync(config, pairId);

    expect(featureOf(result, 'history').toTarget.added).toBeGreaterThan(0);
    const plays = sim.trakt.control.truth(sim.tokens.traktUsername).history;
    expect(plays.filter((p) => p.key === movie.key && Math.abs(Date.parse(p.watched_at) - row.viewedAt * 1000) < 3600_000)).toHaveLength(1);
    expect(duplicatePlays(plays)).toEqual([]);
  });
});
