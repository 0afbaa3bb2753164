import type { FastifyInstance } from 'fastify';
import { params, query, type SimContext, sendError } from './http';
import type { IdsInput, MediaType } from './media';
import { renderMedia } from './media';

const idTypes = ['trakt', 'imdb', 'tmdb', 'tvdb'] as const;
const searchableTypes: readonly MediaType[] = ['movie', 'show', 'episode'];

/**
 * GET /search/{trakt|imdb|tmdb|tvdb}/{id}?type=movie,show,episode — an id lookup: always an array
 * (`[]` when nothing matches, including titles Trakt does not know), `score` null.
 */
export function registerSearch(scope: FastifyInstance, ctx: SimContext): void {
  scope.get('/search/:idType/:id', async (req, reply) => {
    const { idType, id = '' } = params(req);
    if (!idTypes.includes(idType as (typeof idTypes)[number])) return sendError(reply, 404, 'not_found', `Unknown id type ${idType}.`);
    const requested = query(req).type?.split(',') ?? searchableTypes;
    const types = searchableTypes.filter((t) => requested.includes(t));
    const ids: IdsInput =
      idType === 'imdb' ? { imdb: id } : { [idType as 'trakt' | 'tmdb' | 'tvdb']: /^\d+$/.test(id) ? Number(id) : Number.NaN };
    const refs = ctx.state.catalog.findAll(ids, types);
    return reply.send(refs.map((ref) => ({ type: ref.type, score: null, ...renderMedia(ref) })));
  });
}
