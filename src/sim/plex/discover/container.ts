import type { FastifyReply, FastifyRequest } from 'fastify';
import { wantsJson } from '../pms/container';
import { toPmsXml } from '../pms/xml';

/** Both metadata.provider.plex.tv and discover.provider.plex.tv answer with this identifier or tv.plex.provider.discover. */
export const providerIdentifier = 'tv.plex.provider.metadata';

/**
 * A paged `MediaContainer` as the provider sends it: offset echoes the requested start, totalSize is the full
 * count, and an empty page has `size: 0` and no `Metadata` key at all.
 */
export function metadataContainer<T>(
  items: readonly T[],
  paging: { offset: number; totalSize: number },
  extra: Record<string, unknown> = {},
) {
  return {
    MediaContainer: {
      ...extra,
      offset: paging.offset,
      totalSize: paging.totalSize,
      identifier: providerIdentifier,
      size: items.length,
      ...(items.length > 0 ? { Metadata: items } : {}),
    },
  };
}

/**
 * Answers in the format the client asked for: JSON with `Accept: application/json` (watchsync, python-plexapi's
 * searchDiscover), XML otherwise (python-plexapi's watchlist and userState). The XML is PMS's form of the same
 * container: items as `<Video>`/`<Directory>` by type, lists as repeated child elements. Error bodies stay JSON:
 * what the provider sends with them is not captured, and clients read only the status.
 */
export function sendDiscover(req: FastifyRequest, reply: FastifyReply, body: Record<string, Record<string, unknown>>): FastifyReply {
  if (wantsJson(req)) return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
  return reply.type('application/xml; charset=utf-8').send(toPmsXml(body));
}
