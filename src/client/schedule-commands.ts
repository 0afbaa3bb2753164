/**
 * `set / list / pause / unpause / trigger / delete` for one kind of Temporal Schedule (a pair's syncs, a library
 * server's imports): each kind says how its schedule IDs are made, which workflow a run starts and how it talks.
 */
import { type ScheduleOptionsStartWorkflowAction, ScheduleOverlapPolicy, type Workflow } from '@temporalio/client';
import type { Command } from 'commander';
import type { Config } from '../config';
import { relativeTime } from './durations';
import { scheduleIntervals, upsertSchedule } from './schedules';
import { explainStartError } from './start-errors';
import { withTemporal } from './temporal';

/** The workflow a scheduled run starts (the task queue comes from the config). */
export type ScheduledWorkflow = Omit<ScheduleOptionsStartWorkflowAction<Workflow>, 'type' | 'taskQueue'>;

export interface ScheduleKind {
  /** The argument naming what is scheduled, in usage: `pair`, `server`. */
  argument: string;
  scheduleId(target: string): string;
  /** The target of a schedule ID; undefined for schedules of other kinds. */
  targetOf(scheduleId: string): string | undefined;
  /** Throws, naming the config key, when the config has no such target. */
  requireTarget(config: Config, target: string): void;
  workflow(config: Config, target: string): ScheduledWorkflow;
  /** "schedule of main", "import schedule of nas": what the messages are about. */
  subject(target: string): string;
  /** Said when `set` created the schedule, e.g. "main syncs every 6h". */
  created(target: string, every: string): string;
  /** `list`'s description, and what it says when there is no schedule of this kind. */
  listDescription: string;
  none: string;
}

/** "6h", "30m", "1d", "90s" → the interval Temporal Schedules take; `flag` names the option in the error. */
export function parseEvery(every: string, flag = '--every'): string {
  const match = /^(\d+)\s*(s|m|h|d)$/.exec(every.trim());
  if (!match) throw new Error(`${flag} "${every}" is not an interval like 30m, 6h or 1d`);
  const unit = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days' }[match[2] as 's' | 'm' | 'h' | 'd'];
  return `${match[1]} ${unit}`;
}

export function addScheduleCommands(schedule: Command, kind: ScheduleKind): void {
  const placeholder = `<${kind.argument}>`;
  schedule
    .command(`set ${placeholder}`)
    .description(`create or change the ${kind.subject(placeholder)}`)
    .requiredOption('--every <interval>', 'e.g. 6h, 30m, 1d')
    .action((target: string, options: { every: string }) =>
      withTemporal(async (client, config) => {
        kind.requireTarget(config, target);
        const spec = { intervals: [{ every: parseEvery(options.every) }] };
        const action = { type: 'startWorkflow' as const, taskQueue: config.temporal.task_queue, ...kind.workflow(config, target) };
        let done: 'created' | 'updated';
        try {
          done = await upsertSchedule(client, kind.scheduleId(target), spec, action);
        } catch (error) {
          throw explainStartError(error, config.temporal.namespace);
        }
        process.stdout.write(
          `${done === 'created' ? kind.created(target, options.every) : `${kind.subject(target)} now every ${options.every}`}\n`,
        );
      }),
    );

  schedule
    .command('list')
    .description(kind.listDescription)
    .action(() =>
      withTemporal(async (client) => {
        let count = 0;
        for await (const s of client.schedule.list()) {
          const target = kind.targetOf(s.scheduleId);
          if (target === undefined) continue;
          count++;
          const nextAt = s.info.nextActionTimes[0];
          const next = nextAt ? `next ${nextAt.toISOString()} (${relativeTime(nextAt)})` : 'nothing due';
          const every = scheduleIntervals(s.spec);
          process.stdout.write(`${target.padEnd(24)} every ${every.padEnd(8)} ${s.state.paused ? 'paused' : next}\n`);
        }
        if (count === 0) process.stdout.write(`${kind.none}\n`);
      }),
    );

  for (const [name, verb] of [
    ['pause', 'paused'],
    ['unpause', 'resumed'],
    ['trigger', 'triggered'],
    ['delete', 'deleted'],
  ] as const) {
    schedule
      .command(`${name} ${placeholder}`)
      .description(`${name} the ${kind.subject(placeholder)}`)
      .action((target: string) =>
        withTemporal(async (client) => {
          const handle = client.schedule.getHandle(kind.scheduleId(target));
          await (name === 'trigger' ? handle.trigger(ScheduleOverlapPolicy.SKIP) : handle[name]());
          process.stdout.write(`${kind.subject(target)} ${verb}\n`);
        }),
      );
  }
}
