import { hostname, userInfo } from 'node:os';
import type { Command } from 'commander';
import type { loadConfig } from '../../config';
import type { PairSyncInput } from '../../workflows/pair-sync-api';
import { decideHeldRemovals, pairShape, startPairRun } from '../pair-runs';
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
    .action((pair: string) => decide(pair, 'approve'));

  program
    .command('reject <pair>')
    .description('drop the removals the guard held back in the running sync of <pair>; they are not planned again')
    .action((pair: string) => decide(pair, 'reject'));
}

/** Answers the pair's running run that waits with held removals, and says how many it applied or dropped. */
async function decide(pair: string, decision: 'approve' | 'reject'): Promise<void> {
  const client = await connectClient(requirePair(pair));
  try {
    const decided = await decideHeldRemovals(client, pair, decision);
    const done = decision === 'approve' ? 'approved' : 'rejected';
    process.stdout.write(`${done} ${decided.removals} removals of plan ${decided.planId} in the ${decided.run}\n`);
  } finally {
    await client.connection.close();
  }
}
