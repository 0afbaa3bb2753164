import type { Rating } from '../../domain/items';
import { strongIdKeys } from '../../domain/items';
import { ItemIndex } from '../../domain/match';

/** More strong ids make an item easier to match on the other side. */
function strongIdCount(rating: Rating): number {
  return strongIdKeys.filter((kind) => rating.item.ids[kind] !== undefined).length;
}

/** Newer `rated_at` is the current rating; an entry without a time loses to one with. */
function newer(a: Rating, b: Rating): boolean {
  return (a.rated_at ?? '') > (b.rated_at ?? '');
}

/**
 * One rating per title across the four type lists (and pages that overlapped while being read): the
 * rating and time of the newest entry, the item description with the most ids (ids of both kept).
 */
export function mergeRatings(ratings: Iterable<Rating>): Rating[] {
  const merged: { rating: Rating }[] = [];
  const index = new ItemIndex<{ rating: Rating }>((holder) => holder.rating.item);
  for (const rating of ratings) {
    const holder = index.find(rating.item)[0];
    if (!holder) {
      const fresh = { rating };
      merged.push(fresh);
      index.add(fresh);
      continue;
    }
    const current = holder.rating;
    const [richer, poorer] = strongIdCount(rating) > strongIdCount(current) ? [rating, current] : [current, rating];
    const latest = newer(rating, current) ? rating : current;
    holder.rating = { ...latest, item: { ...richer.item, ids: { ...poorer.item.ids, ...richer.item.ids } } };
    // Index the merged ids too, so a later entry sharing only the added ids still finds this title.
    index.add(holder);
  }
  return merged.map((holder) => holder.rating);
}
