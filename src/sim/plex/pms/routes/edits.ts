/**
 * Metadata edits as Plex Web and agents make them:
 * - `PUT /library/sections/{id}/all?type=1&id={ratingKey}&title.value=…&title.locked=1` for text fields;
 *   `genre[0].tag.tag=A&genre[1].tag.tag=B` adds tags, `genre[].tag.tag-=C,D` removes them (also `actor`,
 *   `collection`), `genre.locked=1` locks the list;
 * - `POST /library/metadata/{ratingKey}/posters` with the image as the body (a video or other non-image is 400);
 * - `GET|POST /library/sections/{id}/refresh?path=` a partial scan (see ../scanner.ts).
 */
import type { FastifyInstance } from 'fastify';
import { type EditableTagField, type EditableTextField, editableTagFields, editableTextFields } from '../../metadata-edits';
import { sendStatus } from '../container';
import type { PmsContext } from '../context';
import type { Scanner } from '../scanner';

type Query = Record<string, string | string[] | undefined>;

const itemFields = new Set<EditableTextField>(['title', 'titleSort', 'originallyAvailableAt']);
const tagAdd = /^(genre|actor|collection)\[\d+\]\.tag\.tag$/;
const tagRemove = /^(genre|actor|collection)\[\]\.tag\.tag-$/;

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[value.length - 1] : value);

/** Image types PMS takes as posters, recognised by their first bytes (a content-type can lie). */
function isImage(bytes: Buffer): boolean {
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const webp = bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP';
  return png || jpeg || webp;
}

export function registerEditRoutes(app: FastifyInstance, ctx: PmsContext, scanner: Scanner): void {
  const { library } = ctx;
  const { edits } = library;

  app.put<{ Params: { sectionId: string } }>('/library/sections/:sectionId/all', async (req, reply) => {
    // `genre[].tag.tag-=A` arrives as the key `genre[].tag.tag-` with the value `A`.
    const query = req.query as Query;
    const ratingKey = one(query.id);
    const section = library.section(Number(req.params.sectionId));
    if (!section || !ratingKey) return sendStatus(reply, 400);
    const item = library.items.get(ratingKey);
    if (!item || item.sectionId !== section.id) return sendStatus(reply, 404);
    edits.recordWrite(ratingKey);
    const additions = new Map<EditableTagField, string[]>();
    for (const [key, raw] of Object.entries(query)) {
      const value = one(raw) ?? '';
      const add = tagAdd.exec(key);
      const remove = tagRemove.exec(key);
      if (add) additions.set(add[1] as EditableTagField, [...(additions.get(add[1] as EditableTagField) ?? []), value]);
      else if (remove)
        edits.removeTags(
          ratingKey,
          remove[1] as EditableTagField,
          value.split(',').map((name) => decodeURIComponent(name)),
        );
    }
    for (const [field, names] of additions) edits.addTags(ratingKey, field, names);
    for (const field of [...editableTextFields, ...editableTagFields]) {
      const locked = one(query[`${field}.locked`]);
      if (locked !== undefined) edits.setLock(ratingKey, field, locked === '1');
    }
    for (const field of editableTextFields) {
      const value = one(query[`${field}.value`]);
      if (value === undefined) continue;
      edits.setText(ratingKey, field, value);
      if (itemFields.has(field)) library.editItem(ratingKey, { [field]: value }, ctx.now());
    }
    library.touch(ratingKey, ctx.now());
    return reply.code(200).send();
  });

  app.register(async (scope) => {
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    scope.post<{ Params: { ratingKey: string } }>('/library/metadata/:ratingKey/posters', async (req, reply) => {
      if (!library.items.has(req.params.ratingKey)) return sendStatus(reply, 404);
      const body = req.body;
      if (!Buffer.isBuffer(body) || !isImage(body)) return sendStatus(reply, 400);
      edits.uploadPoster(req.params.ratingKey, body, req.headers['content-type'] ?? 'application/octet-stream');
      return reply.code(200).send();
    });
  });

  app.route<{ Params: { sectionId: string }; Querystring: { path?: string } }>({
    method: ['GET', 'POST', 'PUT'],
    url: '/library/sections/:sectionId/refresh',
    handler: async (req, reply) => {
      const section = library.section(Number(req.params.sectionId));
      if (!section) return sendStatus(reply, 404);
      scanner.scan(section.id, req.query.path);
      return reply.code(200).send();
    },
  });

  app.get<{ Params: { ratingKey: string } }>('/__admin/items/:ratingKey/metadata', async (req, reply) => {
    const item = library.items.get(req.params.ratingKey);
    if (!item) return reply.code(404).send({ error: 'no such item' });
    return { ratingKey: item.ratingKey, title: item.title, file: item.file, ...edits.truth(item.ratingKey) };
  });
  app.delete<{ Params: { ratingKey: string } }>('/__admin/items/:ratingKey/metadata', async (req) => {
    edits.clear(req.params.ratingKey);
    return { ok: true };
  });
  app.get('/__admin/scanner', async () => ({
    delayMs: scanner.delayMs,
    pending: scanner.pending.map((i) => ({ ratingKey: i.ratingKey, file: i.file })),
    requests: scanner.requests,
    edits: edits.writes,
  }));
  app.put<{ Body: { delayMs: number } }>('/__admin/scanner', async (req) => {
    scanner.delayMs = req.body.delayMs;
    return { ok: true };
  });
}
