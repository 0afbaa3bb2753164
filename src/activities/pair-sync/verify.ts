import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { Config, PairConfig } from '../../config';
import { fingerprintMismatch, type RunFingerprint, runFingerprint } from '../../config/fingerprint';
import type { PlexClient } from '../../providers/plex';
import type { TraktClient } from '../../providers/trakt';
import { installationId } from '../../store/installation';
import { expectPlexAccount } from '../../store/plex-accounts';
import { expectTraktAccount } from '../../store/trakt-accounts';
import { pgTraktTokenStore } from '../../store/trakt-tokens';

/** This worker's view of a pair: its definition and the fingerprint a run planned here carries. */
export async function pairOf(db: Pool, config: Config, pairId: string): Promise<{ pair: PairConfig; fingerprint: RunFingerprint }> {
  const pair = config.pairs.find((p) => p.id === pairId);
  if (!pair) throw ApplicationFailure.nonRetryable(`no pair "${pairId}" in the config (pairs[].id)`, 'UnknownPair');
  return { pair, fingerprint: runFingerprint(config, pair, await installationId(db)) };
}

/**
 * A run may be resumed by any worker polling its queue, days later and with another config (DESIGN.md §4): every
 * activity first checks that this worker has the pair, configured as when the run was planned. Runs started
 * before runs carried a fingerprint are checked for the pair only (and for its account bindings where they write).
 */
export async function verifyRun(db: Pool, config: Config, pairId: string, planned: RunFingerprint | undefined): Promise<void> {
  const { fingerprint } = await pairOf(db, config, pairId);
  if (!planned) return;
  const differences = fingerprintMismatch(planned, fingerprint);
  if (differences.length === 0) return;
  throw ApplicationFailure.nonRetryable(
    `run of pair ${pairId} was planned with another configuration than this worker's: ${differences.join('; ')} differ. ` +
      'Nothing was read or written with this worker’s accounts; run it where it was started, or start a new run.',
    'ConfigChanged',
    { differs: differences },
  );
}

/** Before touching Trakt for the pair: the tokens are still those of the Trakt user the pair is bound to. */
export async function verifyTraktBinding(db: Pool, trakt: TraktClient, account: string, pairId: string): Promise<void> {
  const username = await pgTraktTokenStore(db).username(account, async () => (await trakt.settings()).username);
  await expectTraktAccount(db, pairId, username);
}

/** Before touching Plex for the pair: the token is still that of the Plex account the pair is bound to. */
export async function verifyPlexBinding(db: Pool, plex: PlexClient, pairId: string): Promise<void> {
  await expectPlexAccount(db, pairId, await plex.identity());
}
