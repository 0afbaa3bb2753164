import { WorkflowIdConflictPolicy } from '@temporalio/client';
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import type { PairSyncInput, pairSync } from '../../workflows/pair-sync';
import { followPairSync, formatPairSyncResult } from '../progress';
import { connectClient, workflowUrl } from '../temporal';

export const pairWorkflowId = (pairId: string) => `pair-sync/${pairId}`;

function requirePair(pairId: string): ReturnType<typeof loadConfig> {
  const config = loadConfig();
  if (!config.pairs.some((p) => p.id === pairId)) {
    throw new Error(`no pair "${pairId}" in the config; configured: ${config.pairs.map((p) => p.id).join(', ') || '(none)'}`);
  }
  return config;
}

async function startSync(pairId: string, input: Omit<PairSyncInput, 'pairId'>, follow: boolean): Promise<void> {
  const config = requirePair(pairId);
  const client = await connectClient(config);
  try {
    const workflowId = pairWorkflowId(pairId);
    // One run per pair at a time: a second start attaches to the running one instead of overlapping it.
    const handle = await client.workflow.start<typeof pairSync>('pairSync', {
      taskQueue: config.temporal.task_queue,
      workflowId,
      args: [{ pairId, ...input }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      searchAttributes: { WatchsyncPair: [pairId], WatchsyncKind: ['pair-sync'] },
    });
    process.stderr.write(`${workflowUrl(config, workflowId, handle.firstExecutionRunId)}\n`);
    if (!follow) return;
    const result = await followPairSync(handle);
    process.stdout.write(`${formatPairSyncResult(result)}\n`);
  } finally {
    await client.connection.close();
  }
}

export function registerSyncCommands(program: Command): void {
  program
    .command('sync <pair>')
    .description('run a pair sync now (one run per pair at a time)')
    .option('--dry-run', 'index and plan only; write nothing')
    .option('--follow', 'show progress bars and the summary')
    .action((pair: string, options: { dryRun?: boolean; follow?: boolean }) =>
      startSync(pair, { dryRun: options.dryRun }, options.follow ?? false),
    );

  program
    .command('plan <pair>')
    .description('show what a sync would write, without writing anything')
    .action((pair: string) => startSync(pair, { dryRun: true }, true));

  program
    .command('approve <pair>')
    .description('apply the removals the guard held back in the running sync of <pair>')
    .action(async (pair: string) => {
      const config = requirePair(pair);
      const client = await connectClient(config);
      try {
        const approved = await client.workflow
          .getHandle(pairWorkflowId(pair))
          .executeUpdate<{ planId: number; removals: number }, []>('approve');
        process.stdout.write(`approved ${approved.removals} removals of plan ${approved.planId}\n`);
      } finally {
        await client.connection.close();
      }
    });
}
