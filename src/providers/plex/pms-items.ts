/** Single PMS items by ratingKey: `/library/metadata/{ratingKey}` (always with Guid[]), 404 meaning "gone". */
import { HttpError } from '../http';
import { type PlexContext, pmsHost } from './context';
import { type PmsMetadata, pmsMetadataContainerSchema } from './schemas';

export async function fetchPmsMetadata(ctx: PlexContext, ratingKey: string): Promise<PmsMetadata | undefined> {
  try {
    const { data } = await ctx.transport.get(
      pmsHost(ctx),
      { path: `/library/metadata/${encodeURIComponent(ratingKey)}` },
      pmsMetadataContainerSchema,
    );
    return data.MediaContainer.Metadata?.[0];
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return undefined;
    throw error;
  }
}

/** Items read at most once per run (shows shared by many episodes); concurrent askers share the request. */
export interface PmsItemCache {
  get(ratingKey: string): Promise<PmsMetadata | undefined>;
}

export function createPmsItemCache(ctx: PlexContext): PmsItemCache {
  const reads = new Map<string, Promise<PmsMetadata | undefined>>();
  return {
    get(ratingKey) {
      let read = reads.get(ratingKey);
      if (!read) {
        read = fetchPmsMetadata(ctx, ratingKey);
        // A failed read is not remembered: the next asker tries again (or the activity retries the run).
        read.catch(() => reads.delete(ratingKey));
        reads.set(ratingKey, read);
      }
      return read;
    },
  };
}
