/**
 * The "marked watched" layer (`include_marked_watched`): library items the user marked played (or that
 * PMS counts as played without a history row, e.g. rows deleted from the dashboard), as extra plays at
 * their lastViewedAt. Add-only by construction: an item marked unwatched simply stops appearing here,
 * and nothing downstream treats a missing extra play as a removal. The PMS token decides whose
 * watched flags these are, so this layer needs the user's own token.
 */
import type { IsoUtc } from '../../domain/items';
import { toIsoUtc, withinTolerance } from '../../domain/time';
import type { PlexContext } from './context';
import { describeItem } from './describe';
import type { ItemFilters, Skipped } from './filters';
import type { PlexPlay } from './history';
import type { Hydrator } from './hydrate';
import { listSection } from './listing';
import { mapBounded } from './pool';
import type { PmsMetadata } from './schemas';
import { videoSections } from './sections';

export async function markedWatchedPlays(
  ctx: PlexContext,
  hydrator: Hydrator,
  options: ItemFilters & { sectionIds?: readonly number[]; since?: IsoUtc },
  historyPlays: readonly PlexPlay[],
): Promise<{ plays: PlexPlay[]; skipped: Skipped[] }> {
  const watched: PmsMetadata[] = [];
  for (const section of await videoSections(ctx, options.sectionIds)) {
    // `viewCount>>=0`: played at least once. Shows and seasons only aggregate their episodes.
    watched.push(...(await listSection(ctx, section.id, section.type === 'movie' ? 'movie' : 'episode', { 'viewCount>>': 0 })));
  }
  const playsOf = new Map<string, PlexPlay[]>();
  for (const play of historyPlays) playsOf.set(play.ratingKey, [...(playsOf.get(play.ratingKey) ?? []), play]);

  const candidates = watched.flatMap((meta) => {
    const watched_at = (meta.viewCount ?? 0) > 0 ? toIsoUtc(meta.lastViewedAt) : undefined;
    // Already a history play at that time: the flag adds nothing.
    if (!watched_at || (options.since !== undefined && watched_at < options.since)) return [];
    if ((playsOf.get(meta.ratingKey) ?? []).some((play) => withinTolerance(play.watched_at, watched_at))) return [];
    return [{ meta, watched_at }];
  });
  await hydrator.loadShows(candidates.map(({ meta }) => meta));
  const described = await mapBounded(candidates, ctx.options.historyWorkers, ({ meta }) => describeItem(hydrator, meta, options));
  const plays: PlexPlay[] = [];
  const skipped: Skipped[] = [];
  described.forEach((description, i) => {
    const { meta, watched_at } = candidates[i] as (typeof candidates)[number];
    if ('skip' in description) skipped.push(description.skip);
    else plays.push({ item: description.item, watched_at, ratingKey: meta.ratingKey, source: 'marked_watched' });
  });
  return { plays, skipped };
}
