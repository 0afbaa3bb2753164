import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim';
import { countRows, libraryConfig, sectionOf, simServer, startLibrarySim, waitForImport, withLibraryWorker } from './harness';

const listingRoute = 'GET /library/sections/:sectionId/all';

async function stateOf(db: import('pg').Pool, serverId: string, ratingKey: string): Promise<string | undefined> {
  const { rows } = await db.query('select state from library.movies where server_id = $1 and rating_key = $2', [serverId, ratingKey]);
  return rows[0]?.state;
}

describe('library import: removals only when safe', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startLibrarySim(41);
  });
  afterAll(async () => sim?.close());

  it('a listing that fails part-way fails its section and marks nothing missing; the next complete one does', async () => {
    const server = simServer(sim);
    await withLibraryWorker(libraryConfig([server]), async ({ run, db }) => {
      await run(server.id);
      const [gone1, gone2] = sim.library.itemsOfType(1, 'movie').slice(-2);
      sim.pms.edits.deleteItem(gone1!.ratingKey);
      sim.pms.edits.deleteItem(gone2!.ratingKey);
      // The second page of every section listing answers 500 until cleared.
      sim.pms.pageFaults.set(listingRoute, { fromOffset: 10, status: 500 });
      const failed = await run(server.id, { full: true, pageAttempts: 2 });
      expect(sectionOf(failed, 'Movies')).toMatchObject({ status: 'failed', missing: 0 });
      expect(sectionOf(failed, 'Movies').error).toMatch(/PageFailed: .*answered 500/);
      // Classics has one page only: it completes, and loses nothing.
      expect(sectionOf(failed, 'Classics')).toMatchObject({ status: 'imported', missing: 0 });
      expect(await stateOf(db, server.id, gone1!.ratingKey)).toBe('active');
      expect(await countRows(db, 'movies', server.id, 'missing')).toBe(0);

      sim.pms.pageFaults.clear();
      const complete = await run(server.id, { full: true });
      expect(sectionOf(complete, 'Movies')).toMatchObject({ status: 'imported', missing: 2 });
      expect(await stateOf(db, server.id, gone1!.ratingKey)).toBe('missing');
    });
  });

  it('missing becomes deleted only after the retention period', async () => {
    const server = simServer(sim);
    await withLibraryWorker(libraryConfig([server]), async ({ run, db }) => {
      await run(server.id);
      const gone = sim.library.itemsOfType(1, 'movie').at(-1)!;
      sim.pms.edits.deleteItem(gone.ratingKey);
      const marked = await run(server.id);
      expect(sectionOf(marked, 'Movies')).toMatchObject({ missing: 1, deleted: 0 });
      expect(await stateOf(db, server.id, gone.ratingKey)).toBe('missing');
      // Within the default 30 days it stays missing; past a (test-sized) retention it is deleted, with its file.
      expect(sectionOf(await run(server.id), 'Movies')).toMatchObject({ missing: 0, deleted: 0 });
      const expired = await run(server.id, { retentionMs: 1 });
      expect(sectionOf(expired, 'Movies')).toMatchObject({ deleted: 1 });
      expect(await stateOf(db, server.id, gone.ratingKey)).toBe('deleted');
      const { rows } = await db.query('select state from library.media_files where server_id = $1 and rating_key = $2', [
        server.id,
        gone.ratingKey,
      ]);
      expect(rows).toEqual([{ state: 'deleted' }]);
    });
  });

  it('an emptied section marks nothing until `library approve`; without approval it stays as it was', async () => {
    const server = simServer(sim);
    await withLibraryWorker(libraryConfig([server]), async ({ run, start, db }) => {
      await run(server.id);
      const classics = sim.library.itemsOfType(3, 'movie').map((m) => m.ratingKey);
      expect(classics.length).toBeGreaterThan(0);
      for (const key of classics) sim.pms.edits.deleteItem(key);

      // Nobody approves: the run ends with the section held and nothing marked.
      const unapproved = await run(server.id, { approvalTimeoutMs: 500 });
      expect(sectionOf(unapproved, 'Classics')).toMatchObject({ status: 'held', held: classics.length, missing: 0 });
      expect(await stateOf(db, server.id, classics[0]!)).toBe('active');

      const handle = await start(server.id);
      const waiting = await waitForImport(handle, (p) => p.phase === 'awaiting-approval');
      expect(waiting.awaitingApproval).toEqual([
        { key: '3', title: 'Classics', kind: 'movie', missing: classics.length, activeBefore: classics.length, reason: 'emptied' },
      ]);
      expect(await stateOf(db, server.id, classics[0]!)).toBe('active');
      expect(await handle.executeUpdate('approve')).toEqual({ sections: 1, missing: classics.length });
      const approved = await handle.result();
      expect(sectionOf(approved, 'Classics')).toMatchObject({ status: 'approved', held: 0, missing: classics.length });
      for (const key of classics) expect(await stateOf(db, server.id, key)).toBe('missing');
    });
  });

  it('a section losing more than the configured share waits too; a small loss does not', async () => {
    const server = simServer(sim);
    await withLibraryWorker(libraryConfig([server]), async ({ run }) => {
      await run(server.id);
      const movies = sim.library.itemsOfType(1, 'movie');
      sim.pms.edits.deleteItem(movies[3]!.ratingKey);
      const small = await run(server.id, { missingThreshold: { ratio: 0.1, floor: 2 } });
      expect(sectionOf(small, 'Movies')).toMatchObject({ status: 'imported', missing: 1 });
      for (const m of movies.slice(5, 10)) sim.pms.edits.deleteItem(m.ratingKey);
      const big = await run(server.id, { missingThreshold: { ratio: 0.1, floor: 2 }, approvalTimeoutMs: 200 });
      expect(sectionOf(big, 'Movies')).toMatchObject({ status: 'held', held: 5, missing: 0 });
    });
  });
});
