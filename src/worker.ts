import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from './activities';
import { createClients } from './activities/clients';
import { applyStashSchedule } from './client/stash-schedule';
import { createStashSignaller, stashSceneSettings } from './client/stash-signals';
import { type Config, loadConfig } from './config';
import { workerIdentity } from './config/worker-identity';
import { createLogger, type Logger, temporalLogger } from './log';
import { createPool } from './store/db';
import { migrate } from './store/migrate';
import { stashPlexWriteQueue, traktWriteQueue } from './workflows/queues';

/** Written by `npm run build`; used in production so the worker starts without webpack. */
export const prebuiltBundlePath = join(__dirname, '..', 'dist', 'workflow-bundle.js');
export const workflowsPath = join(__dirname, 'workflows');

export function workflowSource(env: NodeJS.ProcessEnv = process.env): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  const bundle = env.WATCHSYNC_WORKFLOW_BUNDLE ?? (env.NODE_ENV === 'production' ? prebuiltBundlePath : undefined);
  if (bundle !== undefined) {
    if (!existsSync(bundle)) throw new Error(`workflow bundle ${bundle} is missing: run \`npm run build\``);
    return { workflowBundle: { codePath: bundle } };
  }
  return { workflowsPath };
}

export interface RunningWorker {
  worker: Worker;
  traktWrites: Worker;
  plexWrites: Worker;
  /** Resolves when both workers have stopped (after SIGINT/SIGTERM or shutdown()). */
  done: Promise<unknown>;
}

export async function startWorker(config: Config, log: Logger): Promise<RunningWorker> {
  const db = createPool(config.database.url);
  await migrate(db);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  // Reconciliation signals scene workflows through a client connection, made on first use.
  const clientConnection = config.stash.enabled ? Connection.lazy({ address: config.temporal.address }) : undefined;
  const client = clientConnection && new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const signalling = client
    ? createStashSignaller({
        client,
        taskQueue: config.temporal.task_queue,
        settings: stashSceneSettings(config),
      })
    : undefined;
  const activities = createActivities({
    db,
    config,
    clients: createClients(config, db),
    stashSignaller: signalling ? () => signalling : undefined,
  });
  const common = {
    connection,
    namespace: config.temporal.namespace,
    activities,
    shutdownGraceTime: config.worker.shutdown_grace_ms,
    // Heartbeats reach the server at least every 5 s (the SDK's default would hold them back for 80 % of the
    // heartbeat timeout): a busy moment cannot push one past the 30 s timeout of pair-sync activities.
    maxHeartbeatThrottleInterval: '5 seconds',
    identity: workerIdentity(),
  };
  const worker = await Worker.create({ ...common, taskQueue: config.temporal.task_queue, ...workflowSource() });
  // Trakt writes run on their own queue, rate-limited by the server for all workers together.
  const traktWrites = await Worker.create({
    ...common,
    taskQueue: traktWriteQueue(config.temporal.task_queue),
    maxTaskQueueActivitiesPerSecond: config.trakt.writes_per_second,
  });
  // The Stash push's PMS writes, rate-limited by the server for all workers together.
  const plexWrites = await Worker.create({
    ...common,
    taskQueue: stashPlexWriteQueue(config.temporal.task_queue),
    maxTaskQueueActivitiesPerSecond: config.stash.plex_writes_per_second,
  });
  if (client) {
    // The reconciliation schedule follows stash.reconcile; a failure here must not stop the worker.
    applyStashSchedule(client, config).then(
      (change) => log.info({ change, every: config.stash.reconcile.every }, 'Stash reconciliation schedule'),
      (error) => log.warn({ err: error }, 'could not apply the Stash reconciliation schedule'),
    );
  }
  log.info(
    { address: config.temporal.address, namespace: config.temporal.namespace, taskQueue: config.temporal.task_queue },
    'worker polling',
  );
  const done = Promise.all([worker.run(), traktWrites.run(), plexWrites.run()]).finally(async () => {
    await connection.close();
    await clientConnection?.close();
    await db.end();
    log.info('worker stopped');
  });
  return { worker, traktWrites, plexWrites, done };
}

/** The Trakt-writes worker runs activities only, by design: the SDK's warning about that is no news at every start. */
const activityOnlyNotice = 'No workflows registered, not polling for workflow tasks';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.log.level, name: 'worker' });
  // The SDK stops the worker on these signals; in-flight activities get shutdown_grace_ms to finish.
  // Its own chatter (webpack, state changes) stays at debug level in our logs.
  const sdkLog = log.child({ component: 'temporal-sdk' });
  sdkLog.level = config.log.level === 'info' ? 'warn' : config.log.level;
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'], logger: temporalLogger(sdkLog, [activityOnlyNotice]) });
  const { done } = await startWorker(config, log);
  await done;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
