import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { countRefs } from './bulk';
import { iso, notModified, params, parseTime, type SimContext, sendError, sendPage, userOf } from './http';
import { type MediaType, renderMedia, typeOfSectionName } from './media';
import type { RatingEntry, TraktUser } from './state';
import { syncWriteRoute } from './sync-write';

function isRating(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10;
}

function typeFilter(type: string | undefined): ((t: MediaType) => boolean) | undefined {
  if (type === undefined || type === 'all') return () => true;
  const wanted = typeOfSectionName(type);
  return wanted && ((t) => t === wanted);
}

export function renderRating(entry: RatingEntry): Record<string, unknown> {
  return { rated_at: iso(entry.ratedAt), rating: entry.rating, type: entry.ref.type, ...renderMedia(entry.ref) };
}

/**
 * A user's ratings, newest first, optionally of one type (`movies`…, or `all`) and with a `{rating}` filter like
 * "8,9,10" — what /sync/ratings and /users/{id}/ratings both list (pagination optional).
 */
export function sendRatings(
  ctx: SimContext,
  req: FastifyRequest,
  reply: FastifyReply,
  user: TraktUser,
  type: string | undefined,
  rating: string | undefined,
) {
  const ofType = typeFilter(type);
  if (!ofType) return sendError(reply, 404, 'not_found', `Unknown ratings type ${type}.`);
  if (notModified(req, reply, user, user.ratings.version)) return;
  const wanted = rating === undefined ? undefined : new Set(rating.split(',').map(Number));
  const rows = user.ratings
    .values()
    .filter((entry) => ofType(entry.ref.type) && (wanted === undefined || wanted.has(entry.rating)))
    .sort((a, b) => b.ratedAt - a.ratedAt);
  return sendPage(ctx, req, reply, rows, renderRating, 'optional');
}

/** /sync/ratings: list, add or replace, remove. */
export function registerRatings(scope: FastifyInstance, ctx: SimContext): void {
  for (const path of ['/sync/ratings', '/sync/ratings/:type', '/sync/ratings/:type/:rating']) {
    scope.get(path, async (req, reply) => {
      const { type, rating } = params(req);
      return sendRatings(ctx, req, reply, userOf(req), type, rating);
    });
  }

  syncWriteRoute(scope, ctx, '/sync/ratings', { depth: 'deepest', status: 201 }, ({ user, resolution, now }) => {
    const entries = resolution.targets.map(({ ref, fields }) => ({
      ref,
      rating: fields.rating,
      ratedAt: parseTime(fields.rated_at) ?? now,
    }));
    if (!entries.every((e) => isRating(e.rating))) {
      return { status: 422, body: { error: 'unprocessable_entity', error_description: 'rating must be an integer from 1 to 10.' } };
    }
    if (entries.some((e) => Number.isNaN(e.ratedAt))) {
      return { status: 400, body: { error: 'bad_request', error_description: 'rated_at must be an ISO-8601 time.' } };
    }
    for (const entry of entries) {
      user.ratings.set(entry.ref.key, { ref: entry.ref, rating: entry.rating as number, ratedAt: entry.ratedAt });
      user.activities.touch(entry.ref.type, 'rated_at', now);
    }
    return { body: { added: countRefs(entries.map((e) => e.ref)), not_found: resolution.notFound } };
  });

  syncWriteRoute(scope, ctx, '/sync/ratings/remove', { depth: 'deepest', status: 200 }, ({ user, resolution, now }) => {
    const removed = resolution.targets.map((t) => t.ref).filter((ref) => user.ratings.delete(ref.key));
    for (const ref of removed) user.activities.touch(ref.type, 'rated_at', now);
    return { body: { deleted: countRefs(removed), not_found: resolution.notFound } };
  });
}
