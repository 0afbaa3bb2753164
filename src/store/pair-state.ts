import type { Pool } from 'pg';
import { inTransaction } from './db';

/** What `forgetPair` cleared, in rows per table. */
export interface ForgottenPairState {
  plexAccount: number;
  baselines: number;
  unresolved: number;
  plexEchoes: number;
}

/**
 * Forgets what a pair learnt about its Plex account: the bound account, the baselines two-way decisions are
 * made from, frozen items and echoes of plays written to Plex. Snapshots stay (they only speed up reads) and
 * nothing on Plex or Trakt is touched. The next run binds the token's account and starts like a first sync.
 */
export function forgetPair(db: Pool, pairId: string): Promise<ForgottenPairState> {
  return inTransaction(db, async (client) => {
    const clear = async (table: string) => (await client.query(`delete from ${table} where pair_id = $1`, [pairId])).rowCount ?? 0;
    return {
      plexAccount: await clear('plex_accounts'),
      baselines: await clear('baselines'),
      unresolved: await clear('unresolved'),
      plexEchoes: await clear('plex_play_echoes'),
    };
  });
}
