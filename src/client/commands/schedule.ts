import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import {
  type PairSyncInput,
  pairOfSchedule,
  pairScheduleId,
  pairSyncMetadata,
  pairSyncSearchAttributes,
  pairSyncWorkflowType,
  pairWorkflowId,
} from '../../workflows/pair-sync-api';
import { humanDuration, relativeTime } from '../durations';
import { pairShape } from '../pair-runs';
import { requirePair } from '../pairs';
import { explainStartError } from '../start-errors';
import { connectClient } from '../temporal';

/** "6h", "30m", "1d", "90s" → the interval Temporal Schedules take. */
export function parseEvery(every: string): string {
  const match = /^(\d+)\s*(s|m|h|d)$/.exec(every.trim());
  if (!match) throw new Error(`--every "${every}" is not an interval like 30m, 6h or 1d`);
  const unit = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days' }[match[2] as 's' | 'm' | 'h' | 'd'];
  return `${match[1]} ${unit}`;
}

async function withClient<T>(
  fn: (client: Awaited<ReturnType<typeof connectClient>>, config: ReturnType<typeof loadConfig>) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const client = await connectClient(config);
  try {
    return await fn(client, config);
  } finally {
    await client.connection.close();
  }
}

export function registerScheduleCommands(program: Command): void {
  const schedule = program.command('schedule').description('run pair syncs periodically (Temporal Schedules)');

  schedule
    .command('set <pair>')
    .description('create or change the schedule of <pair>')
    .requiredOption('--every <interval>', 'e.g. 6h, 30m, 1d')
    .action((pair: string, options: { every: string }) =>
      withClient(async (client, config) => {
        requirePair(pair, config);
        const input: PairSyncInput = { pairId: pair, startedBy: `schedule ${pairScheduleId(pair)}` };
        const every = parseEvery(options.every);
        const action = {
          type: 'startWorkflow' as const,
          workflowType: pairSyncWorkflowType,
          // Temporal appends the action's timestamp to this ID; the run hands over to `pair-sync/<pair>` itself
          // (src/workflows/pair-sync.ts runUnderPairId), so a scheduled run never overlaps a CLI run of the pair.
          workflowId: pairWorkflowId(pair),
          taskQueue: config.temporal.task_queue,
          args: [input],
          typedSearchAttributes: pairSyncSearchAttributes(pair),
          ...pairSyncMetadata(input, pairShape(config, pair)),
        };
        // A run still going when the next is due is not doubled: the next one is skipped.
        const spec = { intervals: [{ every }] };
        try {
          try {
            await client.schedule.getHandle(pairScheduleId(pair)).update((previous) => ({ ...previous, spec, action }));
            process.stdout.write(`schedule of ${pair} now every ${options.every}\n`);
          } catch (error) {
            if (!(error instanceof ScheduleNotFoundError)) throw error;
            await client.schedule.create({
              scheduleId: pairScheduleId(pair),
              spec,
              action,
              policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
            });
            process.stdout.write(`${pair} syncs every ${options.every}\n`);
          }
        } catch (error) {
          throw explainStartError(error, config.temporal.namespace);
        }
      }),
    );

  schedule
    .command('list')
    .description('list pair-sync schedules')
    .action(() =>
      withClient(async (client) => {
        let count = 0;
        for await (const s of client.schedule.list()) {
          const pair = pairOfSchedule(s.scheduleId);
          if (pair === undefined) continue;
          count++;
          const nextAt = s.info.nextActionTimes[0];
          const next = nextAt ? `next ${nextAt.toISOString()} (${relativeTime(nextAt)})` : 'nothing due';
          const every = s.spec?.intervals?.map((i) => humanDuration(Number(i.every))).join(', ') ?? '';
          process.stdout.write(`${pair.padEnd(24)} every ${every.padEnd(8)} ${s.state.paused ? 'paused' : next}\n`);
        }
        if (count === 0) process.stdout.write('no schedules (create one with `watchsync schedule set <pair> --every 6h`)\n');
      }),
    );

  for (const [name, verb] of [
    ['pause', 'paused'],
    ['unpause', 'resumed'],
    ['trigger', 'triggered'],
    ['delete', 'deleted'],
  ] as const) {
    schedule
      .command(`${name} <pair>`)
      .description(`${name} the schedule of <pair>`)
      .action((pair: string) =>
        withClient(async (client) => {
          const handle = client.schedule.getHandle(pairScheduleId(pair));
          await (name === 'trigger' ? handle.trigger(ScheduleOverlapPolicy.SKIP) : handle[name]());
          process.stdout.write(`schedule of ${pair} ${verb}\n`);
        }),
      );
  }
}
