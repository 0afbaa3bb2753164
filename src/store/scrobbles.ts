import type { Pool, PoolClient } from 'pg';
import type { IsoUtc, MinimalItem } from '../domain/items';
import { itemKey, matchKeys } from '../domain/keys';
import type { InFlightSession } from '../domain/plan/live-scrobbles';
import { inTransaction } from './db';

/** A play Trakt recorded from a live scrobble. */
export interface ScrobbledPlay {
  serverUuid: string;
  itemKey: string;
  item: MinimalItem;
  watchedAt: IsoUtc;
  traktHistoryId?: number;
}

export interface RecordScrobbleInput {
  serverUuid: string;
  sessionKey: string;
  item: MinimalItem;
  watchedAt: IsoUtc;
  traktHistoryId?: number;
  /** Unique per dispatch (workflow, run, activity): recording again is a no-op. */
  dispatchKey: string;
}

/** Records a scrobbled play; true when this call wrote it (false: already recorded by an earlier attempt). */
export async function recordScrobbledPlay(db: Pool | PoolClient, input: RecordScrobbleInput): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into scrobbled_plays (server_uuid, session_key, item_key, match_keys, item, watched_at, trakt_history_id, dispatch_key)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (dispatch_key) do nothing`,
    [
      input.serverUuid,
      input.sessionKey,
      itemKey(input.item),
      matchKeys(input.item),
      input.item,
      input.watchedAt,
      input.traktHistoryId ?? null,
      input.dispatchKey,
    ],
  );
  return rowCount === 1;
}

/**
 * For the pair sync's history feature: the live-scrobbled plays of any of `keys` (match keys from
 * `matchKeys(item)`, e.g. `movie:tmdb:603`) watched between `from` and `to` inclusive, oldest first.
 * Widen the range by the pair's tolerance window and skip a Plex play that has a scrobbled play of the same
 * item within that window: Trakt has it already.
 */
export async function scrobbledPlaysBetween(db: Pool, keys: readonly string[], from: IsoUtc, to: IsoUtc): Promise<ScrobbledPlay[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query<{
    server_uuid: string;
    item_key: string;
    item: MinimalItem;
    watched_at: Date;
    trakt_history_id: string | null;
  }>(
    `select server_uuid, item_key, item, watched_at, trakt_history_id from scrobbled_plays
     where match_keys && $1::text[] and watched_at between $2 and $3 order by watched_at, id`,
    [keys, from, to],
  );
  return rows.map((row) => ({
    serverUuid: row.server_uuid,
    itemKey: row.item_key,
    item: row.item,
    watchedAt: row.watched_at.toISOString() as IsoUtc,
    ...(row.trakt_history_id === null ? {} : { traktHistoryId: Number(row.trakt_history_id) }),
  }));
}

/** Every play scrobbled live from one Plex server between `from` and `to`: one read for a whole pair-sync plan. */
export async function scrobbledPlaysIn(
  db: Pool,
  serverUuid: string,
  from: IsoUtc,
  to: IsoUtc,
): Promise<{ item: MinimalItem; watchedAt: IsoUtc }[]> {
  const { rows } = await db.query<{ item: MinimalItem; watched_at: Date }>(
    'select item, watched_at from scrobbled_plays where server_uuid = $1 and watched_at between $2 and $3',
    [serverUuid, from, to],
  );
  return rows.map((r) => ({ item: r.item, watchedAt: r.watched_at.toISOString() as IsoUtc }));
}

export interface SessionRef {
  serverUuid: string;
  sessionKey: string;
  item: MinimalItem;
}

/**
 * A session told Trakt something (`live`), or is about to send its stop (`stopping`): the scrobble intent, written
 * before the call. A session switching items carries its new item.
 */
export async function markSession(db: Pool, session: SessionRef, state: 'live' | 'stopping'): Promise<void> {
  await db.query(
    `insert into scrobble_sessions (server_uuid, session_key, item, state) values ($1, $2, $3, $4)
     on conflict (server_uuid, session_key) do update set item = excluded.item, state = excluded.state, seen_at = now()`,
    [session.serverUuid, session.sessionKey, session.item, state],
  );
}

/** The stop was answered: its play (if Trakt recorded one) is kept, and the session is no longer in flight. */
export function endSession(db: Pool, session: Omit<SessionRef, 'item'>, play?: RecordScrobbleInput): Promise<void> {
  return inTransaction(db, async (client) => {
    if (play) await recordScrobbledPlay(client, play);
    await client.query('delete from scrobble_sessions where server_uuid = $1 and session_key = $2', [
      session.serverUuid,
      session.sessionKey,
    ]);
  });
}

/** Sessions of a server in flight (live, or stopping unconfirmed) and seen since `since`. */
export async function inFlightSessions(db: Pool, serverUuid: string, since: IsoUtc): Promise<InFlightSession[]> {
  const { rows } = await db.query<{ item: MinimalItem; seen_at: Date }>(
    'select item, seen_at from scrobble_sessions where server_uuid = $1 and seen_at >= $2',
    [serverUuid, since],
  );
  return rows.map((r) => ({ item: r.item, seenAt: r.seen_at.toISOString() }));
}
