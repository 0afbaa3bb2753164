import { describe, expect, it } from 'vitest';
import { sceneRatingKey } from '../../src/sim/stash';
import { lastReconciliation, readStashScene } from '../../src/store/stash-scenes';
import type { StashReconcileResult } from '../../src/workflows/stash-api';
import { sceneOutcome, withStashRig } from './harness';

const first = 2001;
const id = (n: number) => String(first + n);

describe('Stash push: reconciliation and outages', () => {
  it('reconciliation finds each gap kind, pushes them, and finds none afterwards', async () => {
    await withStashRig({ scenes: 4, firstId: first }, async (rig) => {
      const stash = rig.sim.stash!;
      for (const n of [1, 2]) {
        await stash.editScene(id(n), { title: `Pushed ${n}` });
        expect(await sceneOutcome(rig, id(n))).toMatchObject({ status: 'pushed' });
      }
      // Changed in Stash without a hook (the plugin was off), and emptied in Plex (metadata lost there).
      stash.world.edit(id(1), { details: 'Changed while nobody listened' });
      rig.sim.library.edits.clear(sceneRatingKey(id(2)));

      const reconcile = () =>
        rig.client.workflow.execute('stashReconcile', {
          taskQueue: rig.taskQueue,
          workflowId: `stash-reconcile-test-${Date.now()}`,
          args: [{ scope: 'all' }],
        }) as Promise<StashReconcileResult>;
      const result = await reconcile();
      expect(result).toEqual({ scenes: 4, gaps: { 'never-matched': 2, 'stash-newer': 1, 'plex-empty': 1 }, started: 4 });
      for (const n of [0, 1, 2, 3]) expect(await sceneOutcome(rig, id(n))).toMatchObject({ status: 'pushed' });
      expect((await rig.plexTruth(id(1))).text.summary).toBe('Changed while nobody listened');
      const restored = await rig.plexTruth(id(2));
      expect(restored.text.summary).toBe(stash.world.scenes.get(id(2))?.details);
      expect(restored.tags.genre.length).toBeGreaterThan(0);
      expect(restored.locked).toContain('summary');
      expect(await lastReconciliation(rig.db)).toMatchObject({ scope: 'all', scenes: 4, gaps: result.gaps });

      expect(await reconcile()).toEqual({ scenes: 4, gaps: { 'never-matched': 0, 'stash-newer': 0, 'plex-empty': 0 }, started: 0 });
    });
  });

  it('Plex down while scenes change: every queued scene lands once when it is back', async () => {
    await withStashRig({ scenes: 6, firstId: first + 100 }, async (rig) => {
      const stash = rig.sim.stash!;
      rig.sim.pms.faults.set('*', { outageUntil: Date.now() + 60_000, status: 503 });
      const scenes = [0, 1, 2, 3, 4, 5].map((n) => String(first + 100 + n));
      for (const sceneId of scenes) expect((await stash.editScene(sceneId, { title: `During the outage ${sceneId}` }))?.status).toBe(202);
      await new Promise((r) => setTimeout(r, 3_000));
      for (const sceneId of scenes) expect((await rig.plexTruth(sceneId)).writes).toBe(0);
      rig.sim.pms.faults.clear('*');
      for (const sceneId of scenes) expect(await sceneOutcome(rig, sceneId)).toMatchObject({ status: 'pushed' });
      for (const sceneId of scenes) {
        const truth = await rig.plexTruth(sceneId);
        expect(truth.text.title).toBe(`During the outage ${sceneId}`);
        expect(truth.writes).toBe(1);
        expect(truth.posterUploads).toBe(1);
        expect((await readStashScene(rig.db, sceneId))?.pushes).toBe(1);
      }
    });
  });
});

describe('Stash push: a push that fails half-way', () => {
  it('completes once on retry: the metadata write that reached Plex is not repeated, the poster is uploaded once', async () => {
    await withStashRig({ scenes: 2, firstId: first + 200 }, async (rig) => {
      const sceneId = String(first + 200);
      // The metadata write lands, then the poster upload fails: the activity fails after a write reached Plex.
      rig.sim.pms.faults.set('POST /library/metadata/:ratingKey/posters', { failNext: 1, status: 500 });
      await rig.sim.stash!.editScene(sceneId, { title: 'Interrupted' });
      expect(await sceneOutcome(rig, sceneId)).toMatchObject({ status: 'pushed' });
      const history = await rig.client.workflow.getHandle(`stash-scene/${sceneId}`).fetchHistory();
      const attempts = (history.events ?? []).flatMap((e) =>
        e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt ?? 1] : [],
      );
      expect(Math.max(...attempts)).toBe(2);
      const truth = await rig.plexTruth(sceneId);
      expect(truth.text.title).toBe('Interrupted');
      expect(truth.writes).toBe(1);
      expect(truth.posterUploads).toBe(1);
      expect((await readStashScene(rig.db, sceneId))?.pushes).toBe(1);
    });
  });
});
