/** Section listings of one metadata type, with Guid[] (`includeGuids=1`), read to the end. */
import type { MediaType } from '../../domain/items';
import { type PlexContext, pmsHost } from './context';
import { plexTypeNumber } from './discover';
import { readAllPages } from './paging';
import { type PmsMetadata, pmsMetadataContainerSchema } from './schemas';

/** DESIGN.md §6: PMS pages of 500–1000 keep requests few without huge answers. */
export const pmsPageSize = 500;

/** `filters` are PMS filter parameters as query keys, e.g. `{'userRating>>': 0}` for `userRating>>=0`. */
export function listSection(
  ctx: PlexContext,
  sectionId: number,
  type: MediaType,
  filters: Record<string, string | number> = {},
): Promise<PmsMetadata[]> {
  return readAllPages({
    transport: ctx.transport,
    host: pmsHost(ctx),
    request: { path: `/library/sections/${sectionId}/all`, query: { type: plexTypeNumber[type], includeGuids: 1, ...filters } },
    schema: pmsMetadataContainerSchema,
    entries: (body) => body.MediaContainer.Metadata,
    pageSize: pmsPageSize,
  });
}

/** The metadata types a section holds: movies, or shows with their seasons and episodes. */
export function typesOfSection(sectionType: 'movie' | 'show'): MediaType[] {
  return sectionType === 'movie' ? ['movie'] : ['show', 'season', 'episode'];
}
