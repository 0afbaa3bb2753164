import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim';
import { type libraryImport, libraryImportWorkflowId } from '../../src/workflows/library-import';
import {
  countRows,
  libraryConfig,
  sectionOf,
  simCounts,
  simServer,
  startLibrarySim,
  testInput,
  waitForImport,
  withLibraryWorker,
} from './harness';

describe('library import: first import', () => {
  let simA: Simulator;
  let simB: Simulator;
  beforeAll(async () => {
    [simA, simB] = await Promise.all([startLibrarySim(21), startLibrarySim(22)]);
  });
  afterAll(async () => {
    await simA?.close();
    await simB?.close();
  });

  it('imports two servers: every section, show, season, episode, external id and file, paths mapped', async () => {
    const a = simServer(simA, { path_mappings: [{ from: '/data/media', to: 'D:\\Media' }] });
    const b = simServer(simB, { path_mappings: [{ from: '/data/media/tv', to: '/mnt/tv' }] });
    const config = libraryConfig([a, b]);
    await withLibraryWorker(config, async ({ run, db }) => {
      const [resultA, resultB] = await Promise.all([run(a.id), run(b.id)]);
      for (const [sim, server, result] of [
        [simA, a, resultA],
        [simB, b, resultB],
      ] as const) {
        const truth = simCounts(sim);
        expect(result.sections.map((s) => s.status)).toEqual(['imported', 'imported', 'imported']);
        expect(await countRows(db, 'movies', server.id)).toBe(truth.movies);
        expect(await countRows(db, 'shows', server.id)).toBe(truth.shows);
        expect(await countRows(db, 'seasons', server.id)).toBe(truth.seasons);
        expect(await countRows(db, 'episodes', server.id)).toBe(truth.episodes);
        expect(await countRows(db, 'media_files', server.id)).toBe(truth.movies + truth.episodes);
        expect(sectionOf(result, 'TV Shows')).toMatchObject({
          added: truth.shows + truth.episodes,
          modes: { show: 'full', episode: 'full' },
        });
        // The listings carry everything: no per-item metadata request.
        expect(sim.pms.faults.count('GET /library/metadata/:ratingKey')).toBe(0);
      }
      // Server A maps everything to a Windows drive; server B only its TV folder.
      const { rows: filesA } = await db.query(
        'select local_path, mapping from library.media_files where server_id = $1 and item_type = $2 limit 1',
        [a.id, 'episode'],
      );
      expect(filesA[0].local_path).toMatch(/^D:\\Media\\tv\\[^/]+\\Season \d\d\\.+\.mkv$/);
      expect(filesA[0].mapping).toBe('/data/media → D:\\Media');
      expect(sectionOf(resultB, 'Movies').unmapped).toBeGreaterThan(0);
      expect(sectionOf(resultB, 'TV Shows').unmapped).toBe(0);
      // External ids are rows: a modern-agent movie has one per Guid[] entry, and its plex:// id.
      const modern = [...simA.library.items.values()].find((i) => i.type === 'movie' && i.externalGuids.length >= 2)!;
      const { rows: ids } = await db.query('select source, value from library.external_ids where server_id = $1 and rating_key = $2', [
        a.id,
        modern.ratingKey,
      ]);
      const expected = [...modern.externalGuids.map((g) => g.replace('://', ':')), `plex:${modern.guid.split('/').pop()}`];
      expect(ids.map((r) => `${r.source}:${r.value}`).sort()).toEqual(expected.sort());
    });
  });
});

describe('library import: a scheduled start', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startLibrarySim(23);
  });
  afterAll(async () => sim?.close());

  it('runs under the server’s own workflow ID, and does nothing while another import of the server runs', async () => {
    const server = simServer(sim);
    await withLibraryWorker(libraryConfig([server]), async ({ client, taskQueue, start }) => {
      // Temporal Schedules append the action's timestamp to the workflow ID.
      const scheduled = (at: string) =>
        client.workflow.start<typeof libraryImport>('libraryImport', {
          taskQueue,
          workflowId: `${libraryImportWorkflowId(server.id)}-${at}`,
          args: [{ serverId: server.id, ...testInput }],
        });
      const first = await (await scheduled('2026-12-06T00:00:00Z')).result();
      expect(first.sections.map((s) => s.status)).toEqual(['imported', 'imported', 'imported']);
      const own = await client.workflow.getHandle(libraryImportWorkflowId(server.id)).describe();
      expect(own.status.name).toBe('COMPLETED');

      // A run holding removals for approval is still running: the next scheduled start skips.
      for (const movie of sim.library.itemsOfType(3, 'movie')) sim.pms.edits.deleteItem(movie.ratingKey);
      const holding = await start(server.id, { approvalTimeoutMs: 60_000 });
      await waitForImport(holding, (p) => p.phase === 'awaiting-approval');
      const skipped = await (await scheduled('2026-12-06T01:00:00Z')).result();
      expect(skipped).toEqual({ serverId: server.id, skipped: `${libraryImportWorkflowId(server.id)} is already running`, sections: [] });
      await holding.terminate('test done');
    });
  });
});
