import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { services } from './services';

export interface WorkerContext {
  client: Client;
  taskQueue: string;
}

/**
 * Runs `fn` while a worker polls a task queue of its own on the shared dev server, so test files never
 * pick up each other's tasks. Workflows come from the bundle built once by the global setup.
 */
export async function withWorker<T>(
  activities: WorkerOptions['activities'],
  fn: (ctx: WorkerContext) => Promise<T>,
  options: Partial<WorkerOptions> = {},
): Promise<T> {
  const { temporalAddress, workflowBundlePath } = services();
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      activities,
      workflowBundle: { codePath: workflowBundlePath },
      ...options,
    });
    return await worker.runUntil(fn({ client: new Client({ connection }), taskQueue }));
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}
