/**
 * `watchsync stash gaps`: what is in Plex but not in Stash and the other way round (DESIGN.md §7), the full
 * comparison now, and its Temporal Schedule.
 */
import { type Client, type WorkflowHandle, WorkflowIdReusePolicy } from '@temporalio/client';
import { msToNumber } from '@temporalio/common/lib/time';
import type { Command } from 'commander';
import { humanDuration } from '../../domain/durations';
import type { PlexFileSource } from '../../domain/stash/gap-source';
import { type FinishedComparison, type GapKind, lastComparison, listGaps, type StashGap } from '../../store/stash-gaps';
import {
  defaultLibraryImportMaxAgeMs,
  type StashGapInput,
  type StashGapResult,
  stashGapProgressQuery,
  stashGapWorkflowId,
  stashGapWorkflowType,
} from '../../workflows/stash-gaps-api';
import { parseEvery } from '../schedule-commands';
import { upsertSchedule } from '../schedules';
import { withTemporal } from '../temporal';
import { formatWaiting, waitingOf } from '../waiting';
import { withDb } from '../with-db';

export const stashGapScheduleId = 'stash-gaps';
const kinds: readonly GapKind[] = ['plex-only', 'stash-only'];

/** Creates the comparison's schedule, or changes its interval; a comparison still running when the next is due is skipped. */
export async function setGapSchedule(
  client: Client,
  taskQueue: string,
  every: string,
  input: StashGapInput = {},
): Promise<'created' | 'updated'> {
  const spec = { intervals: [{ every: parseEvery(every) }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: stashGapWorkflowType,
    workflowId: stashGapWorkflowId,
    taskQueue,
    args: [input],
  };
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

/** Where a comparison read Plex's files from, in a sentence. */
export function formatPlexSource(source: PlexFileSource | undefined): string {
  if (!source) return 'Plex files: source not recorded';
  return source.kind === 'library-import'
    ? `Plex files from the library import of "${source.serverId}" (sections ${source.sections.join(', ')}, listed completely since ${source.listedAt}; Plex was not listed)`
    : `Plex files listed from Plex: ${source.reason}`;
}

function formatLastComparison(last: FinishedComparison): string {
  return `last comparison ${last.finishedAt.toISOString()}: ${last.stashScenes} scenes, ${last.plexFiles} Plex files. ${formatPlexSource(last.plexSource)}\n`;
}

function kindOption(value: string | undefined): GapKind | undefined {
  if (value === undefined) return undefined;
  if (!(kinds as readonly string[]).includes(value)) throw new Error(`--kind must be one of ${kinds.join(', ')}`);
  return value as GapKind;
}

function importMaxAge(value: string): StashGapInput {
  return { libraryImportMaxAgeMs: msToNumber(parseEvery(value, '--import-max-age')) };
}

const importMaxAgeHelp = `read Plex's files from the library import when it is at most this old, else list Plex (e.g. 6h; default ${humanDuration(defaultLibraryImportMaxAgeMs)})`;

/** Prints a line each time an activity of the run fails anew (the service, its answer, since when), until the run ends. */
async function resultReportingWaits(handle: WorkflowHandle, out: NodeJS.WriteStream = process.stderr): Promise<StashGapResult> {
  const shown = new Set<string>();
  const report = async () => {
    const progress = await handle.query(stashGapProgressQuery);
    for (const cause of await waitingOf(handle, progress.waiting)) {
      const key = `${cause.activityId}#${cause.attempt}`;
      if (!shown.has(key)) out.write(`${formatWaiting(cause)}\n`);
      shown.add(key);
    }
  };
  // One report at a time, and none left in flight when the run ends: the caller closes the connection next.
  let inFlight: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    inFlight = inFlight.then(() => report().catch(() => undefined)); // the run may end between two polls
  }, 2_000);
  try {
    return (await handle.result()) as StashGapResult;
  } finally {
    clearInterval(timer);
    await inFlight;
  }
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
        if (options.json) {
          process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
          return;
        }
        const last = await lastComparison(db);
        process.stdout.write(`${last ? formatLastComparison(last) : ''}${formatGaps(found)}`);
      }),
    );

  gaps
    .command('compare')
    .description('compare both libraries now and wait for the result')
    .option('--import-max-age <interval>', importMaxAgeHelp)
    .action((options: { importMaxAge?: string }) =>
      withTemporal(async (client, config) => {
        const handle = await client.workflow.start(stashGapWorkflowType, {
          workflowId: stashGapWorkflowId,
          taskQueue: config.temporal.task_queue,
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
          args: [options.importMaxAge ? importMaxAge(options.importMaxAge) : {}],
        });
        const result = await resultReportingWaits(handle);
        process.stdout.write(
          `${result.stashScenes} scenes, ${result.plexFiles} Plex files: ${result.plexOnly} in Plex only, ${result.stashOnly} in Stash only\n` +
            `${formatPlexSource(result.plexSource)}\n`,
        );
      }),
    );

  gaps
    .command('schedule')
    .description('compare both libraries periodically (a Temporal Schedule)')
    .requiredOption('--every <interval>', 'e.g. 6h, 1d')
    .option('--import-max-age <interval>', importMaxAgeHelp)
    .action((options: { every: string; importMaxAge?: string }) =>
      withTemporal(async (client, config) => {
        const input = options.importMaxAge ? importMaxAge(options.importMaxAge) : {};
        const done = await setGapSchedule(client, config.temporal.task_queue, options.every, input);
        process.stdout.write(`gap comparison ${done}: every ${options.every}\n`);
      }),
    );
}
