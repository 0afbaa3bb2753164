import type { Pool } from 'pg';
import { inTransaction } from './db';

/** What `forgetPair` cleared, in rows per table. */
export interface ForgottenPairState {
  plexAccount: number;
  traktAccount: number;
  baselines: number;
  unresolved: number;
  plexEchoes: number;
  heldRemovals: number;
}

/**
 * Forgets what a pair learnt about its accounts: the bound Plex and Trakt accounts, the baselines decisions are
 * made from, frozen items, echoes of plays written to Plex and
 * the clock of removals held for approval. Snapshots stay (they only speed up reads) and
 * nothing on Plex or Trakt is touched. The next run binds the tokens' accounts and starts like a first sync.
 */
export function forgetPair(db: Pool, pairId: string): Promise<ForgottenPairState> {
  return inTransaction(db, async (client) => {
    const clear = async (table: string) => (await client.query(`delete from ${table} where pair_id = $1`, [pairId])).rowCount ?? 0;
    return {
      plexAccount: await clear('plex_accounts'),
      traktAccount: await clear('trakt_accounts'),
      baselines: await clear('baselines'),
      unresolved: await clear('unresolved'),
      plexEchoes: await clear('plex_play_echoes'),
      heldRemovals: await clear('held_removals'),
    };
  });
}
