import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { knownToken } from './auth';
import { metadataContainer, sendDiscover } from './container';
import type { DiscoverContext } from './context';
import { discoverMetadata, plexTypeNumbers } from './items';
import { pageOf, pageWindow } from './paging';

type WatchlistQuery = { includeGuids?: string; type?: string; sort?: string; ratingKey?: string };

/** `sort=watchlistedAt:asc|desc` or `titleSort:asc|desc`; the default is most recently added first. */
function sortEntries<T extends { watchlistedAt: number; title: string }>(entries: T[], sort: string | undefined): T[] {
  const [field = 'watchlistedAt', direction = 'desc'] = (sort ?? '').split(':').filter((part) => part !== '');
  const sign = direction === 'asc' ? 1 : -1;
  const compare =
    field === 'titleSort' ? (a: T, b: T) => a.title.localeCompare(b.title) : (a: T, b: T) => a.watchlistedAt - b.watchlistedAt;
  return [...entries].sort((a, b) => sign * compare(a, b));
}

export function registerWatchlistRoutes(app: FastifyInstance, ctx: DiscoverContext): void {
  // `/all`, `/available` and `/released` are all answered with the whole list (availability is not simulated).
  app.get('/library/sections/watchlist/:filter', async (req: FastifyRequest<{ Querystring: WatchlistQuery }>, reply) => {
    const window = pageWindow(req);
    if ('error' in window) return reply.code(400).send({ error: window.error });
    const { includeGuids, type, sort } = req.query;
    const entries = ctx.watchlists.list(knownToken(req)).flatMap((listed) => {
      const entry = ctx.index.entry(listed.ratingKey);
      if (!entry || (type !== undefined && String(plexTypeNumbers[entry.type]) !== type)) return [];
      const metadata = discoverMetadata(entry, includeGuids === '1');
      return [{ metadata, title: metadata.title, watchlistedAt: listed.watchlistedAt }];
    });
    const sorted = sortEntries(entries, sort);
    const page = pageOf(sorted, window).map((entry) => entry.metadata);
    reply.header('X-Plex-Container-Start', String(window.start)).header('X-Plex-Container-Total-Size', String(sorted.length));
    return sendDiscover(
      req,
      reply,
      metadataContainer(
        page,
        { offset: window.start, totalSize: sorted.length },
        { librarySectionID: 'watchlist', librarySectionTitle: 'Watchlist' },
      ),
    );
  });

  const action =
    (change: (token: string, ratingKey: string) => void) =>
    async (req: FastifyRequest<{ Querystring: WatchlistQuery }>, reply: FastifyReply) => {
      const { ratingKey } = req.query;
      if (ratingKey === undefined || ratingKey === '') return reply.code(400).send({ error: 'ratingKey is required' });
      const entry = ctx.index.entry(ratingKey);
      if (!entry) return reply.code(404).send({ error: `unknown ratingKey ${ratingKey}` });
      if (entry.type !== 'movie' && entry.type !== 'show')
        return reply.code(400).send({ error: 'only movies and shows can be watchlisted' });
      change(knownToken(req), ratingKey);
      // No captured body exists; clients treat any 2xx as success.
      return reply.code(200).send();
    };
  app.put(
    '/actions/addToWatchlist',
    action((token, ratingKey) => ctx.watchlists.add(token, ratingKey)),
  );
  app.put(
    '/actions/removeFromWatchlist',
    action((token, ratingKey) => ctx.watchlists.remove(token, ratingKey)),
  );
}
