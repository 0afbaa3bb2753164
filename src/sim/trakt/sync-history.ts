import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { countRefs, emptyNotFound } from './bulk';
import type { Play } from './history-store';
import { iso, notModified, params, parseTime, query, type SimContext, sendError, sendPage, userOf } from './http';
import { isPlayable, type PlayableRef, renderMedia } from './media';
import { syncWriteRoute } from './sync-write';
import { recordPlay } from './watched';

const playSections = ['movies', 'episodes'] as const;

/** Per /sync/history/{type}: the Trakt id of that type a play belongs to (undefined: not listed there). */
const listedUnder: Record<string, (play: Play) => number | undefined> = {
  movies: ({ ref }) => (ref.type === 'movie' ? ref.movie.ids.trakt : undefined),
  shows: ({ ref }) => (ref.type === 'episode' ? ref.show.ids.trakt : undefined),
  seasons: ({ ref }) => (ref.type === 'episode' ? ref.show.seasons.find((s) => s.number === ref.episode.season)?.ids.trakt : undefined),
  episodes: ({ ref }) => (ref.type === 'episode' ? ref.episode.ids.trakt : undefined),
};

/** Which plays /sync/history[/{type}[/{id}]] lists; undefined for an unknown type. */
function playFilter(type: string | undefined, id: number | undefined): ((play: Play) => boolean) | undefined {
  if (type === undefined) return () => true;
  const traktIdOf = listedUnder[type];
  if (!traktIdOf) return undefined;
  return (play) => {
    const traktId = traktIdOf(play);
    return traktId !== undefined && (id === undefined || traktId === id);
  };
}

export function renderPlay(play: Play): Record<string, unknown> {
  return { id: play.id, watched_at: iso(play.watchedAt), action: play.action, type: play.ref.type, ...renderMedia(play.ref) };
}

/** `watched_at` of an added play: the item's (or a parent's), "released" for the release date, else now. */
function watchedAtOf(value: unknown, ref: PlayableRef, now: number): number {
  if (value === 'released') return Date.UTC(ref.type === 'movie' ? ref.movie.year : ref.show.year, 0, 1);
  return parseTime(value) ?? now;
}

const removeIdsSchema = z.array(z.number().int().positive()).optional();

/** /sync/history: list plays (paginated, newest first), add plays (never de-duplicated), remove plays. */
export function registerHistory(scope: FastifyInstance, ctx: SimContext): void {
  for (const path of ['/sync/history', '/sync/history/:type', '/sync/history/:type/:id']) {
    scope.get(path, async (req, reply) => {
      const user = userOf(req);
      const p = params(req);
      const filter = playFilter(p.type, p.id === undefined ? undefined : Number(p.id));
      if (!filter) return sendError(reply, 404, 'not_found', `Unknown history type ${p.type}.`);
      if (notModified(req, reply, user, user.history.version)) return;
      const q = query(req);
      const startAt = parseTime(q.start_at);
      const endAt = parseTime(q.end_at);
      const all = user.history.list();
      const unfiltered = p.type === undefined && startAt === undefined && endAt === undefined;
      const plays = unfiltered
        ? all
        : all.filter(
            (play) =>
              play.watchedAt >= (startAt ?? Number.NEGATIVE_INFINITY) &&
              play.watchedAt <= (endAt ?? Number.POSITIVE_INFINITY) &&
              filter(play),
          );
      return sendPage(ctx, req, reply, plays, renderPlay, 'paginated');
    });
  }

  syncWriteRoute(scope, ctx, '/sync/history', { depth: 'expand', status: 201 }, ({ user, resolution, now }) => {
    const plays = resolution.targets.flatMap(({ ref, fields }) =>
      isPlayable(ref) ? [{ ref, watchedAt: watchedAtOf(fields.watched_at, ref, now) }] : [],
    );
    if (plays.some((play) => Number.isNaN(play.watchedAt))) {
      return { status: 400, body: { error: 'bad_request', error_description: 'watched_at must be an ISO-8601 time.' } };
    }
    for (const play of plays) recordPlay(user, play.ref, play.watchedAt, 'watch', now);
    return {
      body: {
        added: countRefs(
          plays.map((play) => play.ref),
          playSections,
        ),
        not_found: resolution.notFound,
      },
    };
  });

  syncWriteRoute(scope, ctx, '/sync/history/remove', { depth: 'expand', status: 200 }, ({ user, resolution, body, now }) => {
    const ids = removeIdsSchema.safeParse(body.ids);
    if (!ids.success) return { status: 400, body: { error: 'bad_request', error_description: 'ids must be history ids.' } };
    const removed: Play[] = [];
    const missingIds: number[] = [];
    for (const id of ids.data ?? []) {
      const play = user.history.get(id);
      if (play) removed.push(play);
      else missingIds.push(id);
    }
    for (const { ref } of resolution.targets) removed.push(...user.history.playsOf(ref.key));
    const unique = [...new Set(removed)];
    for (const play of unique) {
      user.history.remove(play);
      user.activities.touch(play.ref.type, 'watched_at', now);
    }
    return {
      body: {
        deleted: countRefs(
          unique.map((p) => p.ref),
          playSections,
        ),
        not_found: { ...emptyNotFound(), ...resolution.notFound, ids: missingIds },
      },
    };
  });
}
