/**
 * The watchlist index, from Discover: paged past its cap (100 per page since late 2025, whatever is
 * asked), with Guid[] requested (`includeGuids=1`); an item that still comes without ids is read from
 * the metadata service. Matching downstream is by ids only: a title never stands in for one.
 */
import type { WatchlistEntry } from '../../domain/items';
import type { PlexContext } from './context';
import { catalogItem } from './discover';
import { toMinimalItem } from './normalize';
import { readAllPages } from './paging';
import { mapBounded } from './pool';
import { type DiscoverMetadata, discoverWatchlistSchema } from './schemas';

export interface PlexWatchlistEntry extends WatchlistEntry {
  /** Discover's 24-hex ratingKey (also `item.ids.plex`). */
  ratingKey: string;
}

const watchlistPageSize = 100;
/** Metadata reads for items Discover listed without ids: few, so a small fixed bound. */
const metadataReadsInFlight = 4;

export async function watchlistIndex(ctx: PlexContext): Promise<PlexWatchlistEntry[]> {
  const listed = await readAllPages({
    transport: ctx.transport,
    host: ctx.discover,
    request: { path: '/library/sections/watchlist/all', query: { includeGuids: 1 } },
    schema: discoverWatchlistSchema,
    entries: (body) => body.MediaContainer.Metadata,
    pageSize: watchlistPageSize,
  });
  // The list can shift while it is paged (an add moves everything down one): keep each title once.
  const unique = [...new Map(listed.map((meta) => [meta.ratingKey, meta])).values()];
  const complete = await mapBounded(
    unique,
    metadataReadsInFlight,
    async (meta): Promise<DiscoverMetadata> =>
      meta.Guid && meta.Guid.length > 0 ? meta : ((await catalogItem(ctx, meta.ratingKey)) ?? meta),
  );
  return complete.flatMap((meta) => {
    const item = toMinimalItem(meta);
    return item ? [{ item, ratingKey: meta.ratingKey }] : [];
  });
}
