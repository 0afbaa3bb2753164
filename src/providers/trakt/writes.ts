import type { MinimalItem, Play, Rating, WatchlistEntry } from '../../domain/items';
import { maxChunkSize } from '../../domain/plan/chunk';
import { TraktInvalidRequestError } from './errors';
import type { TraktPlay } from './normalize';
import {
  type TraktSyncAddResponse,
  type TraktSyncCounts,
  type TraktSyncRemoveResponse,
  traktSyncAddResponseSchema,
  traktSyncRemoveResponseSchema,
} from './schemas';
import { SyncBody, type SyncBodyOptions } from './sync-body';
import type { TraktTransport } from './transport';

/** What one /sync write did. `notFound` are the records sent (plays, ratings, entries or items) Trakt did not match. */
export interface TraktWriteResult<T> {
  added: number;
  /** Ratings replaced (Trakt's `updated`). */
  updated: number;
  /** Already there (watchlist adds). */
  existing: number;
  deleted: number;
  notFound: T[];
  /** Trakt's answer; undefined when nothing could be sent. */
  raw?: TraktSyncAddResponse | TraktSyncRemoveResponse;
}

export interface WriteOptions extends SyncBodyOptions {
  /**
   * Wraps the request inside the account's write turn: it may refuse to send (throw without calling `send`) and sees
   * the answer (or typed error, e.g. TraktAccountLimitError) before the next write of the account gets its turn. A caller whose writes queued
   * behind one another must stop once one is refused (a 420) decides here, not before queueing for the turn.
   */
  inTurn?: <T>(send: () => Promise<T>) => Promise<T>;
  /**
   * Runs once the write holds the account's turn, before the turn waits out the interval since the last write: it may
   * refuse (throw) and nothing is sent. Checks belong here rather than in `inTurn`, where their time would shorten
   * the space between two sends.
   */
  checkTurn?: () => Promise<void>;
}

export interface AddHistoryOptions extends WriteOptions {
  /** Also add the played titles to the collection (one more POST, /sync/collection). */
  addToCollection?: boolean;
}

type Entry<T> = { record: T; item: MinimalItem; fields?: Record<string, unknown> };

function total(counts: TraktSyncCounts | undefined): number {
  return Object.values(counts ?? {}).reduce<number>((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
}

function requireChunk(records: readonly unknown[], what: string): void {
  if (records.length > maxChunkSize) {
    throw new TraktInvalidRequestError(`${what}: ${records.length} items in one request, Trakt takes at most ${maxChunkSize}`);
  }
}

function requireRatings(ratings: readonly Rating[]): void {
  const bad = ratings.find((r) => !Number.isInteger(r.rating) || r.rating < 1 || r.rating > 10);
  if (bad) throw new TraktInvalidRequestError(`rating ${bad.rating} is not an integer from 1 to 10`);
}

/**
 * The /sync writes. Each call is ONE request of at most 100 records (the caller chunks and paces chunks
 * through Temporal); several plays of one title are one entry per `watched_at`.
 */
export class TraktWrites {
  constructor(private readonly transport: TraktTransport) {}

  async addHistory(plays: readonly Play[], options: AddHistoryOptions = {}): Promise<TraktWriteResult<Play>> {
    requireChunk(plays, 'history add');
    const entries = plays.map((play) => ({ record: play, item: play.item, fields: { watched_at: play.watched_at } }));
    const result = await this.send('/sync/history', 'add', entries, options);
    if (options.addToCollection) {
      const collected = plays.map((play) => ({ record: play, item: play.item, fields: { collected_at: play.watched_at } }));
      await this.send('/sync/collection', 'add', collected, options);
    }
    return result;
  }

  /** Plays with a history id are removed exactly; others by title, which removes every play of it. */
  async removeHistory(plays: readonly TraktPlay[], options: WriteOptions = {}): Promise<TraktWriteResult<TraktPlay>> {
    requireChunk(plays, 'history remove');
    const body = new SyncBody<TraktPlay>(options);
    for (const play of plays) {
      if (play.historyId === undefined) body.add(play, play.item);
      else body.addHistoryId(play, play.historyId);
    }
    return this.post('/sync/history/remove', 'remove', body, options);
  }

  async upsertRatings(ratings: readonly Rating[], options: WriteOptions = {}): Promise<TraktWriteResult<Rating>> {
    requireChunk(ratings, 'ratings upsert');
    requireRatings(ratings);
    const entries = ratings.map((r) => ({
      record: r,
      item: r.item,
      fields: { rating: r.rating, ...(r.rated_at ? { rated_at: r.rated_at } : {}) },
    }));
    return this.send('/sync/ratings', 'add', entries, options);
  }

  async removeRatings(items: readonly MinimalItem[], options: WriteOptions = {}): Promise<TraktWriteResult<MinimalItem>> {
    requireChunk(items, 'ratings remove');
    return this.send(
      '/sync/ratings/remove',
      'remove',
      items.map((item) => ({ record: item, item })),
      options,
    );
  }

  /** A full watchlist answers 420 (TraktAccountLimitError). */
  async addWatchlist(entries: readonly WatchlistEntry[], options: WriteOptions = {}): Promise<TraktWriteResult<WatchlistEntry>> {
    requireChunk(entries, 'watchlist add');
    return this.send(
      '/sync/watchlist',
      'add',
      entries.map((entry) => ({ record: entry, item: entry.item })),
      options,
    );
  }

  async removeWatchlist(items: readonly MinimalItem[], options: WriteOptions = {}): Promise<TraktWriteResult<MinimalItem>> {
    requireChunk(items, 'watchlist remove');
    return this.send(
      '/sync/watchlist/remove',
      'remove',
      items.map((item) => ({ record: item, item })),
      options,
    );
  }

  private send<T>(path: string, kind: 'add' | 'remove', entries: Entry<T>[], options: WriteOptions): Promise<TraktWriteResult<T>> {
    const body = new SyncBody<T>(options);
    for (const { record, item, fields } of entries) body.add(record, item, fields);
    return this.post(path, kind, body, options);
  }

  private async post<T>(path: string, kind: 'add' | 'remove', body: SyncBody<T>, options: WriteOptions): Promise<TraktWriteResult<T>> {
    const { inTurn, checkTurn } = options;
    const json = body.toJSON();
    if (Object.keys(json).length === 0) return { added: 0, updated: 0, existing: 0, deleted: 0, notFound: [...body.unaddressable] };
    if (kind === 'add') {
      const { data } = await this.transport.call({ method: 'POST', path, json, inTurn, checkTurn }, traktSyncAddResponseSchema);
      return {
        added: total(data.added),
        updated: total(data.updated),
        existing: total(data.existing),
        deleted: 0,
        notFound: body.notFound(data.not_found),
        raw: data,
      };
    }
    const { data } = await this.transport.call({ method: 'POST', path, json, inTurn, checkTurn }, traktSyncRemoveResponseSchema);
    return { added: 0, updated: 0, existing: 0, deleted: total(data.deleted), notFound: body.notFound(data.not_found), raw: data };
  }
}
