import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowHandle,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { Config } from '../config';
import { features as allFeatures } from '../domain/items';
import type { pairSync } from '../workflows/pair-sync';
import {
  approveUpdate,
  type PairSyncInput,
  pairSyncMetadata,
  pairSyncSearchAttributes,
  pairSyncWorkflowType,
  pairWorkflowId,
  rejectUpdate,
} from '../workflows/pair-sync-api';
import { explainStartError } from './start-errors';

export type PairRunHandle = WorkflowHandle<typeof pairSync>;

/** The running execution of a pair's workflow ID, with the input it was started with (whoever started it). */
export interface RunningPairRun {
  handle: PairRunHandle;
  runId: string;
  input: PairSyncInput;
  startTime: Date;
}

const kindOf = (input: Pick<PairSyncInput, 'dryRun'>) => (input.dryRun ? 'plan' : 'sync');

/** The pair's shape for the UI's summary, from the config the CLI runs with. */
export function pairShape(config: Config, pairId: string) {
  const pair = config.pairs.find((p) => p.id === pairId);
  if (!pair) throw new Error(`no pair "${pairId}" in the config; configured: ${config.pairs.map((p) => p.id).join(', ') || '(none)'}`);
  const features = allFeatures.filter((f) => pair.features[f]);
  return { source: pair.source, target: pair.target, mode: pair.mode, features };
}

export async function runningPairRun(client: Client, pairId: string): Promise<RunningPairRun | undefined> {
  const workflowId = pairWorkflowId(pairId);
  let description: Awaited<ReturnType<PairRunHandle['describe']>>;
  try {
    description = await client.workflow.getHandle(workflowId).describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
  if (description.status.name !== 'RUNNING') return undefined;
  // The input says what the run is (plan or real sync), also for runs the CLI did not start.
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId: description.runId },
    maximumPageSize: 1,
  });
  const payloads = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  const input = await decodeFromPayloadsAtIndex<PairSyncInput>(client.options.loadedDataConverter, 0, payloads);
  return {
    handle: client.workflow.getHandle(workflowId, description.runId),
    runId: description.runId,
    input,
    startTime: description.startTime,
  };
}

export function describeRun(run: RunningPairRun): string {
  return `${kindOf(run.input)} of ${run.input.pairId} (started ${run.startTime.toISOString()}${run.input.startedBy ? ` by ${run.input.startedBy}` : ''})`;
}

/** A run of the other kind (plan or sync) is going and the caller chose not to wait for it. */
export class PairRunBusyError extends Error {
  constructor(
    readonly pairId: string,
    readonly running: string,
  ) {
    super(`a ${running} is going: try again when it has ended`);
    this.name = 'PairRunBusyError';
  }
}

/**
 * Starts a run of the pair under its own workflow ID. A run of the same kind already going is joined; a run of
 * the other kind (a plan while a sync is asked for, or the reverse) is waited for first, so a sync never reports
 * a plan's "nothing written" and a plan never reports a sync's writes. `say` tells the user which happened.
 * A caller that cannot wait (a web request) passes `waitForOtherKind: false` and gets a PairRunBusyError instead.
 */
export async function startPairRun(
  client: Client,
  config: Config,
  input: PairSyncInput,
  say: (line: string) => void,
  { waitForOtherKind = true }: { waitForOtherKind?: boolean } = {},
): Promise<{ handle: PairRunHandle; joined: boolean }> {
  const workflowId = pairWorkflowId(input.pairId);
  const metadata = pairSyncMetadata(input, pairShape(config, input.pairId));
  for (;;) {
    try {
      const handle = await client.workflow.start<typeof pairSync>(pairSyncWorkflowType, {
        taskQueue: config.temporal.task_queue,
        workflowId,
        args: [input],
        typedSearchAttributes: pairSyncSearchAttributes(input.pairId),
        ...metadata,
      });
      return { handle, joined: false };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw explainStartError(error, config.temporal.namespace);
    }
    const running = await runningPairRun(client, input.pairId);
    if (!running) continue; // It ended between the two calls.
    if (kindOf(running.input) === kindOf(input)) {
      say(`joined the ${describeRun(running)}`);
      return { handle: running.handle, joined: true };
    }
    if (!waitForOtherKind) throw new PairRunBusyError(input.pairId, describeRun(running));
    say(`a ${describeRun(running)} is going; this ${kindOf(input)} starts when it ends`);
    await running.handle.result().catch(() => undefined);
  }
}

/** `approve`/`reject` found no run waiting with held removals: says what is going instead. */
export class NothingToDecideError extends Error {
  constructor(
    readonly pairId: string,
    readonly decision: 'approve' | 'reject',
    /** e.g. `: no run of pair "demo" is going`, ` in the sync of demo (…): <why the update was refused>`. */
    reason: string,
  ) {
    super(`nothing to ${decision}${reason}`);
    this.name = 'NothingToDecideError';
  }
}

/** Answers the pair's running run that waits with held removals: apply them, or drop them for good. */
export async function decideHeldRemovals(
  client: Client,
  pairId: string,
  decision: 'approve' | 'reject',
): Promise<{ planId: number; removals: number; run: string }> {
  const running = await runningPairRun(client, pairId);
  if (!running) throw new NothingToDecideError(pairId, decision, `: no run of pair "${pairId}" is going`);
  try {
    const decided = await running.handle.executeUpdate(decision === 'approve' ? approveUpdate : rejectUpdate);
    return { ...decided, run: describeRun(running) };
  } catch (error) {
    if (!(error instanceof WorkflowUpdateFailedError)) throw error;
    throw new NothingToDecideError(pairId, decision, ` in the ${describeRun(running)}: ${error.cause?.message ?? error.message}`);
  }
}

/** The pair's last run that has ended (completed, failed, cancelled, terminated, timed out), newest first. */
export async function lastEndedPairRun(
  client: Client,
  pairId: string,
): Promise<{ handle: PairRunHandle; runId: string; startTime: Date; closeTime?: Date; status: string } | undefined> {
  const query = `WorkflowId = '${pairWorkflowId(pairId)}' AND ExecutionStatus != 'Running'`;
  for await (const execution of client.workflow.list({ query, pageSize: 1 })) {
    return {
      handle: client.workflow.getHandle(execution.workflowId, execution.runId),
      runId: execution.runId,
      startTime: execution.startTime,
      closeTime: execution.closeTime,
      status: execution.status.name,
    };
  }
  return undefined;
}
