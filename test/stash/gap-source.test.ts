import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities';
import { createClients } from '../../src/activities/clients';
import { type Config, parseConfig } from '../../src/config';
import { type Simulator, startSimulator } from '../../src/sim';
import { sceneRatingKey, stashSectionId } from '../../src/sim/stash';
import { stashProviderSections } from '../../src/sim/stash/provider-config';
import { listGaps } from '../../src/store/stash-gaps';
import { type LibraryImportResult, libraryImportWorkflowId } from '../../src/workflows/library-import';
import {
  type StashGapInput,
  type StashGapProgress,
  type StashGapResult,
  stashGapProgressQuery,
  stashGapWorkflowId,
  stashGapWorkflowType,
} from '../../src/workflows/stash-gaps-api';
import { cli, watchsyncCli } from '../support/cli';
import { type OwnDatabase, ownDatabase } from '../support/database';
import { services } from '../support/services';
import { withWorker } from '../support/temporal';
import { writeTestConfig } from '../support/worker-process';

const serverId = 'nas';
/** Scenes gone from Stash (their files stay in Plex) and scenes Plex never scanned. */
const removedFromStash = ['3', '14', '25'];
const notInPlex = ['7', '18'];

/** Every request the simulated PMS answered, by route. */
const pmsRequests = (sim: Simulator) => [...sim.pms.faults.counts.values()].reduce((sum, n) => sum + n, 0);

describe('the gap comparison reads Plex from a fresh library import, else lists Plex', () => {
  let sim: Simulator;
  let own: OwnDatabase;
  let config: Config;

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 31, stash: { scenes: 40, unscanned: notInPlex } });
    for (const id of removedFromStash) sim.stash!.world.scenes.delete(id);
    // The comparison replaces every gap: a database of its own keeps other files' gaps out of it.
    own = await ownDatabase('gap_source');
    config = parseConfig({
      database: { url: own.url },
      plex: { pms_url: sim.urls.pms, pms_token: sim.tokens.plexOwner },
      ...stashProviderSections(sim, { section_ids: [stashSectionId] }),
      library: { servers: [{ id: serverId, url: sim.urls.pms, token: sim.tokens.plexOwner, sections: ['Stash'] }] },
    });
  });
  afterAll(async () => {
    await own?.drop();
    await sim?.close();
  });

  const withGapWorker = <T>(fn: (client: Client, taskQueue: string) => Promise<T>) =>
    withWorker(createActivities({ db: own.db, config, clients: createClients(config, own.db) }), ({ client, taskQueue }) =>
      fn(client, taskQueue),
    );
  const compare = (client: Client, taskQueue: string, input: StashGapInput = {}) =>
    client.workflow.execute(stashGapWorkflowType, {
      taskQueue,
      workflowId: `gaps-${Date.now()}`,
      args: [input],
    }) as Promise<StashGapResult>;
  /** The gaps as the CLI lists them, without when each comparison saw them. */
  const gapsNow = async () => (await listGaps(own.db)).map(({ firstSeenAt: _first, lastSeenAt: _last, ...gap }) => gap);

  it('without an import it lists Plex and says why; with a fresh one it reads the tables, asks Plex nothing and finds the same gaps', async () => {
    await withGapWorker(async (client, taskQueue) => {
      sim.pms.faults.resetCounts();
      const listed = await compare(client, taskQueue);
      expect(listed.plexSource).toEqual({
        kind: 'plex-listing',
        reason: `section ${stashSectionId} is not imported by library server "nas"`,
      });
      expect(sim.pms.faults.count('GET /library/sections/:sectionId/all')).toBeGreaterThan(0);
      expect(listed).toMatchObject({ stashScenes: 40 - 3, plexFiles: 40 - 2, plexOnly: 3, stashOnly: 2 });
      const gapsFromListing = await gapsNow();
      expect(gapsFromListing.filter((g) => g.kind === 'plex-only').map((g) => g.ratingKey)).toEqual(
        expect.arrayContaining(removedFromStash.map(sceneRatingKey)),
      );
      expect(gapsFromListing.filter((g) => g.kind === 'stash-only').map((g) => g.sceneId)).toEqual(expect.arrayContaining(notInPlex));

      const imported = (await client.workflow.execute('libraryImport', {
        taskQueue,
        workflowId: libraryImportWorkflowId(serverId),
        args: [{ serverId, pageSize: 10 }],
      })) as LibraryImportResult;
      expect(imported.sections.find((s) => s.key === String(stashSectionId))?.status).toBe('imported');

      sim.pms.faults.resetCounts();
      const fromImport = await compare(client, taskQueue);
      expect(pmsRequests(sim)).toBe(0);
      expect(fromImport.plexSource).toMatchObject({ kind: 'library-import', serverId, sections: [String(stashSectionId)] });
      expect(Date.now() - Date.parse((fromImport.plexSource as { listedAt: string }).listedAt)).toBeLessThan(60_000);
      expect({ ...fromImport, plexSource: undefined }).toEqual({ ...listed, plexSource: undefined });
      expect(await gapsNow()).toEqual(gapsFromListing);

      // An import older than the run's limit is not trusted: Plex is listed again, and the reason says so.
      sim.pms.faults.resetCounts();
      const stale = await compare(client, taskQueue, { libraryImportMaxAgeMs: 1 });
      expect(stale.plexSource).toMatchObject({
        kind: 'plex-listing',
        reason: expect.stringMatching(/^section 20 of "nas" was last completely imported at .*, more than 1ms ago$/),
      });
      expect(sim.pms.faults.count('GET /library/sections/:sectionId/all')).toBeGreaterThan(0);
      expect(await gapsNow()).toEqual(gapsFromListing);
    });
  });

  it('`watchsync stash gaps compare` and `stash gaps` say where the Plex files came from', async () => {
    await withGapWorker(async (_client, taskQueue) => {
      const cliConfig = writeTestConfig({
        ...config,
        temporal: { address: services().temporalAddress, task_queue: taskQueue },
        database: { url: own.url },
      });
      const compared = await cli(cliConfig, 'stash', 'gaps', 'compare');
      expect(compared.code, compared.stderr).toBe(0);
      expect(compared.stdout).toMatch(
        /^37 scenes, 38 Plex files: 3 in Plex only, 2 in Stash only\nPlex files from the library import of "nas" \(sections 20, listed completely since \S+; Plex was not listed\)\n$/,
      );
      const stale = await cli(cliConfig, 'stash', 'gaps', 'compare', '--import-max-age', '1s');
      expect(stale.stdout).toMatch(
        /\nPlex files listed from Plex: section 20 of "nas" was last completely imported at \S+, more than 1s ago\n$/,
      );
      const listed = await cli(cliConfig, 'stash', 'gaps', '--kind', 'stash-only');
      expect(listed.stdout).toMatch(
        /^last comparison \S+: 37 scenes, 38 Plex files\. Plex files listed from Plex: section 20 of "nas" .*\n/,
      );
      expect(listed.stdout).toMatch(/\n2 gap\(s\)\n$/);
      const bad = await cli(cliConfig, 'stash', 'gaps', 'compare', '--import-max-age', 'soon');
      expect(bad).toMatchObject({ code: 1, stderr: '--import-max-age "soon" is not an interval like 30m, 6h or 1d\n' });
    });
  }, 180_000);

  it('while Stash is down, `stash gaps compare` says it is retrying Stash and since when; once Stash answers it ends, the wait gone', async () => {
    const graphql = 'POST /graphql';
    sim.stash!.faults.set(graphql, { outageUntil: Number.MAX_SAFE_INTEGER, status: 503 });
    try {
      await withGapWorker(async (client, taskQueue) => {
        const compare = watchsyncCli({
          ...config,
          temporal: { address: services().temporalAddress, task_queue: taskQueue },
          database: { url: own.url },
        })('stash', 'gaps', 'compare');
        const handle = client.workflow.getHandle(stashGapWorkflowId);
        let progress: StashGapProgress | undefined;
        await expect
          .poll(
            async () => {
              progress = await handle.query(stashGapProgressQuery).catch(() => undefined); // until the CLI has started it
              return progress?.waiting.map((w) => w.service);
            },
            { timeout: 60_000, interval: 200 },
          )
          .toEqual(['Stash']);
        const [cause] = progress!.waiting;
        expect(cause).toMatchObject({ activityId: 'read-stash', status: 503, attempt: 1, endpoint: expect.stringContaining('/graphql') });
        expect(Date.now() - Date.parse(cause!.since)).toBeLessThan(60_000);
        expect(progress!.phase).toBe('reading');
        await expect
          .poll(() => compare.output(), { timeout: 20_000, interval: 200 })
          .toMatch(new RegExp(`waiting: Stash answered 503 on .*/graphql since ${cause!.since} \\(\\d+ failed attempts, next retry `));

        sim.stash!.faults.clear(graphql);
        const done = await compare.done;
        expect(done.code, done.stderr).toBe(0);
        expect(done.stdout).toMatch(/^37 scenes, 38 Plex files: 3 in Plex only, 2 in Stash only\n/);
        expect(await handle.query(stashGapProgressQuery)).toMatchObject({ phase: 'done', waiting: [], lastFailure: { service: 'Stash' } });
      });
    } finally {
      sim.stash!.faults.clear(graphql);
    }
  }, 180_000);
});
