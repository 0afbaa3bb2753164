/**
 * Stash → Plex push benchmark (issue 12), JSON on stdout:
 * - latency: hook → Plex metadata write, one scene at a time (p50/p99, and with the debounce taken off);
 * - reconciliation: 10,000 Stash scenes against a 10,000-item Plex section (100 of them changed in Stash), with
 *   the PMS requests it made (one paged listing, never a per-scene read);
 * - outage: 1,000 scenes edited while the PMS is down, drained when it is back: lost and duplicated writes.
 * Real Temporal dev server, real PostgreSQL, the simulators over HTTP, the bridge and an in-process worker.
 * BENCH_PARTS picks parts (default `latency,reconciliation,outage`).
 *
 *   TEMPORAL_CLI_PATH=$(bash scripts/ensure-temporal.sh) DATABASE_URL=$(bash scripts/ensure-postgres.sh) npx tsx bench/stash-push.ts
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { fieldHashes } from '../src/activities/stash/push';
import { startBridge } from '../src/bridge/bridge';
import { createStashSignaller } from '../src/client/stash-signals';
import { parseConfig } from '../src/config';
import { freePort } from '../src/devserver/temporal';
import { sceneMetadata } from '../src/domain/stash/metadata';
import { createLogger } from '../src/log';
import { createStashClient } from '../src/providers/stash';
import { startSimulator } from '../src/sim';
import { stashSimulatorSections } from '../src/sim/config';
import { sceneRatingKey, stashSectionId } from '../src/sim/stash';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { recordStashMatch, recordStashPush } from '../src/store/stash-scenes';
import { workflowsPath } from '../src/worker';
import { stashPlexWriteQueue } from '../src/workflows/queues';
import { type StashReconcileResult, stashSceneWorkflowId } from '../src/workflows/stash-api';
import { countsOf, percentile, runBenchmark, until } from './support';

const scenes = Number(process.env.BENCH_SCENES ?? 10_000);
const latencySamples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 40);
const outageScenes = Number(process.env.BENCH_OUTAGE_SCENES ?? 1_000);
const debounceMs = Number(process.env.BENCH_DEBOUNCE_MS ?? 500);
const writesPerSecond = Number(process.env.BENCH_PLEX_WRITES_PER_SECOND ?? 50);
const parts = new Set((process.env.BENCH_PARTS ?? 'latency,reconciliation,outage').split(','));

async function run(temporalAddress: string, dbUrl: string) {
  const db = createPool(dbUrl, 10);
  await migrate(db);
  const sim = await startSimulator({ size: 'tiny', seed: 12, stash: { scenes } });
  const stash = sim.stash!;
  const taskQueue = `bench-stash-${randomUUID()}`;
  const hookSecret = randomUUID();
  const config = parseConfig({
    temporal: { address: temporalAddress, task_queue: taskQueue },
    database: { url: dbUrl },
    ...stashSimulatorSections(sim, { port: await freePort(), stash_hook_secret: hookSecret }, { plex_writes_per_second: writesPerSecond }),
  });
  const settings = { debounceMs, pushRetryInitialMs: 500, pushRetryMaxIntervalMs: 5_000 };
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection });
  const signaller = createStashSignaller({ client, taskQueue, settings });
  const activities = createActivities({ db, config, stashSignaller: () => signaller });
  const bridge = await startBridge({ config, log: createLogger({ level: 'silent' }), stashSettings: settings });
  stash.hookTarget = { url: `${bridge.url}/hooks/stash`, secret: hookSecret };
  const common = { connection: nativeConnection, activities };
  const worker = await Worker.create({ ...common, taskQueue, workflowsPath, maxConcurrentWorkflowTaskExecutions: 50 });
  const writes = await Worker.create({
    ...common,
    taskQueue: stashPlexWriteQueue(taskQueue),
    maxTaskQueueActivitiesPerSecond: writesPerSecond,
  });
  const writesOf = (sceneId: string) => sim.library.edits.get(sceneRatingKey(sceneId))?.writes ?? 0;

  // 1. Hook → Plex write, one scene at a time, and where the time goes (from each push's history).
  const latency = async () => {
    const samples: Array<{ sceneId: string; hookAt: number; writtenAt: number }> = [];
    for (let n = 1; n <= latencySamples; n++) {
      const sceneId = String(n);
      const hookAt = Date.now();
      const answer = await stash.editScene(sceneId, { title: `Latency ${n}` });
      if (answer?.status !== 202) throw new Error(`hook answered ${answer?.status}`);
      await until(() => writesOf(sceneId) >= 1, `scene ${sceneId}'s write`);
      samples.push({ sceneId, hookAt, writtenAt: Date.now() });
    }
    const stages = new Map<string, number[]>();
    const onePush = { workflowTasks: 0, activityTasks: 0, localActivities: 0 };
    for (const { sceneId, hookAt, writtenAt } of samples) {
      const handle = client.workflow.getHandle(stashSceneWorkflowId(sceneId));
      await handle.result();
      const events = (await handle.fetchHistory()).events ?? [];
      const at = (has: (e: (typeof events)[number]) => unknown) => tsToMs(events.find(has)?.eventTime);
      const write = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'pushStashScene');
      const marks = [
        ['hook answered (signal in history)', hookAt],
        ['first workflow task (debounce timer set)', at((e) => e.timerStartedEventAttributes)],
        ['debounce timer fired', at((e) => e.timerFiredEventAttributes)],
        ['reads done, write scheduled', tsToMs(write?.eventTime)],
        [
          'write started on the PMS write queue',
          at((e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.equals(write?.eventId ?? 0)),
        ],
        ['PMS write landed', writtenAt],
      ] as const;
      marks.slice(1).forEach(([stage, time], i) => {
        stages.set(stage, [...(stages.get(stage) ?? []), time - (marks[i]?.[1] ?? time)]);
      });
      onePush.workflowTasks = events.filter((e) => e.workflowTaskCompletedEventAttributes).length;
      onePush.activityTasks = events.filter((e) => e.activityTaskScheduledEventAttributes).length;
      onePush.localActivities = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
    }
    const latencies = samples.map((s) => s.writtenAt - s.hookAt);
    return {
      samples: latencies.length,
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
      p99MinusDebounceMs: Math.round(percentile(latencies, 99) - debounceMs),
      // Each stage's time since the previous one (its first: since the hook was sent), p50/p99 over the samples.
      stagesMs: Object.fromEntries([...stages].map(([stage, ms]) => [stage, { p50: percentile(ms, 50), p99: percentile(ms, 99) }])),
      // What one push costs the engine: each workflow task and activity task is a round trip through the server.
      onePush,
    };
  };

  // 2. Reconciliation: every scene pushed before (recorded as watchsync would), 100 changed in Stash since.
  const reconciliation = async () => {
    const reader = createStashClient({ url: sim.urls.stash as string, apiKey: sim.tokens.stashApiKey });
    const options = { fields: config.stash.fields, maxTags: config.stash.max_tags };
    for (let page = 1; ; page++) {
      const { scenes: batch } = await reader.findScenesSince({ since: '1970-01-01T00:00:00Z', page, perPage: 1000 });
      for (const scene of batch) {
        if (Number(scene.id) <= latencySamples) continue;
        const ratingKey = sceneRatingKey(scene.id);
        await recordStashMatch(db, { sceneId: scene.id, ratingKey, sectionId: stashSectionId, method: 'path', confidence: 'high' });
        await recordStashPush(db, {
          sceneId: scene.id,
          fieldHashes: fieldHashes(sceneMetadata(scene, options)),
          stashUpdatedAt: scene.updated_at,
        });
        sim.library.edits.setText(ratingKey, 'summary', scene.details ?? 'pushed');
      }
      if (batch.length < 1000) break;
    }
    for (let n = 0; n < 100; n++) stash.world.edit(String(scenes - n), { details: `Changed without a hook ${n}` });
    sim.pms.faults.resetCounts();
    const reconcileStarted = performance.now();
    const reconciled = (await client.workflow.execute('stashReconcile', {
      taskQueue,
      workflowId: `bench-reconcile-${randomUUID()}`,
      args: [{ scope: 'all' }],
    })) as StashReconcileResult;
    const reconcileMs = performance.now() - reconcileStarted;
    const pmsRequests = countsOf(sim.pms.faults.counts);
    const changed = Array.from({ length: 100 }, (_, n) => String(scenes - n));
    // The gaps it signalled are pushed by their scene workflows; how many landed within five minutes.
    const landed = async () => changed.filter((id) => writesOf(id) >= 1).length;
    await until(async () => (await landed()) === changed.length, 'the reconciled scenes', 300_000).catch(() => undefined);
    return {
      plexItems: sim.library.sectionItems.get(stashSectionId)?.length,
      ms: Math.round(reconcileMs),
      result: reconciled,
      pmsRequests,
      reconciledPushesLanded: await landed(),
    };
  };

  // 3. Outage: scenes edited while the PMS is down are pushed once when it is back.
  const outage = async () => {
    const scenes = Array.from({ length: outageScenes }, (_, n) => String(latencySamples + 1 + n));
    const before = new Map(scenes.map((id) => [id, writesOf(id)]));
    sim.pms.faults.set('*', { outageUntil: Date.now() + 3_600_000, status: 503 });
    let accepted = 0;
    for (let i = 0; i < scenes.length; i += 20)
      accepted += (await Promise.all(scenes.slice(i, i + 20).map((id) => stash.editScene(id, { title: `Outage ${id}` })))).filter(
        (a) => a?.status === 202,
      ).length;
    await new Promise((r) => setTimeout(r, 10_000));
    const drainStarted = performance.now();
    const backAt = Date.now();
    sim.pms.faults.clear('*');
    await until(() => scenes.every((id) => writesOf(id) > (before.get(id) ?? 0)), 'the drain', 900_000);
    const drainMs = performance.now() - drainStarted;
    await new Promise((r) => setTimeout(r, 5_000));
    const extra = scenes.map((id) => writesOf(id) - (before.get(id) ?? 0));
    const titles = scenes.filter((id) => sim.library.items.get(sceneRatingKey(id))?.title === `Outage ${id}`).length;
    // Where the drain's time goes: the reads retried by the engine's back-off, then the paced write queue.
    const readsDone: number[] = [];
    const writesStarted: number[] = [];
    const sinceBack = (event?: { eventTime?: Parameters<typeof tsToMs>[0] }) =>
      event?.eventTime ? [tsToMs(event.eventTime) - backAt] : [];
    for (const id of scenes) {
      const handle = client.workflow.getHandle(stashSceneWorkflowId(id));
      await handle.result();
      const events = (await handle.fetchHistory()).events ?? [];
      const last = (type: string) => events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type).at(-1);
      const read = last('inspectStashScene');
      const write = last('pushStashScene');
      readsDone.push(
        ...sinceBack(events.find((e) => e.activityTaskCompletedEventAttributes?.scheduledEventId?.equals(read?.eventId ?? 0))),
      );
      writesStarted.push(
        ...sinceBack(events.find((e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.equals(write?.eventId ?? 0))),
      );
    }
    const spread = (ms: number[]) => ({ count: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms) });

    return {
      scenes: outageScenes,
      hooksAccepted: accepted,
      plexWritesPerSecond: writesPerSecond,
      drainMs: Math.round(drainMs),
      lost: extra.filter((n) => n === 0).length,
      duplicated: extra.filter((n) => n > 1).length,
      titlesCorrect: titles,
      // Since Plex was back: when each scene's read, retried as an activity, succeeded, and when its write started.
      sinceBackMs: { readsDone: spread(readsDone), writesStarted: spread(writesStarted) },
    };
  };

  const measure = async () => ({
    scenes,
    debounceMs,
    hookToPlexWrite: parts.has('latency') ? await latency() : undefined,
    reconciliation: parts.has('reconciliation') ? await reconciliation() : undefined,
    outage: parts.has('outage') ? await outage() : undefined,
  });
  try {
    return await writes.runUntil(worker.runUntil(measure()));
  } finally {
    await bridge.close();
    await sim.close();
    await connection.close();
    await nativeConnection.close();
    await db.end();
  }
}

runBenchmark(run).catch((error) => {
  console.error(error);
  process.exit(1);
});
