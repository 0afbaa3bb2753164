import type { FastifyInstance } from 'fastify';
import { countRefs } from './bulk';
import { iso, notModified, params, parseTime, type SimContext, sendError, sendPage, userOf } from './http';
import { type MediaType, renderMedia, typeOfSectionName } from './media';
import type { RatingEntry } from './state';
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

/** /sync/ratings: list (newest first, optional `{rating}` filter like "8,9,10"), add or replace, remove. */
export function registerRatings(scope: FastifyInstance, ctx: SimContext): void {
  for (const path of ['/sync/ratings', '/sync/ratings/:type', '/sync/ratings/:type/:rating']) {
    scope.get(path, async (req, reply) => {
      const user = userOf(req);
      const p = params(req);
      const ofType = typeFilter(p.type);
      if (!ofType) return sendError(reply, 404, 'not_found', `Unknown ratings type ${p.type}.`);
      if (notModified(req, reply, user, user.ratings.version)) return;
      const wanted = p.rating === undefined ? undefined : new Set(p.rating.split(',').map(Number));
      const rows = user.ratings
        .values()
        .filter((entry) => ofType(entry.ref.type) && (wanted === undefined || wanted.has(entry.rating)))
        .sort((a, b) => b.ratedAt - a.ratedAt);
      return sendPage(ctx, req, reply, rows, renderRating, 'optional');
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
