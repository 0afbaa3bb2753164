import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { countRefs } from './bulk';
import { iso, notModified, params, parseTime, type SimContext, sendError, sendPage, userOf } from './http';
import { type MediaRef, renderMedia, typeOfSectionName } from './media';
import type { TraktUser, WatchlistEntry } from './state';
import { syncWriteRoute } from './sync-write';

interface RankedEntry {
  rank: number;
  entry: WatchlistEntry;
}

function titleOf(ref: MediaRef): string {
  return ref.type === 'movie' ? ref.movie.title : ref.type === 'episode' ? ref.episode.title : ref.show.title;
}

function yearOf(ref: MediaRef): number {
  return ref.type === 'movie' ? ref.movie.year : ref.show.year;
}

/** Sorts of /sync/watchlist/{type}/{sort} and the direction Trakt reports for each in X-Sort-How. */
const sorts: Record<string, { how: 'asc' | 'desc'; compare: (a: RankedEntry, b: RankedEntry) => number }> = {
  rank: { how: 'asc', compare: (a, b) => a.rank - b.rank },
  added: { how: 'desc', compare: (a, b) => b.entry.listedAt - a.entry.listedAt },
  released: { how: 'desc', compare: (a, b) => yearOf(b.entry.ref) - yearOf(a.entry.ref) },
  title: { how: 'asc', compare: (a, b) => titleOf(a.entry.ref).localeCompare(titleOf(b.entry.ref)) },
};

function renderListed({ rank, entry }: RankedEntry): Record<string, unknown> {
  return { rank, id: entry.id, listed_at: iso(entry.listedAt), notes: entry.notes, type: entry.ref.type, ...renderMedia(entry.ref) };
}

function listSummary(user: TraktUser, now: number) {
  return { item_count: user.watchlist.size, updated_at: iso(now) };
}

/**
 * A user's watchlist in the current shape (rank, list item id, listed_at, notes), with ETag/304 and sorts: what
 * /sync/watchlist (pagination optional) and /users/{id}/watchlist (paginated, per trakt/trakt-api) both list.
 */
export function sendWatchlist(
  ctx: SimContext,
  req: FastifyRequest,
  reply: FastifyReply,
  user: TraktUser,
  { type = 'all', sort: sortName = 'rank' }: { type?: string; sort?: string },
  mode: 'paginated' | 'optional',
) {
  const sort = sorts[sortName];
  const wanted = type === 'all' ? undefined : (typeOfSectionName(type) ?? null);
  if (!sort || wanted === null) return sendError(reply, 404, 'not_found', `Unknown watchlist type or sort ${type}/${sortName}.`);
  reply.headers({ 'X-Sort-By': sortName, 'X-Sort-How': sort.how });
  if (notModified(req, reply, user, user.watchlist.version)) return;
  const rows = user.watchlist
    .values()
    .map((entry, i) => ({ rank: i + 1, entry }))
    .filter(({ entry }) => wanted === undefined || entry.ref.type === wanted)
    .sort(sort.compare);
  return sendPage(ctx, req, reply, rows, renderListed, mode);
}

/** /sync/watchlist: list, add (past the account's item cap: 420 with Trakt's upgrade headers), remove. */
export function registerWatchlist(scope: FastifyInstance, ctx: SimContext): void {
  for (const path of ['/sync/watchlist', '/sync/watchlist/:type', '/sync/watchlist/:type/:sort']) {
    scope.get(path, async (req, reply) => sendWatchlist(ctx, req, reply, userOf(req), params(req), 'optional'));
  }

  syncWriteRoute(scope, ctx, '/sync/watchlist', { depth: 'deepest', status: 201 }, ({ user, resolution, now }) => {
    const fresh = new Map<string, (typeof resolution.targets)[number]>();
    const existing: MediaRef[] = [];
    for (const target of resolution.targets) {
      if (user.watchlist.get(target.ref.key) || fresh.has(target.ref.key)) existing.push(target.ref);
      else fresh.set(target.ref.key, target);
    }
    if (user.watchlist.size + fresh.size > user.watchlistLimit) {
      return {
        status: 420,
        headers: {
          'X-Upgrade-URL': 'https://trakt.tv/vip',
          'X-VIP-User': String(user.vip),
          'X-Account-Limit': String(user.watchlistLimit),
        },
        body: { error: 'account_limit_exceeded', error_description: `The watchlist is limited to ${user.watchlistLimit} items.` },
      };
    }
    for (const { ref, fields } of fresh.values()) {
      const notes = user.vip && typeof fields.notes === 'string' ? fields.notes : null;
      user.watchlist.set(ref.key, { id: ctx.state.nextId(), ref, listedAt: parseTime(fields.listed_at) || now, notes });
      user.activities.touch(ref.type, 'watchlisted_at', now);
    }
    const added = [...fresh.values()].map((t) => t.ref);
    return {
      body: { added: countRefs(added), existing: countRefs(existing), not_found: resolution.notFound, list: listSummary(user, now) },
    };
  });

  syncWriteRoute(scope, ctx, '/sync/watchlist/remove', { depth: 'deepest', status: 200 }, ({ user, resolution, now }) => {
    const removed = resolution.targets.map((t) => t.ref).filter((ref) => user.watchlist.delete(ref.key));
    for (const ref of removed) user.activities.touch(ref.type, 'watchlisted_at', now);
    return { body: { deleted: countRefs(removed), not_found: resolution.notFound, list: listSummary(user, now) } };
  });
}
