/**
 * `watchsync stash gaps`: what is in Plex but not in Stash and the other way round (DESIGN.md §7), the full
 * comparison now, and its Temporal Schedule.
 */
import { type Client, WorkflowIdReusePolicy } from '@temporalio/client';
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { type GapKind, listGaps, type StashGap } from '../../store/stash-gaps';
import { type StashGapResult, stashGapWorkflowId } from '../../workflows/stash-gaps-api';
import { parseEvery } from '../schedule-commands';
import { upsertSchedule } from '../schedules';
import { connectClient } from '../temporal';
import { withDb } from './state';

export const stashGapScheduleId = 'stash-gaps';
const kinds: readonly GapKind[] = ['plex-only', 'stash-only'];

/** Creates the comparison's schedule, or changes its interval; a comparison still running when the next is due is skipped. */
export async function setGapSchedule(client: Client, taskQueue: string, every: string): Promise<'created' | 'updated'> {
  const spec = { intervals: [{ every: parseEvery(every) }] };
  const action = { type: 'startWorkflow' as const, workflowType: 'stashGaps', workflowId: stashGapWorkflowId, taskQueue, args: [] };
  return upsertSchedule(client, stashGapScheduleId, spec, action);
}

export function formatGaps(gaps: readonly StashGap[]): string {
  if (gaps.length === 0) return 'no gaps\n';
  const lines = gaps.map((gap) =>
    gap.kind === 'plex-only'
      ? `in Plex, not in Stash   ${gap.plexPath ?? ''}${gap.stashPath && gap.stashPath !== gap.plexPath ? `  (Stash path ${gap.stashPath})` : ''}`
      : `in Stash, not in Plex   scene ${gap.sceneId}  ${gap.stashPath ?? ''}${gap.title ? `  "${gap.title}"` : ''}`,
  );
  return `${lines.join('\n')}\n${gaps.length} gap(s)\n`;
}

function kindOption(value: string | undefined): GapKind | undefined {
  if (value === undefined) return undefined;
  if (!(kinds as readonly string[]).includes(value)) throw new Error(`--kind must be one of ${kinds.join(', ')}`);
  return value as GapKind;
}

export function registerStashGapCommands(program: Command): void {
  const stash = program.commands.find((c) => c.name() === 'stash') ?? program.command('stash').description('Stash and Plex');
  const gaps = stash
    .command('gaps')
    .description('files in Plex with no Stash scene, and scenes Plex does not list')
    .option('--kind <kind>', `only ${kinds.join(' or ')}`)
    .option('--json', 'as JSON')
    .action((options: { kind?: string; json?: boolean }) =>
      withDb(async (db) => {
        const found = await listGaps(db, kindOption(options.kind));
        process.stdout.write(options.json ? `${JSON.stringify(found, null, 2)}\n` : formatGaps(found));
      }),
    );

  gaps
    .command('compare')
    .description('compare both libraries now and wait for the result')
    .action(async () => {
      const config = loadConfig();
      const client = await connectClient(config);
      try {
        const handle = await client.workflow.start('stashGaps', {
          workflowId: stashGapWorkflowId,
          taskQueue: config.temporal.task_queue,
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        });
        const result = (await handle.result()) as StashGapResult;
        process.stdout.write(
          `${result.stashScenes} scenes, ${result.plexFiles} Plex files: ${result.plexOnly} in Plex only, ${result.stashOnly} in Stash only\n`,
        );
      } finally {
        await client.connection.close();
      }
    });

  gaps
    .command('schedule')
    .description('compare both libraries periodically (a Temporal Schedule)')
    .requiredOption('--every <interval>', 'e.g. 6h, 1d')
    .action(async (options: { every: string }) => {
      const config = loadConfig();
      const client = await connectClient(config);
      try {
        const done = await setGapSchedule(client, config.temporal.task_queue, options.every);
        process.stdout.write(`gap comparison ${done}: every ${options.every}\n`);
      } finally {
        await client.connection.close();
      }
    });
}
