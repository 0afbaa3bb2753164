/**
 * Writes a client makes: /:/scrobble, /:/unscrobble, /:/rate and playback reports on /:/timeline.
 *
 * PMS has no way to record a play at a past time: /:/scrobble marks the item watched *now* (history row
 * viewedAt = now) and the history endpoint accepts no POST. A product syncing a Trakt play from last year
 * into Plex therefore gets today's date on the Plex side; only the watched flag and play count transfer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { watchedThreshold } from '../../library';
import { accountOf } from '../auth';
import { sendContainer, sendStatus } from '../container';
import type { PmsContext } from '../context';

type Query = Record<string, string | undefined>;

const libraryIdentifier = 'com.plexapp.plugins.library';

/** The item a library action names (`key=<ratingKey>&identifier=com.plexapp.plugins.library`). */
function targetOf(ctx: PmsContext, req: FastifyRequest, reply: FastifyReply): string | FastifyReply {
  const { key, identifier } = req.query as Query;
  if (identifier !== libraryIdentifier || !key) return sendStatus(reply, 400);
  if (!ctx.library.items.has(key)) return sendStatus(reply, 404);
  return key;
}

/** Plex clients send these as GET or PUT. (`/::/` is find-my-way's escape for the literal `/:/` path; fault rules use that label.) */
const getOrPut = ['GET', 'PUT'] as const;

export function registerActionRoutes(app: FastifyInstance, ctx: PmsContext): void {
  const { library } = ctx;

  app.route({
    method: [...getOrPut],
    url: '/::/scrobble',
    handler: async (req, reply) => {
      const key = targetOf(ctx, req, reply);
      if (typeof key !== 'string') return key;
      library.markPlayed(accountOf(req).id, key, ctx.now());
      return reply.code(200).send();
    },
  });

  app.route({
    method: [...getOrPut],
    url: '/::/unscrobble',
    handler: async (req, reply) => {
      const key = targetOf(ctx, req, reply);
      if (typeof key !== 'string') return key;
      library.markUnplayed(accountOf(req).id, key);
      return reply.code(200).send();
    },
  });

  app.route({
    method: [...getOrPut],
    url: '/::/rate',
    handler: async (req, reply) => {
      const key = targetOf(ctx, req, reply);
      if (typeof key !== 'string') return key;
      const rating = Number((req.query as Query).rating);
      // 0–10 (2 per star); -1 clears the rating.
      if (!(rating === -1 || (rating >= 0 && rating <= 10))) return sendStatus(reply, 400);
      library.rate(accountOf(req).id, key, rating === -1 ? undefined : rating, ctx.now());
      return reply.code(200).send();
    },
  });

  // Once a playback passed the threshold it is marked played once, until the client reports "stopped".
  const markedPlaybacks = new Set<string>();
  app.route({
    method: ['GET', 'POST'],
    url: '/::/timeline',
    handler: async (req, reply) => {
      const query = req.query as Query;
      const ratingKey = query.ratingKey ?? query.key?.replace('/library/metadata/', '');
      const time = Number(query.time);
      const duration = Number(query.duration);
      const state = query.state;
      if (!ratingKey || !Number.isFinite(time) || !['playing', 'paused', 'buffering', 'stopped'].includes(state ?? ''))
        return sendStatus(reply, 400);
      if (!library.items.has(ratingKey)) return sendStatus(reply, 404);
      const accountId = accountOf(req).id;
      const playback = `${accountId}:${ratingKey}`;
      const complete = duration > 0 && time / duration >= watchedThreshold;
      if (complete && !markedPlaybacks.has(playback)) {
        library.markPlayed(accountId, ratingKey, ctx.now());
        markedPlaybacks.add(playback);
      } else if (!complete && !markedPlaybacks.has(playback)) {
        library.setViewOffset(accountId, ratingKey, time);
      }
      if (state === 'stopped') markedPlaybacks.delete(playback);
      return sendContainer(req, reply, { size: 0 });
    },
  });
}
