import { type Client, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type Config, type ConfigInput, parseConfig } from '../../src/config';
import { TraktRateLimitError } from '../../src/providers/trakt/errors';
import type { TokenResponse } from '../../src/sim/trakt';
import type { Pool } from '../../src/store/db';
import type {
  FeatureSummary,
  PairSyncInput,
  PairSyncPhase,
  PairSyncProgress,
  PairSyncResult,
  pairSync,
} from '../../src/workflows/pair-sync';
import { pairSyncFailedType, pairSyncWorkflowType, pairWorkflowId, progressQuery } from '../../src/workflows/pair-sync-api';
import { traktTokenStore, withSyncWorkers } from './sync';

/** Fast back-off for tests: a retried activity comes back within a second. */
export const fastRetry = { initialIntervalMs: 100, maximumIntervalMs: 1_000 } as const;

export type PairInput = Omit<PairSyncInput, 'pairId'>;

/** The same config with other pairs (a user editing `pairs:` between runs). */
export function withPairs(config: Config, pairs: NonNullable<ConfigInput['pairs']>): Config {
  return parseConfig({ ...config, pairs });
}

/** Starts `pairSync` for a pair under its production workflow id. */
export function startPairSync(
  client: Client,
  taskQueue: string,
  pairId: string,
  input: PairInput = {},
): Promise<WorkflowHandle<typeof pairSync>> {
  return client.workflow.start<typeof pairSync>(pairSyncWorkflowType, {
    taskQueue,
    workflowId: pairWorkflowId(pairId),
    args: [{ pairId, retry: fastRetry, ...input }],
  });
}

/** One run of a pair on in-process workers, to its summary (also of a run that failed for a failed feature). */
export function runPairSync(config: Config, pairId: string, input: PairInput = {}): Promise<PairSyncResult> {
  return withSyncWorkers(config, async ({ client, taskQueue }) => summaryOf(await startPairSync(client, taskQueue, pairId, input)));
}

/** The run's summary: its result, or the one a run with a failed feature carries in its failure. */
export async function summaryOf(handle: WorkflowHandle<typeof pairSync>): Promise<PairSyncResult> {
  try {
    return await handle.result();
  } catch (error) {
    const cause = error instanceof WorkflowFailedError ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === pairSyncFailedType) return cause.details?.[0] as PairSyncResult;
    throw error;
  }
}

export function featureOf(result: PairSyncResult, feature: FeatureSummary['feature']): FeatureSummary {
  const found = result.features.find((f) => f.feature === feature);
  if (!found) throw new Error(`the run has no ${feature} summary`);
  return found;
}

/** Polls the `progress` query until the run reaches `phase` (or `until` says so). */
export async function waitForProgress(
  handle: WorkflowHandle<typeof pairSync>,
  until: (progress: PairSyncProgress) => boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await handle.query(progressQuery).catch(() => undefined);
    if (progress && until(progress)) return;
    if (progress?.phase === 'done') throw new Error(`run ended without reaching the awaited progress: ${JSON.stringify(progress)}`);
    if (Date.now() > deadline) throw new Error(`run did not reach the awaited progress: ${JSON.stringify(progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const inPhase = (phase: PairSyncPhase) => (progress: { phase: PairSyncPhase }) => progress.phase === phase;

/** Stores tokens of a Trakt user for the config's account, as `watchsync auth trakt` would. */
export async function storeTraktTokens(db: Pool, config: Config, tokens: TokenResponse): Promise<void> {
  await traktTokenStore(db, config).save(config.trakt.account, {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
  });
}

/** A test's own Trakt write, made after the run's last one: waits out the per-user POST limit once. */
export async function whenTraktAllows<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof TraktRateLimitError)) throw error;
    await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs ?? 1_000));
    return write();
  }
}

/** Waits until one of the run's activities is being retried (`temporal workflow describe` shows it); its last error. */
export async function waitForRetriedActivity(handle: WorkflowHandle<typeof pairSync>, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { raw } = await handle.describe();
    const retried = raw.pendingActivities?.find((activity) => (activity.attempt ?? 0) > 1);
    if (retried) return retried.lastFailure?.message ?? '';
    if (Date.now() > deadline) throw new Error('no activity of the run was retried');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
