/**
 * Reads from Plex's online catalogue: the metadata service (items by their 24-hex ratingKey, their
 * children, and `matches?guid=` that turns imdb/tmdb/tvdb ids into items) and Discover's title search.
 * Authenticated with the plex.tv account token. A 404 means "Plex does not know it", not a failure.
 */
import { HttpError } from '../http';
import type { PlexContext } from './context';
import { discoverSearchSchema } from './discover-schemas';
import { readAllPages } from './paging';
import { type DiscoverMetadata, discoverMetadataContainerSchema } from './schemas';

/** Plex's numeric metadata types, as the `type=` parameter takes them. */
export const plexTypeNumber = { movie: 1, show: 2, season: 3, episode: 4 } as const;

const discoverPageSize = 100;

async function orNotFound<T>(read: Promise<T>, notFound: T): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return notFound;
    throw error;
  }
}

export async function catalogItem(ctx: PlexContext, plexId: string): Promise<DiscoverMetadata | undefined> {
  const read = ctx.transport.get(
    ctx.metadata,
    { path: `/library/metadata/${encodeURIComponent(plexId)}` },
    discoverMetadataContainerSchema,
  );
  return (await orNotFound(read, undefined))?.data.MediaContainer.Metadata?.[0];
}

/** Seasons of a show, episodes of a season, with their Guid[]. */
export async function catalogChildren(ctx: PlexContext, plexId: string): Promise<DiscoverMetadata[]> {
  const read = readAllPages({
    transport: ctx.transport,
    host: ctx.metadata,
    request: { path: `/library/metadata/${encodeURIComponent(plexId)}/children`, query: { includeGuids: 1 } },
    schema: discoverMetadataContainerSchema,
    entries: (body) => body.MediaContainer.Metadata,
    pageSize: discoverPageSize,
  });
  return orNotFound(read, []);
}

/** Items carrying an external guid such as `imdb://tt0090728`, optionally of one type. */
export async function catalogMatches(ctx: PlexContext, guid: string, type?: keyof typeof plexTypeNumber): Promise<DiscoverMetadata[]> {
  const query = { guid, ...(type ? { type: plexTypeNumber[type] } : {}) };
  const read = ctx.transport.get(ctx.metadata, { path: '/library/metadata/matches', query }, discoverMetadataContainerSchema);
  return (await orNotFound(read, undefined))?.data.MediaContainer.Metadata ?? [];
}

/** Movies (`movies`) or shows (`tv`) whose title matches `query`, best first, at most `watchlistQueryLimit`. */
export async function searchCatalog(ctx: PlexContext, query: string, searchType: 'movies' | 'tv'): Promise<DiscoverMetadata[]> {
  const { data } = await ctx.transport.get(
    ctx.discover,
    {
      path: '/library/search',
      query: { query, limit: ctx.options.watchlistQueryLimit, searchTypes: searchType, searchProviders: 'discover', includeMetadata: 1 },
    },
    discoverSearchSchema,
  );
  return (data.MediaContainer.SearchResults ?? [])
    .filter((group) => group.id === 'external')
    .flatMap((group) => (group.SearchResult ?? []).flatMap((result) => (result.Metadata ? [result.Metadata] : [])));
}
