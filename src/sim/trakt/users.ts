import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { iso, maybeUserOf, params, query, type SimContext, sendError, sendPage } from './http';
import type { TraktUser } from './state';
import { sendCollection } from './sync-collection';
import { sendRatings } from './sync-ratings';
import { sendWatched } from './sync-watched';
import { sendWatchlist } from './sync-watchlist';

/**
 * The user a /users/{id} route reads: `me` (the OAuth user; 401 without one) or a slug (404 when nobody has it).
 * Trakt shows a private user's data only to that user or an approved follower; the simulator has no followers,
 * and what a stranger gets is not documented — it answers 401, the code Trakt documents for "OAuth must be
 * provided", which is an assumption.
 */
function targetOf(ctx: SimContext, req: FastifyRequest, reply: FastifyReply): TraktUser | undefined {
  const viewer = maybeUserOf(req);
  const id = params(req).id ?? '';
  if (id === 'me' && !viewer) {
    sendError(reply, 401, 'unauthorized', '/users/me needs OAuth.');
    return undefined;
  }
  const user = id === 'me' ? viewer : ctx.state.userBySlug(id);
  if (!user) {
    sendError(reply, 404, 'not_found', `No user ${id}.`);
    return undefined;
  }
  if (user.private && viewer !== user) {
    sendError(reply, 401, 'unauthorized', `${id} is private.`);
    return undefined;
  }
  return user;
}

/** A profile as trakt/trakt-api's profileResponseSchema has it; `extended` may name full, images and vip. */
function renderProfile(user: TraktUser, extended: readonly string[]): Record<string, unknown> {
  return {
    username: user.username,
    private: user.private,
    deleted: false,
    name: user.username,
    vip: user.vip,
    vip_ep: false,
    director: false,
    ids: { slug: user.slug, trakt: user.id },
    ...(extended.includes('full') ? { joined_at: iso(user.joinedAt), location: null, about: null, gender: null, age: null } : {}),
    ...(extended.includes('images')
      ? { images: { avatar: { full: 'https://walter-r2.trakt.tv/images/users/000/000/000/avatars/large/placeholder.png' } } }
      : {}),
    ...(extended.includes('vip') ? { vip_og: false, vip_years: user.vip ? 1 : 0, vip_cover_image: null } : {}),
  };
}

/**
 * /users/{id} (OAuth optional): profile, watched, collection, ratings and watchlist of `me` or another user, plus
 * the OAuth user's liked lists and comments.
 */
export function registerUsers(scope: FastifyInstance, ctx: SimContext): void {
  // The simulator has no lists or comments, so nobody has liked any: an empty, paginated answer.
  scope.get('/users/likes/:type', async (req, reply) => {
    if (!maybeUserOf(req)) return sendError(reply, 401, 'unauthorized', 'Likes need OAuth.');
    const { type } = params(req);
    if (type !== 'lists' && type !== 'comments') return sendError(reply, 404, 'not_found', `Unknown likes type ${type}.`);
    return sendPage(ctx, req, reply, [], () => null, 'paginated');
  });

  scope.get('/users/:id', async (req, reply) => {
    const user = targetOf(ctx, req, reply);
    if (!user) return reply;
    return reply.send(renderProfile(user, (query(req).extended ?? '').split(',')));
  });

  scope.get('/users/:id/watched/:type', async (req, reply) => {
    const user = targetOf(ctx, req, reply);
    if (!user) return reply;
    return sendWatched(req, reply, user, params(req).type);
  });

  scope.get('/users/:id/collection/:type', async (req, reply) => {
    const user = targetOf(ctx, req, reply);
    if (!user) return reply;
    return sendCollection(ctx, req, reply, user, params(req).type);
  });

  for (const path of ['/users/:id/ratings', '/users/:id/ratings/:type', '/users/:id/ratings/:type/:rating']) {
    scope.get(path, async (req, reply) => {
      const user = targetOf(ctx, req, reply);
      if (!user) return reply;
      const { type, rating } = params(req);
      return sendRatings(ctx, req, reply, user, type, rating);
    });
  }

  for (const path of ['/users/:id/watchlist', '/users/:id/watchlist/:type', '/users/:id/watchlist/:type/:sort']) {
    scope.get(path, async (req, reply) => {
      const user = targetOf(ctx, req, reply);
      if (!user) return reply;
      return sendWatchlist(ctx, req, reply, user, params(req), 'paginated');
    });
  }
}
