import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idsSchema, toIdsInput } from './bulk';
import { iso, notModified, params, type SimContext, sendError, sendPage, userOf } from './http';
import { catalogKeyOf, type PlayableRef, renderMedia, type TraktCatalog } from './media';
import type { PlaybackEntry, ScrobbleRecord, TraktUser } from './state';
import { recordPlay } from './watched';

/** Progress at or above which a stop counts as watched; below it the stop is stored as a pause. */
const watchedThreshold = 80;
/** A stop below 1 % is refused (422). */
const minimumStopProgress = 1;

const scrobbleBodySchema = z.looseObject({
  movie: z.looseObject({ ids: idsSchema.optional(), title: z.string().optional(), year: z.number().int().optional() }).optional(),
  show: z.looseObject({ ids: idsSchema }).optional(),
  episode: z
    .looseObject({ ids: idsSchema.optional(), season: z.number().int().optional(), number: z.number().int().optional() })
    .optional(),
  progress: z.number().min(0).max(100),
});
type ScrobbleBody = z.infer<typeof scrobbleBodySchema>;

/** The item a scrobble names: a movie, an episode by ids, or a show plus season/number (Trakt's numbering). */
function resolveItem(catalog: TraktCatalog, body: ScrobbleBody): PlayableRef | undefined {
  if (body.movie) {
    const { ids, title, year } = body.movie;
    return ids ? catalog.findMovie(toIdsInput(ids)) : title ? catalog.findMovieByTitle(title, year) : undefined;
  }
  const { episode, show } = body;
  if (episode?.ids) return catalog.findEpisode(toIdsInput(episode.ids));
  const showRef = show && catalog.findShow(toIdsInput(show.ids));
  if (!showRef || episode?.season === undefined || episode.number === undefined) return undefined;
  return catalog.episodeByNumber(showRef.show, episode.season, episode.number);
}

const sharing = { twitter: false, mastodon: false, tumblr: false };

function renderPlayback(entry: PlaybackEntry): Record<string, unknown> {
  return { progress: entry.progress, paused_at: iso(entry.pausedAt), id: entry.id, type: entry.ref.type, ...renderMedia(entry.ref) };
}

/**
 * /scrobble/{start,pause,stop} (201) and /sync/playback. A stop at ≥ 80 % becomes a history play
 * (`action: "scrobble"`, the play's history id); a stop below 80 % is stored as a pause; a stop below 1 %
 * answers 422; scrobbling the same item again within `duplicateWindowS` answers 409 with the last
 * `watched_at` and when the window expires. The window is one hour, as in Trakt's documented example.
 */
export function registerScrobble(scope: FastifyInstance, ctx: SimContext, duplicateWindowS = 3600): void {
  const pause = (user: TraktUser, ref: PlayableRef, progress: number, now: number): PlaybackEntry => {
    const entry = { id: user.playback.get(ref.key)?.id ?? ctx.state.nextId(), ref, progress, pausedAt: now };
    user.playback.set(ref.key, entry);
    user.activities.touch(ref.type, 'paused_at', now);
    return entry;
  };

  for (const endpoint of ['start', 'pause', 'stop'] as const) {
    scope.post(`/scrobble/${endpoint}`, async (req, reply) => {
      const user = userOf(req);
      const now = ctx.clock();
      const parsed = scrobbleBodySchema.safeParse(req.body);
      if (!parsed.success) return sendError(reply, 422, 'unprocessable_entity', z.prettifyError(parsed.error));
      const { progress } = parsed.data;
      const ref = resolveItem(ctx.state.catalog, parsed.data);
      if (!ref) return sendError(reply, 404, 'not_found', 'Item not found.');
      const record: ScrobbleRecord = { at: now, endpoint, catalogKey: catalogKeyOf(ref), progress, status: 201 };
      user.scrobbles.push(record);
      const answer = (action: 'start' | 'pause' | 'scrobble', id: number) => {
        Object.assign(record, { action, historyId: action === 'scrobble' ? id : undefined });
        return reply.code(201).send({ id, action, progress, sharing, ...renderMedia(ref) });
      };

      if (endpoint === 'start') return answer('start', 0);
      if (endpoint === 'pause') return answer('pause', pause(user, ref, progress, now).id);
      if (progress < minimumStopProgress) {
        record.status = 422;
        return sendError(reply, 422, 'unprocessable_entity', 'Progress is below 1%.');
      }
      if (progress < watchedThreshold) return answer('pause', pause(user, ref, progress, now).id);
      const last = user.lastScrobbleAt.get(ref.key);
      if (last !== undefined && now < last + duplicateWindowS * 1000) {
        record.status = 409;
        return reply.code(409).send({ watched_at: iso(last), expires_at: iso(last + duplicateWindowS * 1000) });
      }
      user.lastScrobbleAt.set(ref.key, now);
      if (user.playback.delete(ref.key)) user.activities.touch(ref.type, 'paused_at', now);
      return answer('scrobble', recordPlay(user, ref, now, 'scrobble', now).id);
    });
  }

  for (const path of ['/sync/playback', '/sync/playback/:type']) {
    scope.get(path, async (req, reply) => {
      const user = userOf(req);
      const { type } = params(req);
      const wanted = type === undefined ? undefined : type === 'movies' ? 'movie' : type === 'episodes' ? 'episode' : null;
      if (wanted === null) return sendError(reply, 404, 'not_found', `Unknown playback type ${type}.`);
      if (notModified(req, reply, user, user.playback.version)) return;
      const rows = user.playback
        .values()
        .filter((e) => wanted === undefined || e.ref.type === wanted)
        .sort((a, b) => b.pausedAt - a.pausedAt);
      return sendPage(ctx, req, reply, rows, renderPlayback, 'optional');
    });
  }

  scope.delete('/sync/playback/:id', async (req, reply) => {
    const user = userOf(req);
    const id = Number(params(req).id);
    const entry = user.playback.values().find((e) => e.id === id);
    if (!entry) return sendError(reply, 404, 'not_found', `No playback ${id}.`);
    user.playback.delete(entry.ref.key);
    return reply.code(204).send();
  });
}
