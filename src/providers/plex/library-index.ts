/**
 * Domain item → PMS ratingKey, for writes. PMS can look an item up only by its primary guid
 * (`/library/all?guid=`), not by the imdb/tmdb/tvdb ids in Guid[], so the library is listed once
 * (every video section, every type, with Guid[]) and indexed under every match key; matching is the
 * domain's (`ItemIndex`: any shared strong id, or show ids + season + number).
 */
import { idsFromPlex } from '../../domain/guid';
import type { ExternalIds, MinimalItem } from '../../domain/items';
import { ItemIndex } from '../../domain/match';
import type { PlexContext } from './context';
import { showRatingKeyOf } from './hydrate';
import { listSection, typesOfSection } from './listing';
import { strongIdsOnly, toMinimalItem } from './normalize';
import type { PmsMetadata } from './schemas';
import { videoSections } from './sections';

export interface LibraryEntry {
  ratingKey: string;
  item: MinimalItem;
}

export interface LibraryIndex {
  /** Library items that are `item`, best first (the item's own type only). */
  find(item: MinimalItem): LibraryEntry[];
  /** The PMS item whose Plex id is `plexId` (24 hex), if the library has it. */
  byPlexId(plexId: string): LibraryEntry | undefined;
}

export async function buildLibraryIndex(ctx: PlexContext): Promise<LibraryIndex> {
  const showIds = new Map<string, ExternalIds>();
  const entries: LibraryEntry[] = [];
  const add = (meta: PmsMetadata) => {
    const showKey = showRatingKeyOf(meta);
    const item = toMinimalItem(meta, showKey === undefined ? undefined : showIds.get(showKey));
    if (!item) return;
    if (item.type === 'show') showIds.set(meta.ratingKey, strongIdsOnly(idsFromPlex(meta.guid, meta.Guid)));
    entries.push({ ratingKey: meta.ratingKey, item });
  };
  // Each listing becomes entries before the next is read, so one listing of PMS items is held at a time.
  // Shows come before their seasons and episodes in `typesOfSection`: their ids are known when those are indexed.
  for (const section of await videoSections(ctx)) {
    for (const type of typesOfSection(section.type)) for (const meta of await listSection(ctx, section.id, type)) add(meta);
  }
  const index = new ItemIndex<LibraryEntry>((entry) => entry.item, entries);
  const byPlexId = new Map(entries.flatMap((entry) => (entry.item.ids.plex ? [[entry.item.ids.plex, entry] as const] : [])));
  return {
    find: (item) => index.find(item),
    byPlexId: (plexId) => byPlexId.get(plexId),
  };
}
