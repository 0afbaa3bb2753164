import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import type { Command } from 'commander';
import { type Config, loadConfig } from '../../config';
import { libraryImportWorkflowId } from '../../workflows/library-import';
import { connectClient } from '../temporal';
import { parseEvery } from './schedule';

const prefix = 'library-import/';

/**
 * `watchsync library schedule …`: Temporal Schedules of library imports. A scheduled run's ID gets Temporal's
 * timestamp appended; the workflow runs itself under `library-import/<server>` (or skips while one runs), so a
 * scheduled and a CLI import of one server never overlap.
 */
export function registerLibraryScheduleCommands(library: Command, requireServer: (config: Config, serverId: string) => void): void {
  const schedule = library.command('schedule').description('import a server periodically (Temporal Schedules)');
  const withClient = async (work: (client: Awaited<ReturnType<typeof connectClient>>, config: Config) => Promise<void>) => {
    const config = loadConfig();
    const client = await connectClient(config);
    try {
      await work(client, config);
    } finally {
      await client.connection.close();
    }
  };

  schedule
    .command('set <server>')
    .description('create or change the import schedule of <server>')
    .requiredOption('--every <interval>', 'e.g. 6h, 30m, 1d')
    .action((server: string, options: { every: string }) =>
      withClient(async (client, config) => {
        requireServer(config, server);
        const action = {
          type: 'startWorkflow' as const,
          workflowType: 'libraryImport',
          workflowId: libraryImportWorkflowId(server),
          taskQueue: config.temporal.task_queue,
          args: [{ serverId: server }],
        };
        const spec = { intervals: [{ every: parseEvery(options.every) }] };
        try {
          await client.schedule.getHandle(`${prefix}${server}`).update((previous) => ({ ...previous, spec, action }));
          process.stdout.write(`import schedule of ${server} now every ${options.every}\n`);
        } catch (error) {
          if (!(error instanceof ScheduleNotFoundError)) throw error;
          await client.schedule.create({
            scheduleId: `${prefix}${server}`,
            spec,
            action,
            policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
          });
          process.stdout.write(`${server} is imported every ${options.every}\n`);
        }
      }),
    );

  schedule
    .command('list')
    .description('list library import schedules')
    .action(() =>
      withClient(async (client) => {
        for await (const s of client.schedule.list()) {
          if (!s.scheduleId.startsWith(prefix)) continue;
          const next = s.info.nextActionTimes[0]?.toISOString() ?? '-';
          const every = s.spec?.intervals?.map((i) => String(i.every)).join(', ') ?? '';
          process.stdout.write(
            `${s.scheduleId.slice(prefix.length).padEnd(24)} every ${every.padEnd(12)} ${s.state.paused ? 'paused' : `next ${next}`}\n`,
          );
        }
      }),
    );

  for (const [name, verb] of [
    ['pause', 'paused'],
    ['unpause', 'resumed'],
    ['trigger', 'triggered'],
    ['delete', 'deleted'],
  ] as const) {
    schedule
      .command(`${name} <server>`)
      .description(`${name} the import schedule of <server>`)
      .action((server: string) =>
        withClient(async (client) => {
          const handle = client.schedule.getHandle(`${prefix}${server}`);
          await (name === 'trigger' ? handle.trigger(ScheduleOverlapPolicy.SKIP) : handle[name]());
          process.stdout.write(`import schedule of ${server} ${verb}\n`);
        }),
      );
  }
}
