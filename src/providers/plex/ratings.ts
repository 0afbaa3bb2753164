/**
 * The ratings index: movies, shows, seasons and episodes the user rated, from each section's listing
 * filtered to `userRating>>=0` (one listing per type, read to the end), described with at most
 * `ratingWorkers` reads in flight (show ids for seasons and episodes; the fallback when enabled).
 */
import type { Rating } from '../../domain/items';
import { toIsoUtc } from '../../domain/time';
import type { PlexContext } from './context';
import { describeItem } from './describe';
import type { ItemFilters, Skipped } from './filters';
import type { Hydrator } from './hydrate';
import { listSection, typesOfSection } from './listing';
import { mapBounded } from './pool';
import type { PmsMetadata } from './schemas';
import { videoSections } from './sections';

export interface RatingsIndexOptions extends ItemFilters {
  sectionIds?: readonly number[];
}

export interface PlexRating extends Rating {
  ratingKey: string;
}

/**
 * PMS keeps ratings on a 0–10 scale, two per star, and half stars make odd values; some clients write
 * fractions. Trakt takes whole numbers 1–10, so the value is rounded half up and kept within 1–10
 * (half a star is 1). 0 means unrated.
 */
export function toTraktRating(userRating: number | undefined): number | undefined {
  if (userRating === undefined || !(userRating > 0)) return undefined;
  return Math.min(10, Math.max(1, Math.round(userRating)));
}

export async function ratingsIndex(
  ctx: PlexContext,
  hydrator: Hydrator,
  options: RatingsIndexOptions,
): Promise<{ ratings: PlexRating[]; skipped: Skipped[] }> {
  const rated: PmsMetadata[] = [];
  for (const section of await videoSections(ctx, options.sectionIds)) {
    for (const type of typesOfSection(section.type)) rated.push(...(await listSection(ctx, section.id, type, { 'userRating>>': 0 })));
  }
  const candidates = rated.flatMap((meta) => {
    const rating = toTraktRating(meta.userRating);
    return rating === undefined ? [] : [{ meta, rating }];
  });
  await hydrator.loadShows(candidates.map(({ meta }) => meta));
  const described = await mapBounded(candidates, ctx.options.ratingWorkers, ({ meta }) => describeItem(hydrator, meta, options));
  const ratings: PlexRating[] = [];
  const skipped: Skipped[] = [];
  described.forEach((description, i) => {
    const { meta, rating } = candidates[i] as (typeof candidates)[number];
    if ('skip' in description) {
      skipped.push(description.skip);
      return;
    }
    const rated_at = toIsoUtc(meta.lastRatedAt);
    ratings.push({ item: description.item, rating, ...(rated_at ? { rated_at } : {}), ratingKey: meta.ratingKey });
  });
  return { ratings, skipped };
}
