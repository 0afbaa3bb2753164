/**
 * Admin routes for library edits between import runs (../library-edits.ts) and a log of the listing pages
 * the server answered (section, type, start, size, sort), so tests can tell where a resumed listing restarted.
 */
import type { FastifyInstance } from 'fastify';
import type { FileChange, LibraryEdits, MetadataChange, NewMovie, NewShow } from '../library-edits';

export interface ListingRequest {
  path: string;
  type?: string;
  sort?: string;
  start: number;
  size?: number;
}

export class ListingLog {
  readonly requests: ListingRequest[] = [];

  clear(): void {
    this.requests.length = 0;
  }
}

export function registerLibraryAdmin(app: FastifyInstance, edits: LibraryEdits, log: ListingLog): void {
  app.addHook('onRequest', async (req) => {
    const path = req.url.split('?')[0] ?? '';
    if (req.method !== 'GET' || !/^\/library\/(sections\/[^/]+\/all|metadata\/[^/]+\/allLeaves)$/.test(path)) return;
    const query = req.query as Record<string, string | undefined>;
    const paging = (name: string) => (req.headers[name.toLowerCase()] as string | undefined) ?? query[name];
    const size = paging('X-Plex-Container-Size');
    log.requests.push({
      path,
      type: query.type,
      sort: query.sort,
      start: Number(paging('X-Plex-Container-Start') ?? 0),
      size: size === undefined ? undefined : Number(size),
    });
  });

  const attempt = <T>(reply: { code(n: number): { send(body: unknown): unknown } }, edit: () => T) => {
    try {
      return edit();
    } catch (error) {
      return reply.code(404).send({ error: (error as Error).message });
    }
  };
  app.get('/__admin/listings', async () => log.requests);
  app.delete('/__admin/listings', async () => {
    log.clear();
    return { ok: true };
  });
  app.post<{ Body: NewMovie }>('/__admin/library/movies', async (req) => edits.addMovie(req.body));
  app.post<{ Body: NewShow }>('/__admin/library/shows', async (req) => edits.addShow(req.body));
  app.post<{ Params: { ratingKey: string }; Body: { season: number; episode: number; title?: string } }>(
    '/__admin/library/shows/:ratingKey/episodes',
    async (req, reply) =>
      attempt(reply, () => edits.addEpisode(req.params.ratingKey, req.body.season, req.body.episode, { title: req.body.title })),
  );
  app.patch<{ Params: { ratingKey: string }; Body: MetadataChange }>('/__admin/library/items/:ratingKey', async (req, reply) =>
    attempt(reply, () => edits.changeMetadata(req.params.ratingKey, req.body)),
  );
  app.put<{ Params: { ratingKey: string }; Body: FileChange }>('/__admin/library/items/:ratingKey/file', async (req, reply) =>
    attempt(reply, () => edits.replaceFile(req.params.ratingKey, req.body)),
  );
  app.post<{ Params: { ratingKey: string }; Body: { path: string } }>('/__admin/library/items/:ratingKey/file/move', async (req, reply) =>
    attempt(reply, () => edits.moveFile(req.params.ratingKey, req.body.path)),
  );
  app.delete<{ Params: { ratingKey: string } }>('/__admin/library/items/:ratingKey', async (req, reply) =>
    attempt(reply, () => {
      edits.deleteItem(req.params.ratingKey);
      return { ok: true };
    }),
  );
}
