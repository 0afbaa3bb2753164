import type { FastifyInstance, FastifyRequest } from 'fastify';
import { knownToken } from './auth';
import { metadataContainer, providerIdentifier, sendDiscover } from './container';
import type { DiscoverContext } from './context';
import { type DiscoverEntry, discoverMetadata } from './items';
import { filterByPlexType, matchGuid, uniqueEntries } from './matching';
import { pageOf, pageWindow } from './paging';

type ItemRequest = FastifyRequest<{ Params: { ratingKey: string }; Querystring: { includeGuids?: string } }>;

function childrenOf(entry: DiscoverEntry): DiscoverEntry[] {
  if (entry.type === 'show') return entry.show.seasons.map((season) => ({ type: 'season', show: entry.show, season }));
  if (entry.type === 'season')
    return entry.season.episodes.map((episode) => ({ type: 'episode', show: entry.show, season: entry.season, episode }));
  return [];
}

/** The features this provider offers, as its root lists them (fixture discover_provider_index.json, cut to what is simulated). */
const providerFeatures = [
  { type: 'metadata', key: '/library/metadata' },
  { type: 'actions', Action: [{ id: 'addToWatchlist', key: '/actions/addToWatchlist', reverseKey: '/actions/removeFromWatchlist' }] },
  { type: 'universalsearch', key: '/library/search' },
  { type: 'match', key: '/library/metadata/matches' },
];

export function registerMetadataRoutes(app: FastifyInstance, ctx: DiscoverContext): void {
  // python-plexapi opens the provider as a server (GET /) before it reloads or browses watchlist items.
  app.get('/', async (req, reply) =>
    sendDiscover(req, reply, {
      MediaProvider: { identifier: providerIdentifier, title: 'Metadata', version: '1.3.0', Feature: providerFeatures },
    }),
  );

  // How clients turn imdb/tmdb/tvdb ids into a Discover item (the provider's "match" feature).
  app.get('/library/metadata/matches', async (req: FastifyRequest<{ Querystring: { guid?: string; type?: string } }>, reply) => {
    const { guid, type } = req.query;
    if (guid === undefined || guid === '') return reply.code(400).send({ error: 'guid is required' });
    const matches = filterByPlexType(uniqueEntries(matchGuid(ctx.index, guid)), type).map((entry) => discoverMetadata(entry, true));
    return sendDiscover(req, reply, metadataContainer(matches, { offset: 0, totalSize: matches.length }));
  });

  app.get('/library/metadata/:ratingKey', async (req: ItemRequest, reply) => {
    const entry = ctx.index.entry(req.params.ratingKey);
    if (!entry) return reply.code(404).send({ error: 'Not Found' });
    return sendDiscover(req, reply, metadataContainer([discoverMetadata(entry, true)], { offset: 0, totalSize: 1 }));
  });

  app.get('/library/metadata/:ratingKey/children', async (req: ItemRequest, reply) => {
    const entry = ctx.index.entry(req.params.ratingKey);
    if (!entry) return reply.code(404).send({ error: 'Not Found' });
    const window = pageWindow(req);
    if ('error' in window) return reply.code(400).send({ error: window.error });
    const children = childrenOf(entry);
    const page = pageOf(children, window).map((child) => discoverMetadata(child, req.query.includeGuids === '1'));
    return sendDiscover(req, reply, metadataContainer(page, { offset: window.start, totalSize: children.length }));
  });

  // python-plexapi's onWatchlist(): watchlistedAt is present only while the title is on the watchlist.
  app.get('/library/metadata/:ratingKey/userState', async (req: ItemRequest, reply) => {
    const entry = ctx.index.entry(req.params.ratingKey);
    if (!entry) return reply.code(404).send({ error: 'Not Found' });
    const listed = ctx.watchlists.find(knownToken(req), req.params.ratingKey);
    const userState = { ratingKey: req.params.ratingKey, type: entry.type, ...(listed ? { watchlistedAt: listed.watchlistedAt } : {}) };
    return sendDiscover(req, reply, { MediaContainer: { size: 1, identifier: providerIdentifier, UserState: [userState] } });
  });
}
