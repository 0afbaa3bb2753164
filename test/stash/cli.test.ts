import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config';
import { freePort } from '../../src/devserver/temporal';
import { sceneRatingKey, stashSectionId } from '../../src/sim/stash';
import { readStashScene } from '../../src/store/stash-scenes';
import { listUnresolved } from '../../src/store/unresolved';
import { stashReconcileScheduleId, stashScenePhaseQuery, stashSceneWorkflowId } from '../../src/workflows/stash-api';
import { cli } from '../support/cli';
import { writeTestConfig } from '../support/worker-process';
import { addCopyOfSceneFile, eventually, type RigOptions, type StashRig, sceneOutcome, withStashRig } from './harness';

const first = 4001;
const id = (n: number) => String(first + n);
// The CLI signals with the config's waits: short ones, so a test does not wait out production's.
const cliWaits = { debounce_ms: 300, job_poll_ms: 100 };

/** `watchsync stash <args>` as a user runs it, with the rig's config (changed by `change`). */
function stashCli(rig: StashRig, change: (config: ConfigInput) => ConfigInput = (c) => c) {
  const path = writeTestConfig(change(rig.config));
  return (...args: string[]) => cli(path, 'stash', ...args);
}

const lines = (text: string) => text.trim().split('\n');

describe('watchsync stash (the CLI against the simulators, a worker and Temporal)', () => {
  const options: RigOptions = { scenes: 6, firstId: first, stash: cliWaits };

  it('match names the Plex item and writes nothing; push queues a full push; status shows a push waiting on Stash; unknown scenes change nothing', async () => {
    await withStashRig(options, async (rig) => {
      const stash = stashCli(rig);
      const sceneId = id(0);
      const matched = await stash('match', sceneId);
      expect(matched).toMatchObject({
        code: 0,
        stdout: `scene ${sceneId} → Plex item ${sceneRatingKey(sceneId)} (section ${stashSectionId}) by path, confidence high\n`,
      });
      expect(await readStashScene(rig.db, sceneId)).toBeUndefined();
      expect((await rig.plexTruth(sceneId)).writes).toBe(0);

      const pushed = await stash('push', sceneId);
      expect(pushed.code).toBe(0);
      expect(pushed.stdout).toMatch(new RegExp(`^scene ${sceneId} queued: http.*/workflows/stash-scene%2F${sceneId}\\n$`));
      expect(await sceneOutcome(rig, sceneId)).toMatchObject({ status: 'pushed', poster: 'uploaded' });
      const truth = await rig.plexTruth(sceneId);
      expect(truth.text.title).toBe(rig.sim.stash!.world.scenes.get(sceneId)?.title);
      expect(truth.writes).toBe(1);

      // Stash runs a scan: the next push waits for it, and status says so.
      const job = rig.sim.stash!.world.addJob('Scanning...');
      const waiting = id(1);
      expect((await stash('push', waiting)).code).toBe(0);
      const handle = rig.client.workflow.getHandle(stashSceneWorkflowId(waiting));
      await eventually(async () => (await handle.query(stashScenePhaseQuery)) === 'waiting-for-stash', 'the push to wait for the scan');
      const status = await stash('status');
      expect(status.code).toBe(0);
      expect(lines(status.stdout).slice(0, 2)).toEqual(['1 scene push(es) pending or running:', `  scene ${waiting}  waiting-for-stash`]);
      expect(status.stdout).toContain('no reconciliation yet');
      rig.sim.stash!.world.jobs.delete(job.id);
      expect(await handle.result()).toMatchObject({ status: 'pushed' });
      expect(lines((await stash('status')).stdout)[0]).toBe('no scene push pending');

      for (const command of ['match', 'push']) {
        const unknown = await stash(command, '4999');
        expect(unknown).toMatchObject({ code: 1, stderr: 'Stash has no scene 4999\n' });
      }
      await expect(rig.client.workflow.getHandle(stashSceneWorkflowId('4999')).describe()).rejects.toThrow(WorkflowNotFoundError);
      expect(await stash('push')).toMatchObject({ code: 1, stderr: 'name a scene id, or --all\n' });
    });
  }, 180_000);

  it('reconcile reports the gaps it found and pushes them; push --all pushes every scene in full; a bad scope is refused', async () => {
    await withStashRig({ ...options, firstId: first + 100 }, async (rig) => {
      const stash = stashCli(rig);
      const scenes = Array.from({ length: 6 }, (_, n) => String(first + 100 + n));
      expect(await stash('reconcile', '--scope', '3d')).toMatchObject({ code: 1, stderr: '--scope must be one of all, 24h, 7d\n' });

      const reconciled = await stash('reconcile', '--scope', '7d');
      expect(reconciled).toMatchObject({
        code: 0,
        stdout: '6 scenes in scope 7d; gaps: plex-empty 0, stash-newer 0, never-matched 6; 6 pushes started\n',
      });
      for (const sceneId of scenes) expect(await sceneOutcome(rig, sceneId)).toMatchObject({ status: 'pushed' });
      const status = await stash('status');
      expect(status.stdout).toMatch(/last reconciliation \S+ \(scope 7d\): 6 scenes, gaps plex-empty 0, stash-newer 0, never-matched 6\n$/);

      // Plex lost a scene's metadata: a forced push of everything puts it back, and rewrites nothing else.
      rig.sim.library.edits.clear(sceneRatingKey(scenes[2]!));
      const all = await stash('push', '--all');
      expect(all).toMatchObject({ code: 0, stdout: '6 of 6 scenes queued for a push\n' });
      for (const sceneId of scenes) expect(await sceneOutcome(rig, sceneId)).toMatchObject({ status: 'pushed' });
      const restored = await rig.plexTruth(scenes[2]!);
      expect(restored.text.summary).toBe(rig.sim.stash!.world.scenes.get(scenes[2]!)?.details);
      expect(restored.writes).toBe(1);
      expect((await rig.plexTruth(scenes[0]!)).writes).toBe(1);
    });
  }, 180_000);

  it('thaw tries a frozen scene again and it lands; thawing a scene that is not frozen says so and changes nothing', async () => {
    // No path rule: a second copy of a scene's file leaves its file name ambiguous.
    await withStashRig({ ...options, firstId: first + 200, stash: { ...cliWaits, path_mappings: [] } }, async (rig) => {
      const stash = stashCli(rig);
      const sceneId = id(200);
      addCopyOfSceneFile(rig, sceneId, '7004201');
      await rig.sim.stash!.editScene(sceneId, { title: 'Thawed by the CLI' });
      expect(await sceneOutcome(rig, sceneId)).toMatchObject({ status: 'frozen' });
      const status = await stash('status');
      expect(status.stdout).toMatch(new RegExp(`\\n  scene ${sceneId}  ambiguous: 2 Plex items match \\(.*\\)  attempts 1  last `));

      const notFrozen = await stash('thaw', id(201));
      expect(notFrozen.code).toBe(1);
      expect(notFrozen.stderr).toBe(`scene ${id(201)} is not frozen (\`watchsync stash status\` lists the frozen scenes)\n`);
      expect((await listUnresolved(rig.db, { pairId: 'stash' })).map((u) => u.itemKey)).toContain(sceneId);

      rig.sim.library.deleteItem('7004201');
      expect(await stash('thaw', sceneId)).toMatchObject({ code: 0, stdout: '1 scene(s) thawed and queued\n' });
      await eventually(async () => (await rig.plexTruth(sceneId)).text.title === 'Thawed by the CLI', 'the thawed push');
      expect((await listUnresolved(rig.db, { pairId: 'stash' })).map((u) => u.itemKey)).not.toContain(sceneId);
    });
  }, 180_000);

  it('schedule creates, updates and deletes the reconciliation schedule as stash.reconcile says; a bad value names the key', async () => {
    await withStashRig({ ...options, firstId: first + 300 }, async (rig) => {
      const withReconcile = (reconcile: object) =>
        stashCli(rig, (c) => ({ ...c, stash: { ...c.stash, reconcile: reconcile as { every: 'hourly'; scope: '24h' } } }));
      const schedule = rig.client.schedule.getHandle(stashReconcileScheduleId);
      try {
        expect(await withReconcile({ every: 'hourly', scope: '24h' })('schedule')).toMatchObject({
          code: 0,
          stdout: 'reconciliation schedule created (hourly, scope 24h)\n',
        });
        const created = await schedule.describe();
        expect(created.spec.intervals?.[0]?.every).toBe(3_600_000);
        expect(created.action).toMatchObject({ taskQueue: rig.taskQueue, args: [{ scope: '24h' }] });

        expect(await withReconcile({ every: 'weekly', scope: 'all' })('schedule')).toMatchObject({
          stdout: 'reconciliation schedule updated (weekly, scope all)\n',
        });
        const updated = await schedule.describe();
        expect(updated.spec.intervals?.[0]?.every).toBe(7 * 86_400_000);
        expect(updated.action).toMatchObject({ args: [{ scope: 'all' }] });

        const monthly = await withReconcile({ every: 'monthly', scope: 'all' })('schedule');
        expect(monthly.code).toBe(1);
        expect(monthly.stderr).toContain('stash.reconcile.every');
        expect((await schedule.describe()).spec.intervals?.[0]?.every).toBe(7 * 86_400_000);

        const off = withReconcile({ every: 'never', scope: 'all' });
        expect(await off('schedule')).toMatchObject({ stdout: 'reconciliation schedule deleted (never, scope all)\n' });
        expect(await off('schedule')).toMatchObject({ stdout: 'reconciliation schedule none (never, scope all)\n' });
      } finally {
        await schedule.delete().catch(() => undefined);
      }
    });
  }, 180_000);

  it('Stash unreachable or refusing the API key: the error names the config key to fix', async () => {
    await withStashRig({ ...options, firstId: first + 400 }, async (rig) => {
      const closed = `http://127.0.0.1:${await freePort()}`;
      const unreachable = await stashCli(rig, (c) => ({ ...c, stash: { ...c.stash, url: closed } }))('match', id(400));
      expect(unreachable).toMatchObject({
        code: 1,
        stderr: `Stash is not reachable at ${closed} (ECONNREFUSED): check that Stash runs, or correct stash.url\n`,
      });
      const refused = await stashCli(rig, (c) => ({ ...c, stash: { ...c.stash, api_key: 'not-the-key' } }))('push', id(400));
      expect(refused).toMatchObject({
        code: 1,
        stderr: `Stash at ${rig.config.stash.url} refused the API key (401): set stash.api_key to the key in Stash's Settings → Security\n`,
      });
      await expect(rig.client.workflow.getHandle(stashSceneWorkflowId(id(400))).describe()).rejects.toThrow(WorkflowNotFoundError);
    });
  }, 120_000);
});
