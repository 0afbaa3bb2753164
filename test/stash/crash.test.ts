import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { createStashSignaller } from '../../src/client/stash-signals';
import { freePort } from '../../src/devserver/temporal';
import { type Simulator, startSimulator } from '../../src/sim';
import { stashSimulatorSections } from '../../src/sim/config';
import type { MetadataTruth } from '../../src/sim/plex/metadata-edits';
import { sceneRatingKey } from '../../src/sim/stash';
import { createPool } from '../../src/store/db';
import { readStashScene } from '../../src/store/stash-scenes';
import { stashSceneWorkflowId } from '../../src/workflows/stash-api';
import { services } from '../support/services';
import { startWorkerProcess, type WorkerProcess, writeTestConfig } from '../support/worker-process';
import { eventually, fastSettings } from './harness';

const sceneId = '3001';
const screenshot = 'GET /scene/:id/screenshot';

describe('a worker process killed in the middle of a Stash push', () => {
  let sim: Simulator | undefined;
  const workers: WorkerProcess[] = [];
  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await sim?.close();
  });

  it('completes the push once on a new worker: the metadata and rating written once, the poster uploaded once', async () => {
    sim = await startSimulator({ stash: { scenes: 1, firstId: Number(sceneId) } });
    const stash = sim.stash!;
    const taskQueue = `stash-crash-${randomUUID()}`;
    const configPath = writeTestConfig({
      temporal: { task_queue: taskQueue },
      // Not enabled: a worker with Stash enabled applies the namespace-wide reconciliation schedule, which the CLI
      // test owns; the push activities run either way.
      ...stashSimulatorSections(sim, { port: await freePort(), stash_hook_secret: randomUUID() }, { enabled: false }),
    });
    // The push writes the metadata and the rating, then downloads the screenshot it uploads as the poster: held there.
    const releaseScreenshot = stash.faults.hold(screenshot);
    workers.push(await startWorkerProcess(configPath));
    const connection = await Connection.connect({ address: services().temporalAddress });
    const db = createPool(services().databaseUrl, 1);
    try {
      const client = new Client({ connection });
      // The heartbeat timeout is how long a dead worker's push waits before it is retried (production: 30 s).
      const signaller = createStashSignaller({ client, taskQueue, settings: { ...fastSettings, pushHeartbeatTimeoutMs: 3_000 } });
      stash.world.edit(sceneId, { title: 'Killed mid-push', rating100: 60 });
      await signaller.sceneChanged(sceneId, { source: 'test' });

      const truth = async () => {
        const response = await request(`${sim!.urls.pms}/__admin/items/${sceneRatingKey(sceneId)}/metadata`);
        return (await response.body.json()) as MetadataTruth;
      };
      await eventually(() => stash.faults.count(screenshot) === 1, 'the push to download the screenshot');
      expect(await truth()).toMatchObject({ writes: 1, posterUploads: 0, text: { title: 'Killed mid-push' } });
      await workers[0]!.kill();
      releaseScreenshot();
      workers.push(await startWorkerProcess(configPath));

      const handle = client.workflow.getHandle(stashSceneWorkflowId(sceneId));
      expect(await handle.result()).toMatchObject({ status: 'pushed', poster: 'uploaded' });
      const after = await truth();
      expect(after.text.title).toBe('Killed mid-push');
      expect(after.writes).toBe(1);
      expect(after.posterUploads).toBe(1);
      expect(sim.pms.faults.count('PUT /::/rate')).toBe(1);
      expect(sim.library.peekState(sim.library.owner.id, sceneRatingKey(sceneId))?.userRating).toBe(6);
      expect((await readStashScene(db, sceneId))?.pushes).toBe(1);
      // The push was cut short once and finished by its second attempt, on the new worker.
      const { events } = await handle.fetchHistory();
      const started = (events ?? []).flatMap((e) => e.activityTaskStartedEventAttributes ?? []);
      expect(started.map((s) => s.attempt)).toEqual([2]);
      expect(started[0]?.identity).toMatch(new RegExp(`^${workers[1]!.child.pid}@`));
      expect(stash.faults.count(screenshot)).toBe(2);
    } finally {
      await connection.close();
      await db.end();
    }
  }, 120_000);
});
