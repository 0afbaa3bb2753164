import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim';
import { countRows, libraryConfig, sectionOf, simServer, startLibrarySim, withLibraryWorker } from './harness';

describe('library import: bad input', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startLibrarySim(61);
  });
  afterAll(async () => sim?.close());

  it('two shows with one title stay apart, each with its own episodes; a one-show import takes both', async () => {
    const server = simServer(sim);
    const one = sim.pms.edits.addShow({ title: 'Doppelganger', year: 2019, guids: ['tvdb://111'], seasons: [2] });
    const two = sim.pms.edits.addShow({ title: 'Doppelganger', year: 2019, guids: ['tvdb://222'], seasons: [3] });
    await withLibraryWorker(libraryConfig([server]), async ({ run, db }) => {
      const result = await run(server.id, { show: { title: 'doppelganger', year: 2019 } });
      expect(result.sections).toHaveLength(1);
      expect(sectionOf(result, 'TV Shows')).toMatchObject({ added: 2 + 2 + 3, modes: { episode: 'show' } });
      const { rows } = await db.query(
        `select s.rating_key, count(e.rating_key) as episodes, string_agg(distinct x.value, ',') as tvdb
         from library.shows s join library.episodes e on e.server_id = s.server_id and e.show_rating_key = s.rating_key
         join library.external_ids x on x.server_id = s.server_id and x.rating_key = s.rating_key and x.source = 'tvdb'
         where s.server_id = $1 and s.title = 'Doppelganger' group by s.rating_key order by s.rating_key`,
        [server.id],
      );
      expect(rows).toEqual([
        { rating_key: one.ratingKey, episodes: '2', tvdb: '111' },
        { rating_key: two.ratingKey, episodes: '3', tvdb: '222' },
      ]);
      // A one-show import lists no section, so it marks nothing missing and sets no watermark.
      expect(await countRows(db, 'movies', server.id)).toBe(0);
    });
  });

  it('an entry that fails its schema is skipped and counted, the rest of its page is imported', async () => {
    const server = simServer(sim);
    const broken = sim.library.itemsOfType(1, 'movie')[2]!;
    const title = broken.title;
    broken.title = undefined as unknown as string;
    sim.library.markChanged();
    try {
      await withLibraryWorker(libraryConfig([server]), async ({ run, db }) => {
        const result = await run(server.id);
        expect(sectionOf(result, 'Movies')).toMatchObject({ status: 'imported', skipped: 1 });
        expect(await countRows(db, 'movies', server.id)).toBe(
          sim.library.itemsOfType(1, 'movie').length - 1 + sim.library.itemsOfType(3, 'movie').length,
        );
        // PMS still counts it: the next incremental run is not mistaken for a shrunk section.
        const again = await run(server.id);
        expect(sectionOf(again, 'Movies')).toMatchObject({ modes: { movie: 'incremental' }, missing: 0 });
      });
    } finally {
      broken.title = title;
      sim.library.markChanged();
    }
  });

  it('a wrong token is a non-retryable error naming the server', async () => {
    const server = simServer(sim, { token: 'not-a-valid-token' });
    await withLibraryWorker(libraryConfig([server]), async ({ run }) => {
      const failure = await run(server.id).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = (failure as WorkflowFailedError).cause?.cause as Error | undefined;
      expect(cause?.message).toMatch(new RegExp(`library server "${server.id}": the Plex Media Server refused the token \\(401`));
      expect(cause?.message).not.toContain('not-a-valid-token');
    });
  });

  it('an unreachable server is waited for (the run shows its retries) and imported once it answers', async () => {
    const server = simServer(sim);
    // Connections refused, as from a server that is down.
    sim.pms.faults.set('GET /identity', { outageUntil: Date.now() + 60_000, refuse: true });
    await withLibraryWorker(libraryConfig([server]), async ({ start }) => {
      const handle = await start(server.id);
      const deadline = Date.now() + 20_000;
      let attempt = 0;
      while (attempt < 3 && Date.now() < deadline) {
        const described = await handle.describe();
        attempt = described.raw.pendingActivities?.[0]?.attempt ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(attempt).toBeGreaterThanOrEqual(3);
      sim.pms.faults.clear();
      const result = await handle.result();
      expect(result.sections.every((s) => s.status === 'imported')).toBe(true);
    });
  });
});
