/**
 * Fallback GUID (opt-in `fallback_guid`): ids for an item PMS gives none for (plex-only agents, items
 * the server can no longer describe), asked of Plex's own catalogue in three steps:
 *   1. the metadata service by the item's own plex id (`plex://movie/<id>` → Guid[]);
 *   2. for seasons and episodes, the show (from grandparentGuid, else the PMS show by
 *      grandparentRatingKey, by its plex id or its external ids), then down its seasons by number;
 *   3. a Discover search by title, accepting only an exact title (and year, when known).
 * Results and misses are memoised by `type|guid|parentGuid|grandparentGuid`, so a known orphan costs
 * no request on later runs. Only the item's own ids are returned; nothing is guessed from similar titles.
 */
import { idsFromPlex, parsePlexGuid } from '../../domain/guid';
import type { ExternalIds, MediaType } from '../../domain/items';
import type { PlexContext } from './context';
import { catalogChildren, catalogItem, catalogMatches, searchCatalog } from './discover';
import { type GuidMemo, guidMemoKey } from './memo';
import { hasStrongIds, strongIdsOnly } from './normalize';
import type { PmsItemCache } from './pms-items';
import type { DiscoverMetadata } from './schemas';

/** What is known about an item that needs ids. */
export interface FallbackSubject {
  type: MediaType;
  title: string;
  year?: number;
  guid?: string;
  parentGuid?: string;
  grandparentGuid?: string;
  /** The PMS show of a season (parentRatingKey) or episode (grandparentRatingKey). */
  showRatingKey?: string;
  showTitle?: string;
  season?: number;
  episode?: number;
}

export interface GuidFallback {
  /** The item's own strong ids, or null when Plex's catalogue does not know it. */
  resolve(subject: FallbackSubject): Promise<ExternalIds | null>;
}

export function createGuidFallback(ctx: PlexContext, memo: GuidMemo, pmsItems: PmsItemCache): GuidFallback {
  const idsOf = (meta: DiscoverMetadata | undefined) => (meta ? strongIdsOnly(idsFromPlex(meta.guid, meta.Guid)) : {});
  const found = (ids: ExternalIds) => (hasStrongIds(ids) ? ids : undefined);

  async function byOwnPlexId(subject: FallbackSubject): Promise<ExternalIds | undefined> {
    const plex = parsePlexGuid(subject.guid).plex;
    return plex ? found(idsOf(await catalogItem(ctx, plex.id))) : undefined;
  }

  /** The show's 24-hex id in Plex's catalogue. */
  async function showPlexId(subject: FallbackSubject): Promise<string | undefined> {
    const showGuid = subject.type === 'season' ? subject.parentGuid : subject.grandparentGuid;
    const fromGuid = parsePlexGuid(showGuid).plex?.id;
    if (fromGuid) return fromGuid;
    const show = subject.showRatingKey ? await pmsItems.get(subject.showRatingKey) : undefined;
    if (!show) return undefined;
    const fromShow = parsePlexGuid(show.guid).plex?.id;
    if (fromShow) return fromShow;
    for (const [kind, id] of Object.entries(strongIdsOnly(idsFromPlex(show.guid, show.Guid)))) {
      const [match] = await catalogMatches(ctx, `${kind}://${id}`, 'show');
      if (match) return match.ratingKey;
    }
    return undefined;
  }

  /** Down from a show to the season or episode by Plex's numbering. */
  async function byPosition(showId: string, subject: FallbackSubject): Promise<ExternalIds | undefined> {
    if (subject.season === undefined) return undefined;
    const season = (await catalogChildren(ctx, showId)).find((child) => child.index === subject.season);
    if (!season || subject.type === 'season') return found(idsOf(season));
    if (subject.episode === undefined) return undefined;
    const episode = (await catalogChildren(ctx, season.ratingKey)).find((child) => child.index === subject.episode);
    return found(idsOf(episode));
  }

  async function byTitle(title: string, searchType: 'movies' | 'tv', year: number | undefined): Promise<DiscoverMetadata | undefined> {
    const wanted = normaliseTitle(title);
    const hits = (await searchCatalog(ctx, title, searchType)).filter(
      (hit) => normaliseTitle(hit.title) === wanted && (year === undefined || hit.year === year),
    );
    // Two titles equally good is a guess, not a match.
    return hits.length === 1 ? hits[0] : undefined;
  }

  async function lookUp(subject: FallbackSubject): Promise<ExternalIds | undefined> {
    const own = await byOwnPlexId(subject);
    if (own) return own;
    if (subject.type === 'movie' || subject.type === 'show') {
      const hit = await byTitle(subject.title, subject.type === 'movie' ? 'movies' : 'tv', subject.year);
      // Search hits carry no Guid[]: their ids come from the metadata service.
      return hit ? found(idsOf(await catalogItem(ctx, hit.ratingKey))) : undefined;
    }
    const showId =
      (await showPlexId(subject)) ?? (subject.showTitle ? (await byTitle(subject.showTitle, 'tv', undefined))?.ratingKey : undefined);
    return showId ? byPosition(showId, subject) : undefined;
  }

  return {
    async resolve(subject) {
      const key = memoKeyOf(subject);
      const known = await memo.get(key);
      if (known !== undefined) return known;
      const ids = (await lookUp(subject)) ?? null;
      await memo.put(key, ids);
      return ids;
    },
  };
}

/** Items PMS could not describe have no guid: their titles and numbers stand in for it, so they never share a key. */
function memoKeyOf(subject: FallbackSubject): string {
  if (subject.guid) return guidMemoKey(subject);
  const place = [subject.showTitle, subject.season, subject.episode].filter((part) => part !== undefined).join('/');
  return guidMemoKey({ ...subject, guid: `title:${subject.title}${subject.year ? ` (${subject.year})` : ''}${place ? ` @${place}` : ''}` });
}

function normaliseTitle(title: string): string {
  return title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
