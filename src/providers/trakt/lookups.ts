import type { MinimalItem } from '../../domain/items';
import { itemFromTrakt } from './normalize';
import { traktSearchResponseSchema, traktUserSettingsSchema } from './schemas';
import type { TraktTransport } from './transport';

export type SearchIdType = 'trakt' | 'imdb' | 'tmdb' | 'tvdb';
export type SearchType = 'movie' | 'show' | 'episode';

/** The account facts a sync needs: who, VIP or not, and the caps behind a 420. */
export interface TraktSettings {
  username: string;
  slug: string;
  vip: boolean;
  limits: { watchlistItems?: number; lists?: number; listItems?: number };
}

/** Account settings and id lookups. */
export class TraktLookups {
  constructor(private readonly transport: TraktTransport) {}

  async settings(): Promise<TraktSettings> {
    const { data } = await this.transport.call({ path: '/users/settings' }, traktUserSettingsSchema);
    const limits = data.limits;
    return {
      username: data.user.username,
      slug: data.user.ids.slug,
      vip: data.user.vip ?? false,
      limits: { watchlistItems: limits?.watchlist.item_count, lists: limits?.list?.count, listItems: limits?.list?.item_count },
    };
  }

  /**
   * Titles with this id (`[]` when none). Only for items that lack the ids a write needs: items with
   * external ids are written by those ids directly. tmdb and tvdb ids are ambiguous across types, so
   * pass `type` for them.
   */
  async search(idType: SearchIdType, id: string | number, type?: SearchType | readonly SearchType[]): Promise<MinimalItem[]> {
    const path = `/search/${idType}/${encodeURIComponent(String(id))}`;
    const types = type === undefined ? undefined : typeof type === 'string' ? type : type.join(',');
    const { data } = await this.transport.call({ path, query: { type: types }, authorized: false }, traktSearchResponseSchema);
    return data.flatMap((row) => itemFromTrakt(row, path) ?? []);
  }
}
