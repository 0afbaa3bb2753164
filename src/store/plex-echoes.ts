import type { Pool } from 'pg';
import type { PlexEcho } from '../domain/plan/echoes';

/**
 * Plays watchsync wrote to Plex (table `plex_play_echoes`): PMS stamps them "now", so the next run's Plex index
 * must know which play each one copied (see `translateEchoes`).
 */

/** When watchsync last wrote a play of this item to Plex for the pair, if ever. */
export async function lastEchoAt(db: Pool, pairId: string, itemKey: string): Promise<Date | undefined> {
  const { rows } = await db.query<{ last: Date | null }>(
    'select max(written_at) as last from plex_play_echoes where pair_id = $1 and item_key = $2',
    [pairId, itemKey],
  );
  return rows[0]?.last ?? undefined;
}

export async function recordEcho(db: Pool, pairId: string, echo: PlexEcho): Promise<void> {
  await db.query(
    'insert into plex_play_echoes (pair_id, item_key, written_at, origin_watched_at) values ($1, $2, $3, $4) on conflict do nothing',
    [pairId, echo.itemKey, echo.writtenAt, echo.originWatchedAt],
  );
}

/** Every echo of the pair, oldest first. */
export async function loadEchoes(db: Pool, pairId: string): Promise<PlexEcho[]> {
  const { rows } = await db.query<{ item_key: string; written_at: Date; origin_watched_at: Date }>(
    'select item_key, written_at, origin_watched_at from plex_play_echoes where pair_id = $1 order by written_at',
    [pairId],
  );
  return rows.map((row) => ({
    itemKey: row.item_key,
    writtenAt: row.written_at.toISOString(),
    originWatchedAt: row.origin_watched_at.toISOString(),
  }));
}
