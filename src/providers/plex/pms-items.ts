/**
 * PMS items by ratingKey, many per request: `/library/metadata/{k1},{k2},…` answers every listed item
 * the server still has (always with Guid[]); one deleted since it was listed is simply absent, and a
 * list of only deleted items is a 404. Only what describing an item reads is kept of each.
 */
import { z } from 'zod';
import { HttpError } from '../http';
import { type PlexContext, pmsHost } from './context';
import { chunk } from './pool';
import { pmsMetadataSchema } from './schemas';

/** Keys per request: 100 numeric keys keep the URL near 1 kB (and match PMS's usual container size). */
export const pmsBatchSize = 100;

/** The fields of a PMS item that describing it (hydration, fallback, scrobbling) reads. */
const pmsItemSchema = pmsMetadataSchema.pick({
  ratingKey: true,
  type: true,
  title: true,
  year: true,
  guid: true,
  Guid: true,
  index: true,
  parentIndex: true,
  parentRatingKey: true,
  grandparentRatingKey: true,
  parentGuid: true,
  grandparentGuid: true,
  parentTitle: true,
  grandparentTitle: true,
  duration: true,
  librarySectionID: true,
});
const pmsItemsContainerSchema = z.object({ MediaContainer: z.object({ Metadata: z.array(pmsItemSchema).optional() }) });

export type PmsItem = z.infer<typeof pmsItemSchema>;

/** The items of `ratingKeys` (at most `pmsBatchSize`) that PMS still has, in one request. */
export async function fetchPmsItems(ctx: PlexContext, ratingKeys: readonly string[]): Promise<Map<string, PmsItem>> {
  try {
    const { data } = await ctx.transport.get(
      pmsHost(ctx),
      { path: `/library/metadata/${ratingKeys.map(encodeURIComponent).join(',')}` },
      pmsItemsContainerSchema,
    );
    return new Map((data.MediaContainer.Metadata ?? []).map((item) => [item.ratingKey, item]));
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return new Map();
    throw error;
  }
}

/** Items read at most once per run (shows shared by many episodes); concurrent askers share the request. */
export interface PmsItemCache {
  get(ratingKey: string): Promise<PmsItem | undefined>;
  /** Reads the keys neither read nor being read, `pmsBatchSize` per request, one request at a time. */
  load(ratingKeys: Iterable<string>): Promise<void>;
}

export function createPmsItemCache(ctx: PlexContext): PmsItemCache {
  const reads = new Map<string, Promise<PmsItem | undefined>>();
  const read = (ratingKeys: readonly string[]): Promise<unknown> => {
    const items = fetchPmsItems(ctx, ratingKeys);
    for (const key of ratingKeys) {
      const item = items.then((found) => found.get(key));
      // A failed read is not remembered: the next asker tries again (or the activity retries the run).
      item.catch(() => reads.delete(key));
      reads.set(key, item);
    }
    return items;
  };
  const unread = (ratingKeys: Iterable<string>) => [...new Set(ratingKeys)].filter((key) => !reads.has(key));
  return {
    get(ratingKey) {
      if (!reads.has(ratingKey)) read([ratingKey]);
      return reads.get(ratingKey) as Promise<PmsItem | undefined>;
    },
    async load(ratingKeys) {
      // Keys another asker starts reading meanwhile are left to that read.
      for (const batch of chunk(unread(ratingKeys), pmsBatchSize)) {
        const keys = unread(batch);
        if (keys.length > 0) await read(keys);
      }
    },
  };
}
