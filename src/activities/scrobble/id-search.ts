import type { ExternalIds } from '../../domain/items';
import type { ScrobbleItem } from '../../domain/scrobble';
import type { SearchIdType, SearchType, TraktClient } from '../../providers/trakt';

/** One ID search that may name the item the way Trakt knows it, and how to address the item with the result. */
interface Lookup {
  idType: SearchIdType;
  id: string | number;
  type: SearchType;
  rebuild(found: { ids: ExternalIds }): ScrobbleItem;
}

const movieIdOrder = ['tmdb', 'imdb', 'tvdb'] as const;
/** Trakt resolves shows most reliably by tmdb, then tvdb, then imdb. */
const showIdOrder = ['tmdb', 'tvdb', 'imdb'] as const;

function traktIdsOnly(ids: ExternalIds): ExternalIds {
  return ids.trakt === undefined ? ids : { trakt: ids.trakt };
}

/** The searches to try, best first, after Trakt answered 404/422 to the item as Plex describes it. */
export function lookupsFor(item: ScrobbleItem): Lookup[] {
  if (item.type === 'movie') {
    return movieIdOrder.flatMap((idType) => {
      const id = item.ids[idType];
      return id === undefined
        ? []
        : [{ idType, id, type: 'movie' as const, rebuild: (found) => ({ ...item, ids: traktIdsOnly(found.ids) }) }];
    });
  }
  const byShow = showIdOrder.flatMap((idType) => {
    const id = item.show_ids?.[idType];
    if (id === undefined || item.season === undefined || item.episode === undefined) return [];
    return [
      { idType, id, type: 'show' as const, rebuild: (found: { ids: ExternalIds }) => ({ ...item, show_ids: traktIdsOnly(found.ids) }) },
    ];
  });
  const tvdb = item.ids.tvdb;
  const byEpisode: Lookup[] =
    tvdb === undefined
      ? []
      : [{ idType: 'tvdb', id: tvdb, type: 'episode', rebuild: (found) => ({ type: 'episode', ids: traktIdsOnly(found.ids) }) }];
  return [...byShow, ...byEpisode];
}

/** Runs one lookup; undefined when Trakt knows nothing under that id. */
export async function runLookup(trakt: TraktClient, lookup: Lookup): Promise<ScrobbleItem | undefined> {
  const found = (await trakt.search(lookup.idType, lookup.id, lookup.type)).find((item) => item.type === lookup.type);
  return found ? lookup.rebuild(found) : undefined;
}
