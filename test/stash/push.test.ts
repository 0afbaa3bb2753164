import { describe, expect, it } from 'vitest';
import { sceneRatingKey, stashSectionId } from '../../src/sim/stash';
import { readStashScene } from '../../src/store/stash-scenes';
import { listUnresolved } from '../../src/store/unresolved';
import { addCopyOfSceneFile, eventually, sceneOutcome, withStashRig } from './harness';

const first = 1001;
const rigOptions = { scenes: 12, firstId: first, unscanned: [String(first + 7)], settings: { debounceMs: 800 } };
const id = (n: number) => String(first + n);

describe('Stash → Plex push (simulators, real Temporal and PostgreSQL)', () => {
  it('an edit in Stash reaches Plex with locks; removed tags and performers leave Plex; the poster is uploaded once', async () => {
    await withStashRig(rigOptions, async (rig) => {
      const stash = rig.sim.stash!;
      const sceneId = id(0);
      const hook = await stash.editScene(sceneId, {
        title: 'The Harbour at Dawn',
        details: 'Line one.\u0007\r\n\r\n\r\nLine two.',
        tags: ['Outdoor', 'Night', 'Travel'],
        performers: ['Ava Reyes', 'Noah Park'],
        rating100: 80,
      });
      expect(hook?.status).toBe(202);
      expect(await sceneOutcome(rig, sceneId)).toMatchObject({ status: 'pushed', poster: 'uploaded' });
      const scene = stash.world.scenes.get(sceneId)!;
      const studio = stash.world.studios.get(scene.studioId!)!.name;
      const truth = await rig.plexTruth(sceneId);
      expect(truth.text).toMatchObject({
        title: 'The Harbour at Dawn',
        titleSort: 'Harbour at Dawn',
        summary: 'Line one.\n\nLine two.',
        studio,
        originallyAvailableAt: scene.date,
      });
      expect(truth.tags.genre.sort()).toEqual(['Night', 'Outdoor', 'Travel']);
      expect(truth.tags.actor.sort()).toEqual(['Ava Reyes', 'Noah Park']);
      expect(truth.tags.collection).toEqual([studio]);
      expect(truth.locked).toEqual(
        expect.arrayContaining(['title', 'titleSort', 'summary', 'studio', 'originallyAvailableAt', 'genre', 'actor', 'collection']),
      );
      expect(truth.posterUploads).toBe(1);
      expect(rig.sim.library.peekState(rig.sim.library.owner.id, sceneRatingKey(sceneId))?.userRating).toBe(8);

      await stash.editScene(sceneId, { tags: ['Outdoor', 'Travel'], performers: ['Noah Park'], studio: 'Juniper House' });
      expect(await sceneOutcome(rig, sceneId)).toMatchObject({ status: 'pushed', poster: 'none' });
      const after = await rig.plexTruth(sceneId);
      expect(after.tags.genre.sort()).toEqual(['Outdoor', 'Travel']);
      expect(after.tags.actor).toEqual(['Noah Park']);
      expect(after.tags.collection).toEqual(['Juniper House']);
      expect(after.text.studio).toBe('Juniper House');

      // A forced push downloads the screenshot again; its bytes did not change, so nothing is uploaded.
      await rig.signal(sceneId, true);
      expect(await sceneOutcome(rig, sceneId)).toMatchObject({ status: 'pushed', poster: 'unchanged' });
      expect((await rig.plexTruth(sceneId)).posterUploads).toBe(1);
      await stash.editScene(sceneId, { screenshot: true });
      expect(await sceneOutcome(rig, sceneId)).toMatchObject({ poster: 'uploaded' });
      expect((await rig.plexTruth(sceneId)).posterUploads).toBe(2);
    });
  });

  it('five edits in two seconds give one push; an empty scene is held by the quality gate', async () => {
    await withStashRig(rigOptions, async (rig) => {
      const stash = rig.sim.stash!;
      const sceneId = id(1);
      for (let n = 1; n <= 5; n++) {
        await stash.editScene(sceneId, { title: `Take ${n}` });
        await new Promise((r) => setTimeout(r, 350));
      }
      expect(await sceneOutcome(rig, sceneId)).toMatchObject({ status: 'pushed' });
      const truth = await rig.plexTruth(sceneId);
      expect(truth.text.title).toBe('Take 5');
      expect(truth.writes).toBe(1);
      expect((await readStashScene(rig.db, sceneId))?.pushes).toBe(1);

      const empty = id(2);
      await stash.editScene(empty, { studio: null, performers: [], tags: [], details: null, date: null, title: 'Just scanned' });
      expect(await sceneOutcome(rig, empty)).toEqual({ status: 'held' });
      const held = await rig.plexTruth(empty);
      expect(held.writes).toBe(0);
      expect(held.title).toBe('scene-01003');
    });
  });

  it('a file Plex has not scanned lands after a partial scan of its folder', async () => {
    await withStashRig(rigOptions, async (rig) => {
      const stash = rig.sim.stash!;
      const sceneId = id(7);
      await stash.editScene(sceneId, { title: 'Late file' });
      expect(await sceneOutcome(rig, sceneId)).toMatchObject({ status: 'pushed' });
      expect(rig.sim.pms.scanner.requests).toEqual([
        { sectionId: stashSectionId, path: expect.stringMatching(/^\/data\/media\/stash\/[^/]+$/) },
      ]);
      expect((await rig.plexTruth(sceneId)).text.title).toBe('Late file');
    });
  });

  it('an ambiguous match is frozen as unresolved, and thawed by the push that succeeds once it is resolved', async () => {
    await withStashRig({ ...rigOptions, stash: { path_mappings: [] } }, async (rig) => {
      const stash = rig.sim.stash!;
      const sceneId = id(3);
      // Two copies of the file in other folders, and no path rule: the file name alone cannot decide.
      addCopyOfSceneFile(rig, sceneId, '7000001');
      await stash.editScene(sceneId, { title: 'Which one?' });
      expect(await sceneOutcome(rig, sceneId)).toMatchObject({
        status: 'frozen',
        reason: expect.stringMatching(/^ambiguous: 2 Plex items/),
      });
      const frozen = await listUnresolved(rig.db, { pairId: 'stash' });
      expect(frozen.map((u) => u.itemKey)).toContain(sceneId);
      expect((await rig.plexTruth(sceneId)).writes).toBe(0);

      rig.sim.library.deleteItem('7000001');
      await rig.signal(sceneId);
      expect(await sceneOutcome(rig, sceneId)).toMatchObject({ status: 'pushed' });
      expect((await listUnresolved(rig.db, { pairId: 'stash' })).map((u) => u.itemKey)).not.toContain(sceneId);
      await eventually(async () => (await rig.plexTruth(sceneId)).text.title === 'Which one?', 'the push');
    });
  });
});
