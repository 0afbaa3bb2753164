import { hostname, userInfo } from 'node:os';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import type { loadConfig } from '../../config';
import { approveUpdate, type PairSyncInput, rejectUpdate } from '../../workflows/pair-sync-api';
import { describeRun, pairShape, runningPairRun, startPairRun } from '../pair-runs';
import { requirePair as requireConfiguredPair } from '../pairs';
import { followPairSync, formatPairSyncResult } from '../progress';
import { connectClient, workflowUrl } from '../temporal';

/** Who started a run, for the Temporal UI. */
const cliStarter = () => `watchsync CLI (${userInfo().username}@${hostname()})`;

function requirePair(pairId: string): ReturnType<typeof loadConfig> {
  const config = requireConfiguredPair(pairId); // Throws naming the configured pairs, and says if the worker has it.
  pairShape(config, pairId);
  return config;
}

async function startSync(pairId: string, input: Omit<PairSyncInput, 'pairId'>, follow: boolean): Promise<void> {
  const config = requirePair(pairId);
  const client = await connectClient(config);
  try {
    const say = (line: string) => process.stderr.write(`${line}\n`);
    const { handle } = await startPairRun(client, config, { pairId, ...input, startedBy: cliStarter() }, say);
    const description = await handle.describe();
    say(workflowUrl(config, handle.workflowId, description.runId));
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
    .description('run a pair sync now: joins a sync of <pair> already going, waits for a plan of it to end first')
    .option('--dry-run', 'index and plan only; write nothing')
    .option('--follow', 'show progress bars, what the run waits on, and the summary; exits non-zero if the run failed')
    .action((pair: string, options: { dryRun?: boolean; follow?: boolean }) =>
      startSync(pair, { dryRun: options.dryRun }, options.follow ?? false),
    );

  program
    .command('plan <pair>')
    .description('show what a sync would write, without writing anything')
    .action((pair: string) => startSync(pair, { dryRun: true }, true));

  program
    .command('approve <pair>')
    .description('apply the removals the guard held back in the running sync of <pair> (however it was started)')
    .action((pair: string) => decideHeldRemovals(pair, 'approve'));

  program
    .command('reject <pair>')
    .description('drop the removals the guard held back in the running sync of <pair>; they are not planned again')
    .action((pair: string) => decideHeldRemovals(pair, 'reject'));
}

/** Answers the pair's running run that waits with held removals: apply them, or drop them for good. */
async function decideHeldRemovals(pair: string, decision: 'approve' | 'reject'): Promise<void> {
  const config = requirePair(pair);
  const client = await connectClient(config);
  try {
    const running = await runningPairRun(client, pair);
    if (!running) throw new Error(`nothing to ${decision}: no run of pair "${pair}" is going`);
    try {
      const decided = await running.handle.executeUpdate(decision === 'approve' ? approveUpdate : rejectUpdate);
      const done = decision === 'approve' ? 'approved' : 'rejected';
      process.stdout.write(`${done} ${decided.removals} removals of plan ${decided.planId} in the ${describeRun(running)}\n`);
    } catch (error) {
      if (!(error instanceof WorkflowUpdateFailedError)) throw error;
      throw new Error(`nothing to ${decision} in the ${describeRun(running)}: ${error.cause?.message ?? error.message}`);
    }
  } finally {
    await client.connection.close();
  }
}
