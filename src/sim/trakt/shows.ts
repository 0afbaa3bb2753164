import type { FastifyInstance } from 'fastify';
import { params, query, type SimContext, sendError } from './http';
import { type IdsInput, renderEpisode, renderSeason } from './media';

/** A show id in a URL: a Trakt id, an IMDB id or a slug, as Trakt accepts them. */
function idsOfPathId(id: string): IdsInput {
  if (/^\d+$/.test(id)) return { trakt: Number(id) };
  if (/^tt\d+$/.test(id)) return { imdb: id };
  return { slug: id };
}

/**
 * GET /shows/{id}/seasons (OAuth optional): the show's seasons in Trakt's numbering, each with its episodes when
 * `extended` names `episodes`. A show Trakt does not know answers 404. `extended=full` adds season details
 * (overview, air dates, ratings) the catalog does not hold, so it is answered with the default shape.
 */
export function registerShows(scope: FastifyInstance, ctx: SimContext): void {
  scope.get('/shows/:id/seasons', async (req, reply) => {
    const { id = '' } = params(req);
    const ref = ctx.state.catalog.findShow(idsOfPathId(id));
    if (!ref) return sendError(reply, 404, 'not_found', `No show ${id}.`);
    const withEpisodes = (query(req).extended ?? '').split(',').includes('episodes');
    const seasons = [...ref.show.seasons].sort((a, b) => a.number - b.number);
    return reply.send(
      seasons.map((season) => ({
        ...renderSeason(season),
        ...(withEpisodes
          ? { episodes: [...season.episodes].sort((a, b) => a.traktNumber - b.traktNumber).map((episode) => renderEpisode(episode)) }
          : {}),
      })),
    );
  });
}
