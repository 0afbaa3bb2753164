import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim';
import { libraryConfig, sectionOf, simServer, startLibrarySim, withLibraryWorker } from './harness';

/** Listing requests of one run, by section path and sort. */
function listingsSince(sim: Simulator, from: number) {
  return sim.pms.listings.requests.slice(from);
}

describe('library import: incremental runs', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startLibrarySim(31);
  });
  afterAll(async () => sim?.close());

  it('a no-change run asks one small page per listing; then adds, edits, a replaced file, a new episode of an old show and a delete are found', async () => {
    const server = simServer(sim, { path_mappings: [{ from: '/data/media', to: '/mnt/media' }] });
    const config = libraryConfig([server]);
    await withLibraryWorker(config, async ({ run, db }) => {
      await run(server.id);

      // Nothing changed: one newest-first page per listing kind (movies ×2 sections, shows, episodes).
      const mark = sim.pms.listings.requests.length;
      const quiet = await run(server.id);
      const requests = listingsSince(sim, mark);
      expect(requests).toHaveLength(4);
      expect(requests.every((r) => r.sort === 'updatedAt:desc' && r.start === 0)).toBe(true);
      for (const section of quiet.sections) expect(section).toMatchObject({ added: 0, updated: 0, missing: 0, status: 'imported' });
      expect(Object.values(sectionOf(quiet, 'Movies').modes)).toEqual(['incremental']);

      // Changes between runs.
      const movies = sim.library.itemsOfType(1, 'movie');
      const [edited, replaced, deleted] = [movies[0]!, movies[1]!, movies[2]!];
      const oldShow = sim.library.itemsOfType(2, 'show')[0]!;
      const showUpdatedAt = oldShow.updatedAt;
      const added = sim.pms.edits.addMovie({ title: 'Brand New', year: 2026, guids: ['imdb://tt9999999'] });
      sim.pms.edits.changeMetadata(edited.ratingKey, { title: 'Edited Title', summary: 'A new summary' });
      const oldPart = sim.pms.edits.mediaOf(replaced)[0]!.parts[0]!.id;
      sim.pms.edits.replaceFile(replaced.ratingKey, { size: 123_456, videoCodec: 'av1' });
      const episode = sim.pms.edits.addEpisode(oldShow.ratingKey, 9, 1, { title: 'Late Addition' });
      sim.pms.edits.deleteItem(deleted.ratingKey);
      expect(oldShow.updatedAt).toBe(showUpdatedAt);

      const result = await run(server.id);
      const moviesResult = sectionOf(result, 'Movies');
      // The delete changed the count, so the movies were listed in full to find which one went.
      expect(moviesResult).toMatchObject({ added: 1, missing: 1, status: 'imported', modes: { movie: 'full' } });
      expect(moviesResult.updated).toBe(2);
      expect(sectionOf(result, 'TV Shows')).toMatchObject({
        added: 1,
        updated: 0,
        missing: 0,
        modes: { show: 'incremental', episode: 'incremental' },
      });

      const row = async (table: string, ratingKey: string) =>
        (await db.query(`select * from library.${table} where server_id = $1 and rating_key = $2`, [server.id, ratingKey])).rows[0];
      expect(await row('movies', added.ratingKey)).toMatchObject({ title: 'Brand New', state: 'active' });
      expect(await row('movies', edited.ratingKey)).toMatchObject({ title: 'Edited Title', summary: 'A new summary' });
      expect(await row('movies', deleted.ratingKey)).toMatchObject({ state: 'missing' });
      expect((await row('movies', deleted.ratingKey)).missing_since).toBeInstanceOf(Date);
      expect(await row('episodes', episode.ratingKey)).toMatchObject({
        title: 'Late Addition',
        show_rating_key: oldShow.ratingKey,
        season_index: 9,
      });
      expect(await row('seasons', episode.parentRatingKey!)).toMatchObject({ title: 'Season 9', show_rating_key: oldShow.ratingKey });
      const { rows: files } = await db.query(
        'select part_id, state, size_bytes, video_codec, local_path from library.media_files where server_id = $1 and rating_key = $2 order by part_id',
        [server.id, replaced.ratingKey],
      );
      expect(files).toEqual([
        expect.objectContaining({ part_id: String(oldPart), state: 'missing' }),
        expect.objectContaining({
          state: 'active',
          size_bytes: '123456',
          video_codec: 'av1',
          local_path: expect.stringMatching(/^\/mnt\/media\//),
        }),
      ]);
    });
  });

  it('a full run finds a file replaced under an unchanged item (the media digest), without rewriting unchanged rows', async () => {
    const server = simServer(sim);
    const config = libraryConfig([server]);
    await withLibraryWorker(config, async ({ run, db }) => {
      await run(server.id);
      const movie = sim.library.itemsOfType(1, 'movie')[5]!;
      const updatedAt = movie.updatedAt;
      sim.pms.edits.replaceFile(movie.ratingKey, { size: 42, touch: false });
      expect(movie.updatedAt).toBe(updatedAt);
      const { rows: before } = await db.query('select max(changed_at)::text as t from library.movies where server_id = $1', [server.id]);

      const result = await run(server.id, { full: true });
      expect(sectionOf(result, 'Movies')).toMatchObject({ added: 0, updated: 1, missing: 0 });
      const { rows: changed } = await db.query(
        'select rating_key from library.movies where server_id = $1 and changed_at > $2::timestamptz',
        [server.id, before[0].t],
      );
      expect(changed.map((r) => r.rating_key)).toEqual([movie.ratingKey]);
      const { rows: files } = await db.query(
        `select size_bytes from library.media_files where server_id = $1 and rating_key = $2 and state = 'active'`,
        [server.id, movie.ratingKey],
      );
      expect(files).toEqual([{ size_bytes: '42' }]);
    });
  });
});
