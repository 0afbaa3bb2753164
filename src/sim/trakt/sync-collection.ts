import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogShow } from '../catalog';
import { countRefs } from './bulk';
import { iso, notModified, params, parseTime, type SimContext, sendError, sendPage, userOf } from './http';
import { isPlayable, type PlayableRef, renderTitle } from './media';
import type { CollectionEntry, TraktUser } from './state';
import { syncWriteRoute } from './sync-write';

const collectedSections = ['movies', 'episodes'] as const;

function renderMovie(entry: CollectionEntry): Record<string, unknown> {
  return {
    collected_at: iso(entry.collectedAt),
    updated_at: iso(entry.updatedAt),
    ...(entry.ref.type === 'movie' ? { movie: renderTitle(entry.ref.movie) } : {}),
  };
}

/** Collected episodes grouped as Trakt lists them: show → seasons → episodes, in Trakt's numbering. */
function groupByShow(entries: CollectionEntry[]): Record<string, unknown>[] {
  const shows = new Map<string, { show: CatalogShow; last: number; seasons: Map<number, { number: number; collected_at: string }[]> }>();
  for (const entry of entries) {
    if (entry.ref.type !== 'episode') continue;
    const { show, episode } = entry.ref;
    let group = shows.get(show.key);
    if (!group) {
      group = { show, last: 0, seasons: new Map() };
      shows.set(show.key, group);
    }
    group.last = Math.max(group.last, entry.collectedAt);
    const season = group.seasons.get(episode.traktSeason) ?? [];
    season.push({ number: episode.traktNumber, collected_at: iso(entry.collectedAt) });
    group.seasons.set(episode.traktSeason, season);
  }
  return [...shows.values()].map(({ show, last, seasons }) => ({
    last_collected_at: iso(last),
    last_updated_at: iso(last),
    show: renderTitle(show),
    seasons: [...seasons.entries()]
      .sort(([a], [b]) => a - b)
      .map(([number, episodes]) => ({ number, episodes: episodes.sort((a, b) => a.number - b.number) })),
  }));
}

/**
 * A user's collected movies, or episodes grouped by show, as /sync/collection/{type} and /users/{id}/collection/{type}
 * list them. `extended=metadata` (resolution, audio… per item) is answered without it: the simulator keeps none.
 */
export function sendCollection(ctx: SimContext, req: FastifyRequest, reply: FastifyReply, user: TraktUser, type: string | undefined) {
  if (type !== 'movies' && type !== 'shows') return sendError(reply, 404, 'not_found', `Unknown collection type ${type}.`);
  if (notModified(req, reply, user, user.collection.version)) return;
  const entries = user.collection.values();
  if (type === 'shows') return reply.send(groupByShow(entries));
  return sendPage(
    ctx,
    req,
    reply,
    entries.filter((e) => e.ref.type === 'movie'),
    renderMovie,
    'optional',
  );
}

/** /sync/collection: movies and episodes (a show or season stands for all its episodes). */
export function registerCollection(scope: FastifyInstance, ctx: SimContext): void {
  scope.get('/sync/collection/:type', async (req, reply) => sendCollection(ctx, req, reply, userOf(req), params(req).type));

  syncWriteRoute(scope, ctx, '/sync/collection', { depth: 'expand', status: 201 }, ({ user, resolution, now }) => {
    const added: PlayableRef[] = [];
    const existing: PlayableRef[] = [];
    for (const { ref, fields } of resolution.targets) {
      if (!isPlayable(ref)) continue;
      if (user.collection.get(ref.key)) {
        existing.push(ref);
        continue;
      }
      const collectedAt = parseTime(fields.collected_at) || now;
      user.collection.set(ref.key, { ref, collectedAt, updatedAt: collectedAt });
      user.activities.touch(ref.type, 'collected_at', now);
      added.push(ref);
    }
    return {
      body: {
        added: countRefs(added, collectedSections),
        updated: countRefs([], collectedSections),
        existing: countRefs(existing, collectedSections),
        not_found: resolution.notFound,
      },
    };
  });

  syncWriteRoute(scope, ctx, '/sync/collection/remove', { depth: 'expand', status: 200 }, ({ user, resolution, now }) => {
    const removed = resolution.targets.map((t) => t.ref).filter((ref) => user.collection.delete(ref.key));
    for (const ref of removed) user.activities.touch(ref.type, 'collected_at', now);
    return { body: { deleted: countRefs(removed, collectedSections), not_found: resolution.notFound } };
  });
}
