/**
 * PMS and Discover page lists with X-Plex-Container-Start/-Size and answer offset/size/totalSize.
 * A listing is read to the end or not at all: a page that fails throws, so no caller can mistake a
 * half-read list for a complete one. Discover clamps large pages (100 since late 2025), so the walk
 * advances by what came back, not by what was asked.
 */
import type { z } from 'zod';
import { PayloadError } from '../http';
import type { PlexHost, PlexRequest, PlexTransport } from './transport';

type PagedBody = { MediaContainer: { size: number; totalSize?: number } };

export interface PageWalk<S extends z.ZodType<PagedBody>, T> {
  transport: PlexTransport;
  host: PlexHost;
  request: PlexRequest;
  schema: S;
  /** The entries of one page (e.g. `body.MediaContainer.Metadata`, absent on an empty page). */
  entries: (body: z.infer<S>) => readonly T[] | undefined;
  pageSize: number;
}

/** Every entry of a paged list, in server order. */
export async function readAllPages<S extends z.ZodType<PagedBody>, T>(walk: PageWalk<S, T>): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const paging = { 'X-Plex-Container-Start': String(all.length), 'X-Plex-Container-Size': String(walk.pageSize) };
    const { data } = await walk.transport.get(walk.host, { ...walk.request, headers: { ...walk.request.headers, ...paging } }, walk.schema);
    const page = walk.entries(data) ?? [];
    const firstPage = all.length === 0;
    all.push(...page);
    const total = data.MediaContainer.totalSize;
    // A server that ignores paging sends everything at once, without a total.
    if (total === undefined && firstPage) return all;
    if (total === undefined) throw new PayloadError(walk.request.path, ['paged answer without totalSize']);
    if (all.length >= total) return all;
    // The list shrank while it was read: what is missing is unknown, so the read is not complete.
    if (page.length === 0) throw new PayloadError(walk.request.path, [`listing ended at ${all.length} of ${total}`]);
  }
}
