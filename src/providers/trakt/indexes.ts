import { z } from 'zod';
import type { IsoUtc, MinimalItem, Rating, WatchlistEntry } from '../../domain/items';
import { ItemIndex } from '../../domain/match';
import { PayloadError } from '../http';
import { activitiesFromTrakt, type TraktActivities } from './activities';
import { playFromTrakt, ratingFromTrakt, type TraktPlay, watchlistEntryFromTrakt } from './normalize';
import { allPages, type PageQuery, pageCountOf, restOfPages } from './paging';
import { mergeRatings } from './ratings-merge';
import { traktAnyWatchlistItemSchema, traktHistoryItemSchema, traktLastActivitiesSchema, traktRatingItemSchema } from './schemas';
import type { TraktTransport } from './transport';

const historyPageSchema = z.array(traktHistoryItemSchema);
const ratingsPageSchema = z.array(traktRatingItemSchema);
const watchlistPageSchema = z.array(traktAnyWatchlistItemSchema);

export type HistoryType = 'movies' | 'episodes';
export type RatingsType = 'movies' | 'shows' | 'seasons' | 'episodes';
export const ratingsTypes: readonly RatingsType[] = ['movies', 'shows', 'seasons', 'episodes'];

/** What the previous watchlist read returned; its ETag lets an unchanged list cost one 304. */
export interface WatchlistShadow {
  etag: string;
  entries: WatchlistEntry[];
}

export interface WatchlistRead {
  entries: WatchlistEntry[];
  /** Kept only when the whole list came in one answer (an ETag describes one page). */
  etag?: string;
  notModified: boolean;
}

export interface HistoryQuery {
  startAt?: IsoUtc;
  endAt?: IsoUtc;
  type?: HistoryType;
}

/** The reads a sync indexes a Trakt account with, normalised to domain records. */
export class TraktIndexes {
  constructor(
    private readonly transport: TraktTransport,
    /** `limit` asked of paginated endpoints; Trakt clamps it to the largest page it allows. */
    private readonly pageLimit: number,
  ) {}

  async lastActivities(): Promise<TraktActivities> {
    const path = '/sync/last_activities';
    const { data } = await this.transport.call({ path }, traktLastActivitiesSchema);
    return activitiesFromTrakt(data, path);
  }

  async watchlist(shadow?: WatchlistShadow): Promise<WatchlistRead> {
    const path = '/sync/watchlist';
    const first = await this.transport.call(
      { path, accept: [304], headers: shadow ? { 'if-none-match': shadow.etag } : undefined },
      watchlistPageSchema.optional(),
    );
    if (first.status === 304 && shadow) return { entries: shadow.entries, etag: shadow.etag, notModified: true };
    const firstRows = first.data;
    if (first.status !== 200 || firstRows === undefined) throw new PayloadError(path, [`answered ${first.status} without a list`]);
    const rows = await restOfPages({ ...first, data: firstRows }, (query) => this.page(path, query, watchlistPageSchema), path);
    return {
      entries: rows.map((row) => watchlistEntryFromTrakt(row, path)),
      etag: pageCountOf(first.headers) === 1 ? first.headers.etag : undefined,
      notModified: false,
    };
  }

  /** Ratings of the given types (all four by default), one title once (see mergeRatings). */
  async ratings(types: readonly RatingsType[] = ratingsTypes): Promise<Rating[]> {
    const lists = await Promise.all(
      types.map(async (type) => {
        const path = `/sync/ratings/${type}`;
        const rows = await allPages((query) => this.page(path, query, ratingsPageSchema), path, undefined);
        return rows.map((row) => ratingFromTrakt(row, path));
      }),
    );
    return mergeRatings(lists.flat());
  }

  /** Every play (movies and episodes, newest first), each with its history id. */
  async history(query: HistoryQuery = {}): Promise<TraktPlay[]> {
    return this.readHistory(query.type ? `/sync/history/${query.type}` : '/sync/history', query);
  }

  /**
   * The plays of `items` between `startAt` and `endAt`: a narrow read to check whether a retried chunk
   * already landed. One title with a Trakt id reads only its own history; otherwise the window is read once.
   */
  async historyFor(items: readonly MinimalItem[], startAt: IsoUtc, endAt: IsoUtc): Promise<TraktPlay[]> {
    const [only] = items;
    if (only === undefined) return [];
    const types = new Set(items.map((item) => (item.type === 'movie' ? 'movies' : 'episodes')));
    const [type] = types.size === 1 ? [...types] : [];
    const path =
      items.length === 1 && type && only.ids.trakt !== undefined
        ? `/sync/history/${type}/${only.ids.trakt}`
        : type
          ? `/sync/history/${type}`
          : '/sync/history';
    const wanted = new ItemIndex<MinimalItem>((item) => item, items);
    const plays = await this.readHistory(path, { startAt, endAt });
    return plays.filter((play) => wanted.find(play.item).length > 0);
  }

  private async readHistory(path: string, { startAt, endAt }: HistoryQuery): Promise<TraktPlay[]> {
    const rows = await allPages(
      (query) => this.page(path, { ...query, start_at: startAt, end_at: endAt }, historyPageSchema),
      path,
      this.pageLimit,
    );
    // A play added while paging shifts rows onto the next page: the same history id may come twice.
    const seen = new Set<number>();
    return rows.filter((row) => !seen.has(row.id) && seen.add(row.id)).map((row) => playFromTrakt(row, path));
  }

  private page<S extends z.ZodType>(path: string, query: PageQuery & Record<string, string | number | undefined>, schema: S) {
    return this.transport.call({ path, query }, schema);
  }
}
