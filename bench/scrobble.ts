/**
 * Live-scrobbling benchmark (issue 5): simulator PMS websocket → bridge → scrobble workflow → Trakt simulator,
 * on a real Temporal dev server and PostgreSQL, worker in this process. Prints JSON:
 * - latency from the simulator's websocket frame to the Trakt request, p50/p99 over 1,000 pause/resume events;
 * - 50 concurrent sessions toggling together (latency and throughput);
 * - 20,000 frames across continue-as-new (forced every 2,000 events), none lost.
 * Run: TEMPORAL_CLI_PATH=… DATABASE_URL=… npx tsx bench/scrobble.ts
 */

import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { createClients } from '../src/activities/clients';
import { startBridge } from '../src/bridge/bridge';
import { parseConfig } from '../src/config';
import { freePort } from '../src/devserver/temporal';
import { createLogger } from '../src/log';
import { startSimulator } from '../src/sim';
import { movieRatingKey } from '../src/sim/catalog';
import { simulatorSections } from '../src/sim/config';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { createSecretBox } from '../src/store/secret-box';
import { pgTraktTokenStore } from '../src/store/trakt-tokens';
import { workflowsPath } from '../src/worker';
import { scrobbleStatusQuery, scrobbleWorkflowId } from '../src/workflows/scrobble-api';
import { percentile, runBenchmark, until } from './support';

const maxEventsPerRun = Number(process.env.BENCH_MAX_EVENTS_PER_RUN ?? 2_000);
/** Progress steps of 10 s for the 50 sessions: 50 frames each. */
const floodSteps = Number(process.env.BENCH_FLOOD_STEPS ?? 400);

/**
 * How long the workflow's tasks took across every run, against the server's 10 s workflow task timeout: a task
 * past it is timed out and retried, and one that always runs that long wedges the workflow.
 */
async function workflowTaskHealth(client: Client, workflowId: string) {
  const durations: number[] = [];
  let timedOut = 0;
  let failed = 0;
  const failures = new Map<string, number>();
  let runs = 0;
  for await (const execution of client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
    runs += 1;
    const history = await client.workflow.getHandle(workflowId, execution.runId).fetchHistory();
    let startedAt: number | undefined;
    for (const event of history.events ?? []) {
      const at = Number(event.eventTime?.seconds ?? 0) * 1000 + Math.round((event.eventTime?.nanos ?? 0) / 1e6);
      if (event.workflowTaskStartedEventAttributes) startedAt = at;
      else if (event.workflowTaskCompletedEventAttributes && startedAt !== undefined) durations.push(at - startedAt);
      else if (event.workflowTaskTimedOutEventAttributes) timedOut += 1;
      else if (event.workflowTaskFailedEventAttributes) {
        failed += 1;
        const { cause, failure } = event.workflowTaskFailedEventAttributes;
        const reason = `${cause}: ${failure?.message ?? ''}`.slice(0, 200);
        failures.set(reason, (failures.get(reason) ?? 0) + 1);
      }
    }
  }
  return {
    runs,
    tasks: durations.length,
    p50_ms: percentile(durations, 50),
    p99_ms: percentile(durations, 99),
    longest_ms: Math.max(...durations),
    timed_out: timedOut,
    failed,
    failure_causes: Object.fromEntries(failures),
    timeout_ms: 10_000,
  };
}

async function run(temporalAddress: string, dbUrl: string) {
  const db = createPool(dbUrl, 10);
  await migrate(db);
  const sim = await startSimulator({ size: 'tiny', seed: 4242, enforceTraktRateLimits: false });
  const account = 'bench';
  const taskQueue = `bench-scrobble-${randomUUID()}`;
  const config = parseConfig({
    temporal: { address: temporalAddress, task_queue: taskQueue },
    database: { url: dbUrl },
    bridge: { port: await freePort(), watch: { enabled: true } },
    ...simulatorSections(sim, account),
    // Scrobble calls are not paced here: the benchmark and the tests measure the pipeline, not Trakt's limit.
    trakt: { ...simulatorSections(sim, account).trakt, min_write_interval_ms: 0 },
    scrobble: { enabled: true },
  });
  await pgTraktTokenStore(db, createSecretBox(config.secrets)).save(account, {
    accessToken: sim.tokens.traktAccess,
    refreshToken: sim.tokens.traktRefresh,
    expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
  });
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const worker = await Worker.create({
    connection,
    taskQueue,
    activities: createActivities({ db, clients: createClients(config, db) }),
    workflowsPath,
    // Default slots; the scrobble workflow is one execution, its calls run side by side per session.
  });
  const bridge = await startBridge({
    config,
    log: createLogger({ level: 'error' }),
    clock: () => sim.player.now(),
    workflowOptions: { maxEventsPerRun },
  });
  const client = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
  const uuid = sim.library.machineIdentifier;
  const scrobbles = () => sim.trakt.control.truth(sim.tokens.traktUsername).scrobbles;
  const status = () => client.workflow.getHandle(scrobbleWorkflowId(uuid)).query(scrobbleStatusQuery);
  const movies = sim.catalog.movies.filter((m) => m.guidStyle === 'modern' && m.traktKnown);
  const owner = sim.library.owner.id;

  const measured = worker.runUntil(async () => {
    await until(() => bridge.watcher?.status().state === 'connected', 'the websocket');

    // 1. Latency: 1,000 pause/resume events on one session, one at a time.
    const single = sim.player.start({ accountId: owner, ratingKey: movieRatingKey(movies[0]!), playerUuid: 'bench-0' });
    await until(() => scrobbles().length === 1, 'the first start');
    const latencies: number[] = [];
    for (let i = 0; i < 1_000; i += 1) {
      const before = scrobbles().length;
      const sentAt = Date.now();
      if (i % 2 === 0) sim.player.pause(single);
      else sim.player.resume(single);
      await until(() => scrobbles().length > before, `Trakt call ${i}`);
      latencies.push(scrobbles()[before]!.at - sentAt);
    }
    sim.player.stop(single);

    // 2. 50 concurrent sessions: everyone pauses, then everyone resumes, 10 times.
    const sessions = Array.from({ length: 50 }, (_, i) =>
      sim.player.start({ accountId: owner, ratingKey: movieRatingKey(movies[i % movies.length]!), playerUuid: `bench-c${i}` }),
    );
    const calls = () => scrobbles().length;
    const startedAt = calls();
    await until(() => calls() >= startedAt + 50, 'the 50 starts');
    const concurrentLatencies: number[] = [];
    const concurrentStarted = Date.now();
    for (let round = 0; round < 20; round += 1) {
      const before = calls();
      const sentAt = Date.now();
      for (const key of sessions) (round % 2 === 0 ? sim.player.pause : sim.player.resume).call(sim.player, key);
      await until(() => calls() >= before + 50, `round ${round}`);
      for (const record of scrobbles().slice(before, before + 50)) concurrentLatencies.push(record.at - sentAt);
    }
    const concurrentSeconds = (Date.now() - concurrentStarted) / 1000;
    process.stderr.write(
      `phase 1 p50 ${percentile(latencies, 50)} p99 ${percentile(latencies, 99)}; phase 2 p50 ${percentile(concurrentLatencies, 50)} p99 ${percentile(concurrentLatencies, 99)}\n`,
    );
    for (const key of sessions) sim.player.stop(key);
    await until(async () => (await status()).eventsPending === 0 && bridge.watcher?.status().pendingDeliveries === 0, 'phase 2 to settle');

    // 3. 20,000 progress frames from 50 sessions, across continue-as-new.
    const before = await status();
    const framesBefore = bridge.watcher?.status().framesReceived ?? 0;
    const sentBefore = sim.player.notifications.stats.framesSent;
    const players = Array.from({ length: 50 }, (_, i) =>
      sim.player.start({ accountId: owner, ratingKey: movieRatingKey(movies[i % movies.length]!), playerUuid: `bench-f${i}` }),
    );
    const floodStarted = Date.now();
    for (let step = 0; step < floodSteps; step += 1) {
      sim.player.advance(10_000);
      await sim.player.flush();
      // Back-pressure: a PMS sends one frame per session every ~10 s, not 20,000 at once. Every frame sent so far
      // must have reached the bridge (pending deliveries alone read 0 while frames are still on the wire).
      const sentSoFar = sim.player.notifications.stats.framesSent - sentBefore;
      await until(() => {
        const watcher = bridge.watcher?.status();
        return !!watcher && watcher.framesReceived - framesBefore >= sentSoFar && watcher.pendingDeliveries === 0;
      }, 'the bridge to deliver a step');
    }
    const sent = sim.player.notifications.stats.framesSent - sentBefore;
    await until(
      async () => {
        const s = await status();
        return s.eventsReceived - before.eventsReceived >= sent && s.eventsPending === 0;
      },
      'every frame to reach the workflow',
      600_000,
    ).catch(async (error) => {
      process.stderr.write(
        `${JSON.stringify({ sent, bridge: bridge.watcher?.status(), workflow: await status().catch((e) => String(e)) })}\n`,
      );
      throw error;
    });
    const after = await status();
    const floodSeconds = (Date.now() - floodStarted) / 1000;
    for (const key of players) sim.player.stop(key);

    return {
      latency: {
        events: latencies.length,
        p50_ms: percentile(latencies, 50),
        p99_ms: percentile(latencies, 99),
        max_ms: Math.max(...latencies),
        targets: { p50_ms: 50, p99_ms: 200 },
      },
      concurrent: {
        sessions: 50,
        events: concurrentLatencies.length,
        p50_ms: percentile(concurrentLatencies, 50),
        p99_ms: percentile(concurrentLatencies, 99),
        trakt_calls_per_second: Math.round(concurrentLatencies.length / concurrentSeconds),
      },
      continue_as_new: {
        frames_sent_by_pms: sent,
        frames_received_by_bridge: (bridge.watcher?.status().framesReceived ?? 0) - framesBefore,
        events_received_by_workflow: after.eventsReceived - before.eventsReceived,
        lost: sent - (after.eventsReceived - before.eventsReceived),
        runs: after.run,
        max_events_per_run: maxEventsPerRun,
        seconds: floodSeconds,
        events_per_second: Math.round(sent / floodSeconds),
      },
      workflow_tasks: await workflowTaskHealth(client, scrobbleWorkflowId(uuid)),
    };
  });
  try {
    return await measured;
  } finally {
    await bridge.close();
    await client.connection.close();
    await sim.close();
    await db.end();
  }
}

runBenchmark(run).catch((error) => {
  console.error(error);
  process.exit(1);
});
