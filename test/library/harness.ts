import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { createActivities } from '../../src/activities';
import { type Config, type ConfigInput, parseConfig } from '../../src/config';
import { type SimSize, type Simulator, startSimulator } from '../../src/sim';
import { createPool, type Pool } from '../../src/store/db';
import {
  type LibraryImportInput,
  type LibraryImportProgress,
  type LibraryImportResult,
  type libraryImport,
  libraryImportWorkflowId,
} from '../../src/workflows/library-import';
import { services } from '../support/services';
import { withWorker } from '../support/temporal';

/** A small library: two movie sections (Movies, Classics) and a show section. */
export const smallLibrary: SimSize = { movies: 40, shows: 4, episodes: 60, plays: 0, ratings: 0, watchlist: 0, users: 1 };

/** Fast back-off and small pages for tests. */
export const testInput = {
  retry: { initialIntervalMs: 100, maximumIntervalMs: 1_000 },
  pageSize: 10,
} satisfies Partial<LibraryImportInput>;

export type ServerInput = NonNullable<NonNullable<ConfigInput['library']>['servers']>[number];

export function startLibrarySim(seed: number, size: SimSize = smallLibrary): Promise<Simulator> {
  return startSimulator({ size, seed });
}

/** A server entry of `library.servers` for a simulator, with an id no other test uses. */
export function simServer(sim: Simulator, extra: Partial<ServerInput> = {}): ServerInput {
  return { id: `srv-${randomUUID().slice(0, 8)}`, url: sim.urls.pms, token: sim.tokens.plexOwner, ...extra };
}

export function libraryConfig(servers: ServerInput[], library: Partial<NonNullable<ConfigInput['library']>> = {}): Config {
  const { temporalAddress, databaseUrl } = services();
  return parseConfig({ temporal: { address: temporalAddress }, database: { url: databaseUrl }, library: { servers, ...library } });
}

export interface LibraryContext {
  client: Client;
  taskQueue: string;
  db: Pool;
  run(serverId: string, input?: Omit<LibraryImportInput, 'serverId'>): Promise<LibraryImportResult>;
  start(serverId: string, input?: Omit<LibraryImportInput, 'serverId'>): Promise<WorkflowHandle<typeof libraryImport>>;
}

/** Runs `fn` while a worker with the library activities polls a task queue of its own (or `queue`). */
export async function withLibraryWorker<T>(config: Config, fn: (ctx: LibraryContext) => Promise<T>, queue?: string): Promise<T> {
  const db = createPool(config.database.url, 4);
  try {
    return await withWorker(
      createActivities({ db, config }),
      async ({ client, taskQueue }) => {
        const start = (serverId: string, input: Omit<LibraryImportInput, 'serverId'> = {}) =>
          startImport(client, taskQueue, serverId, input);
        return fn({ client, taskQueue, db, start, run: async (serverId, input) => (await start(serverId, input)).result() });
      },
      queue ? { taskQueue: queue } : {},
    );
  } finally {
    await db.end();
  }
}

export function startImport(
  client: Client,
  taskQueue: string,
  serverId: string,
  input: Omit<LibraryImportInput, 'serverId'> = {},
): Promise<WorkflowHandle<typeof libraryImport>> {
  return client.workflow.start<typeof libraryImport>('libraryImport', {
    taskQueue,
    workflowId: libraryImportWorkflowId(serverId),
    args: [{ serverId, ...testInput, ...input }],
  });
}

export async function waitForImport(
  handle: WorkflowHandle<typeof libraryImport>,
  until: (progress: LibraryImportProgress) => boolean,
  timeoutMs = 30_000,
): Promise<LibraryImportProgress> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await handle.query<LibraryImportProgress>('progress').catch(() => undefined);
    if (progress && until(progress)) return progress;
    if (Date.now() > deadline) throw new Error(`import did not reach the awaited progress: ${JSON.stringify(progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function sectionOf(result: LibraryImportResult, title: string) {
  const section = result.sections.find((s) => s.title === title);
  if (!section) throw new Error(`no section "${title}" in ${JSON.stringify(result.sections.map((s) => s.title))}`);
  return section;
}

/** Rows of one server's table by state. */
export async function countRows(db: Pool, table: string, serverId: string, state = 'active'): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`select count(*) as n from library.${table} where server_id = $1 and state = $2`, [
    serverId,
    state,
  ]);
  return Number(rows[0]!.n);
}

/** Ground truth of a simulated PMS: items per type (sections 1–3). */
export function simCounts(sim: Simulator) {
  const items = [...sim.library.items.values()];
  const count = (type: string) => items.filter((i) => i.type === type).length;
  return { movies: count('movie'), shows: count('show'), seasons: count('season'), episodes: count('episode') };
}
