import type { FastifyInstance, FastifyRequest } from 'fastify';
import { providerIdentifier, sendDiscover } from './container';
import type { DiscoverContext } from './context';
import { discoverMetadata } from './items';
import { searchTitles } from './search';

type SearchQuery = { query?: string; limit?: string; searchTypes?: string; searchProviders?: string; includeMetadata?: string };

/** python-plexapi searchDiscover's defaults. */
const defaultLimit = 30;
const defaultSearchTypes = 'movies,tv';

export function registerSearchRoutes(app: FastifyInstance, ctx: DiscoverContext): void {
  app.get('/library/search', async (req: FastifyRequest<{ Querystring: SearchQuery }>, reply) => {
    const { query, limit, searchTypes } = req.query;
    if (query === undefined) return reply.code(400).send({ error: 'query is required' });
    const max = limit !== undefined && /^\d+$/.test(limit) ? Number(limit) : defaultLimit;
    const results = searchTitles(ctx.index, query, (searchTypes ?? defaultSearchTypes).split(','), max).map(({ entry, score }) => ({
      score,
      Metadata: discoverMetadata(entry, false),
    }));
    // Movies and TV come back in the "external" group (people would be in a separate "people" group).
    // Clients ask for JSON here; the XML form of search results is not captured (see sendDiscover).
    return sendDiscover(req, reply, {
      MediaContainer: {
        size: 1,
        identifier: providerIdentifier,
        SearchResults: [{ id: 'external', title: 'More Ways To Watch', size: results.length, SearchResult: results }],
      },
    });
  });
}
