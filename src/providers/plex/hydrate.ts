/**
 * A PMS item → a domain item with everything matching needs: its own ids, and for seasons and
 * episodes the show's ids (read once per show per run: modern agents put them only on the show) plus
 * season and episode numbers. Items still without external identity go to the fallback, when enabled.
 */
import { idsFromPlex } from '../../domain/guid';
import type { MinimalItem } from '../../domain/items';
import type { FallbackSubject, GuidFallback } from './fallback-guid';
import { hasExternalIdentity, mediaTypeOf, strongIdsOnly, toMinimalItem } from './normalize';
import type { PmsItem, PmsItemCache } from './pms-items';

export interface Hydrator {
  /** Reads the shows of these seasons and episodes in bulk, so `toItem` finds them read. */
  loadShows(metas: Iterable<PmsItem>): Promise<void>;
  toItem(meta: PmsItem): Promise<MinimalItem | undefined>;
}

export function showRatingKeyOf(meta: Pick<PmsItem, 'type' | 'parentRatingKey' | 'grandparentRatingKey'>): string | undefined {
  if (meta.type === 'episode') return meta.grandparentRatingKey;
  if (meta.type === 'season') return meta.parentRatingKey;
  return undefined;
}

export function fallbackSubjectOf(meta: PmsItem): FallbackSubject | undefined {
  const type = mediaTypeOf(meta.type);
  if (!type) return undefined;
  const season = type === 'season' ? meta.index : meta.parentIndex;
  return {
    type,
    title: meta.title,
    ...optional('year', meta.year),
    ...optional('guid', meta.guid),
    ...optional('parentGuid', meta.parentGuid),
    ...optional('grandparentGuid', meta.grandparentGuid),
    ...optional('showRatingKey', showRatingKeyOf(meta)),
    ...optional('showTitle', type === 'season' ? meta.parentTitle : meta.grandparentTitle),
    ...optional('season', season),
    ...optional('episode', type === 'episode' ? meta.index : undefined),
  };
}

export function createHydrator(pmsItems: PmsItemCache, fallback: GuidFallback | undefined): Hydrator {
  return {
    loadShows(metas) {
      const showKeys: string[] = [];
      for (const meta of metas) {
        const showKey = showRatingKeyOf(meta);
        if (showKey !== undefined) showKeys.push(showKey);
      }
      return pmsItems.load(showKeys);
    },
    async toItem(meta) {
      const showKey = showRatingKeyOf(meta);
      const show = showKey === undefined ? undefined : await pmsItems.get(showKey);
      const item = toMinimalItem(meta, show && strongIdsOnly(idsFromPlex(show.guid, show.Guid)));
      if (!item || hasExternalIdentity(item) || !fallback) return item;
      const subject = fallbackSubjectOf(meta);
      const ids = subject && (await fallback.resolve(subject));
      return ids ? { ...item, ids: { ...item.ids, ...ids } } : item;
    },
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
