import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities';
import { createClients } from '../../src/activities/clients';
import { type RunningBridge, startBridge } from '../../src/bridge/bridge';
import { setGapSchedule, stashGapScheduleId } from '../../src/client/commands/stash-gaps';
import { type Config, parseConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { type Simulator, startSimulator } from '../../src/sim';
import { type ProviderScanReport, scanWithProvider, useProviderAgent } from '../../src/sim/plex/pms/provider-scan';
import { plexPathOf, stashSectionId } from '../../src/sim/stash';
import { performerPng, screenshotPng } from '../../src/sim/stash/images';
import { stashProviderSections } from '../../src/sim/stash/provider-config';
import type { SimScene } from '../../src/sim/stash/world';
import { createPool, type Pool } from '../../src/store/db';
import { listGaps } from '../../src/store/stash-gaps';
import { services } from '../support/services';
import { withWorker } from '../support/temporal';

const identifier = 'tv.plex.agents.custom.watchsync.stash';
/** Scenes removed from Stash before the scan: their files stay in Plex, with no scene. */
const removed = Array.from({ length: 20 }, (_, n) => String(10 * n + 7));

describe('a Plex scan of a 200-file library through the Stash metadata provider', () => {
  let sim: Simulator;
  let bridge: RunningBridge;
  let config: Config;
  let db: Pool;
  let scan: ProviderScanReport;
  const removedScenes = new Map<string, SimScene>();

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 5, stash: { scenes: 200 } });
    const world = sim.stash!.world;
    for (const id of removed) {
      removedScenes.set(id, world.scenes.get(id)!);
      world.scenes.delete(id);
    }
    config = parseConfig({
      database: { url: services().databaseUrl },
      bridge: { port: 0 },
      plex: { pms_url: sim.urls.pms, pms_token: sim.tokens.plexOwner },
      ...stashProviderSections(sim),
    });
    db = createPool(services().databaseUrl, 2);
    await db.query('delete from stash_gaps');
    bridge = await startBridge({ config, log: createLogger({ level: 'silent' }) });
    useProviderAgent(sim.library, stashSectionId, identifier);
    scan = await scanWithProvider(sim.library, stashSectionId, bridge.providerUrl!);
  });
  afterAll(async () => {
    await bridge?.close();
    await db?.end();
    await sim?.close();
  });

  it('the bridge serves the provider where it says', () => {
    expect(bridge.providerUrl).toBe(`${bridge.url}/plex-provider`);
    expect(scan.identifier).toBe(identifier);
  });

  it('matches every file that has a scene, through the regex path rule, and only those', () => {
    expect(scan.items).toHaveLength(200);
    const matched = scan.items.filter((i) => i.outcome === 'matched');
    const unmatched = scan.items.filter((i) => i.outcome === 'unmatched');
    expect(matched).toHaveLength(180);
    expect(unmatched.map((i) => i.ratingKey).sort()).toEqual(removed.map((id) => String(5_000_000 + Number(id))).sort());
    for (const item of matched) expect(item.guid).toBe(`${identifier}://movie/${Number(item.ratingKey) - 5_000_000}`);
  });

  it('stores full metadata from Stash on the Plex items, as a scan would show it', () => {
    const scene = sim.stash!.world.scenes.get('42')!;
    const item = sim.library.items.get('5000042')!;
    expect(item.guid).toBe(`${identifier}://movie/42`);
    expect(item.title).toBe(scene.title);
    expect(item.originallyAvailableAt).toBe(scene.date);
    const truth = sim.library.edits.truth('5000042');
    expect(truth.text.summary).toBe(scene.details);
    expect(truth.text.studio).toBe(sim.stash!.world.studios.get(scene.studioId!)!.name);
    expect(truth.tags.genre.sort()).toEqual(scene.tagIds.map((id) => sim.stash!.world.tags.get(id)!.name).sort());
    expect(truth.tags.actor.sort()).toEqual(scene.performerIds.map((id) => sim.stash!.world.performers.get(id)!.name).sort());
    const metadata = scan.items.find((i) => i.ratingKey === '5000042')!.metadata!;
    expect(metadata).toMatchObject({
      ratingKey: '42',
      type: 'movie',
      duration: scene.durationS * 1000,
      rating: scene.rating100! / 10,
      isAdult: true,
    });
  });

  it('serves the images through the provider, which adds the Stash API key Plex does not have', async () => {
    const metadata = scan.items.find((i) => i.ratingKey === '5000042')!.metadata!;
    const poster = metadata.Image!.find((i) => i.type === 'coverPoster')!;
    expect(poster.url.startsWith(bridge.providerUrl!)).toBe(true);
    const image = await fetch(poster.url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(screenshotPng('42', 1));
    const role = metadata.Role![0]!;
    const photo = await fetch(role.thumb!);
    expect(Buffer.from(await photo.arrayBuffer())).toEqual(performerPng(sim.stash!.world.scenes.get('42')!.performerIds[0]!));
    // Stash itself refuses the same image without the key.
    expect((await fetch(`${sim.urls.stash}/scene/42/screenshot`)).status).toBe(401);
  });

  it('keeps Stash answers briefly: metadata right after the match costs Stash nothing', async () => {
    const faults = sim.stash!.faults;
    faults.resetCounts();
    for (let n = 0; n < 3; n++) expect((await fetch(`${bridge.providerUrl}/library/metadata/43`)).status).toBe(200);
    expect(faults.count('POST /graphql')).toBe(0);
    expect((await fetch(`${bridge.providerUrl}/library/metadata/99998`)).status).toBe(404);
    expect(faults.count('POST /graphql')).toBe(1);
  });

  it('records the files with no scene as gaps, with their Plex paths', async () => {
    const gaps = await listGaps(db, 'plex-only');
    expect(gaps.map((g) => g.plexPath).sort()).toEqual(removed.map((id) => plexPathOf(removedScenes.get(id)!.path)).sort());
    expect(gaps.every((g) => g.foundBy === 'match')).toBe(true);
  });

  it('answers 404 for an unknown scene and 400 with a reason for malformed requests', async () => {
    const base = bridge.providerUrl!;
    expect((await fetch(`${base}/library/metadata/99999`)).status).toBe(404);
    const badKey = await fetch(`${base}/library/metadata/a.b`);
    expect(badKey.status).toBe(400);
    expect(((await badKey.json()) as { error: string }).error).toMatch(/ratingKey/);
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${base}/library/metadata/matches`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const noType = await post(JSON.stringify({ filename: 'x.mp4' }));
    expect(noType.status).toBe(400);
    expect(((await noType.json()) as { error: string }).error).toMatch(/type/);
    expect((await post('{not json')).status).toBe(400);
    expect((await post(JSON.stringify({ type: 1 }), { 'X-Plex-Container-Size': 'ten' })).status).toBe(400);
    expect((await post(JSON.stringify({ type: 1 }), { 'X-Plex-Language': 'en_US!' })).status).toBe(400);
    // The bridge keeps serving.
    expect((await fetch(`${base}/library/metadata/42`)).status).toBe(200);
  });

  it('manual=1 ranks every candidate and honours X-Plex-Container-Start/Size as headers or query parameters', async () => {
    const world = sim.stash!.world;
    const copy = world.scenes.get('42')!;
    // The same file name in two other folders of Stash: three scenes share the basename.
    for (const studio of ['Elsewhere A', 'Elsewhere B'])
      world.addScene({ ...copy, id: undefined, path: `/stash/library/${studio}/${copy.path.split('/').pop()}` });
    const body = JSON.stringify({ type: 1, filename: `Unmapped Folder/${copy.path.split('/').pop()}`, manual: 1 });
    const post = (url: string, headers: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then((r) => r.json());
    const all = (await post(`${bridge.providerUrl}/library/metadata/matches`)) as {
      MediaContainer: { totalSize: number; Metadata: Array<{ score: number }> };
    };
    expect(all.MediaContainer.totalSize).toBe(3);
    expect(all.MediaContainer.Metadata.map((m) => m.score)).toEqual([50, 50, 50]);
    const second = (await post(`${bridge.providerUrl}/library/metadata/matches`, {
      'X-Plex-Container-Start': '1',
      'X-Plex-Container-Size': '1',
    })) as typeof all;
    expect(second.MediaContainer).toMatchObject({ offset: 1, size: 1, totalSize: 3 });
    const viaQuery = (await post(
      `${bridge.providerUrl}/library/metadata/matches?X-Plex-Container-Start=2&X-Plex-Container-Size=5`,
    )) as typeof all;
    expect(viaQuery.MediaContainer).toMatchObject({ offset: 2, size: 1, totalSize: 3 });
  });

  it('the scheduled comparison finds a scene added later, files with no scene, and drops gaps that were resolved', async () => {
    const world = sim.stash!.world;
    const late = world.addScene({
      ...world.scenes.get('1')!,
      id: '900',
      title: 'Added later',
      path: '/stash/library/Late/added-later.mp4',
    });
    // One removed scene comes back: its file's gap is resolved.
    const back = removedScenes.get(removed[0]!)!;
    world.scenes.set(back.id, back);
    const activities = createActivities({ db, config, clients: createClients(config, db) });
    await withWorker(activities, async ({ client, taskQueue }) => {
      await client.schedule
        .getHandle(stashGapScheduleId)
        .delete()
        .catch(() => undefined);
      expect(await setGapSchedule(client, taskQueue, '2s')).toBe('created');
      try {
        await expect
          .poll(async () => (await listGaps(db, 'stash-only')).map((g) => g.sceneId), { timeout: 30_000, interval: 250 })
          .toContain(late.id);
      } finally {
        await client.schedule.getHandle(stashGapScheduleId).delete();
      }
    });
    const stashOnly = await listGaps(db, 'stash-only');
    // The two copies made by the manual-match test have no Plex file either.
    expect(stashOnly.find((g) => g.sceneId === late.id)).toMatchObject({
      stashPath: late.path,
      title: 'Added later',
      foundBy: 'comparison',
    });
    const plexOnly = (await listGaps(db, 'plex-only')).map((g) => g.plexPath).sort();
    expect(plexOnly).toEqual(
      removed
        .slice(1)
        .map((id) => plexPathOf(removedScenes.get(id)!.path))
        .sort(),
    );
  });

  it('`watchsync stash gaps --kind` lists the gaps with their paths', async () => {
    const root = join(__dirname, '..', '..');
    const configPath = join(mkdtempSync(join(tmpdir(), 'watchsync-gaps-')), 'config.json');
    writeFileSync(configPath, JSON.stringify({ database: { url: services().databaseUrl } }), { mode: 0o600 });
    const cli = (...args: string[]) =>
      promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'client', 'cli.ts'), ...args], {
        env: { ...process.env, WATCHSYNC_CONFIG: configPath, DATABASE_URL: services().databaseUrl },
      });
    const stashOnly = (await cli('stash', 'gaps', '--kind', 'stash-only')).stdout;
    expect(stashOnly).toContain('in Stash, not in Plex   scene 900  /stash/library/Late/added-later.mp4  "Added later"');
    expect(stashOnly).not.toContain('in Plex, not in Stash');
    const plexOnly = (await cli('stash', 'gaps', '--kind', 'plex-only')).stdout;
    expect(plexOnly).toContain(`in Plex, not in Stash   ${plexPathOf(removedScenes.get(removed[1]!)!.path)}`);
    expect(plexOnly).toMatch(/\n19 gap\(s\)\n$/);
    await expect(cli('stash', 'gaps', '--kind', 'both')).rejects.toThrow(/--kind must be one of plex-only, stash-only/);
    // Three CLI processes: each starts tsx, which takes tens of seconds on a loaded machine.
  }, 240_000);
});
