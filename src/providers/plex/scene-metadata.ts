/**
 * PMS reads and writes of the Stash push (DESIGN.md §7): an item's editable metadata and locks, title search in a
 * section, a section's files (reconciliation, one paged listing), the metadata PUT with locks and tag set changes,
 * poster upload, user rating and partial scan. Errors are thrown as they come (HttpError with status and endpoint)
 * for Temporal's retry policies; a 404 on a read is an answer (the item is gone).
 */
import { z } from 'zod';
import type { PlexEdit, PlexItemState, PlexTagField } from '../../domain/stash/plex-edit';
import { HttpError } from '../http';
import { readAllPages } from './paging';
import { pmsMetadataSchema } from './schemas';
import type { PlexHost, PlexTransport } from './transport';

const pmsTagSchema = z.object({ tag: z.string() });
const sceneItemSchema = pmsMetadataSchema.extend({
  summary: z.string().optional(),
  studio: z.string().optional(),
  contentRating: z.string().optional(),
  thumb: z.string().optional(),
  Genre: z.array(pmsTagSchema).optional(),
  Role: z.array(pmsTagSchema).optional(),
  Collection: z.array(pmsTagSchema).optional(),
  Field: z.array(z.object({ name: z.string(), locked: z.union([z.boolean(), z.literal(1), z.literal('1')]).optional() })).optional(),
});
const sceneContainerSchema = z.object({
  MediaContainer: z.object({
    size: z.coerce.number(),
    totalSize: z.coerce.number().optional(),
    Metadata: z.array(sceneItemSchema).optional(),
  }),
});
type SceneItem = z.infer<typeof sceneItemSchema>;

export interface PlexSceneItem extends PlexItemState {
  ratingKey: string;
  sectionId?: number;
  files: string[];
  locked: string[];
  /** Epoch seconds. */
  updatedAt?: number;
}

const libraryIdentifier = 'com.plexapp.plugins.library';
/** PMS metadata type of movies and "Other Videos" items. */
const movieType = 1;

function toSceneItem(item: SceneItem): PlexSceneItem {
  const names = (tags: Array<{ tag: string }> | undefined) => (tags ?? []).map((t) => t.tag);
  const text: PlexItemState['text'] = {};
  for (const key of ['title', 'titleSort', 'summary', 'originallyAvailableAt', 'studio', 'contentRating'] as const) {
    const value = item[key];
    if (typeof value === 'string' && value !== '') text[key] = value;
  }
  return {
    ratingKey: item.ratingKey,
    sectionId: item.librarySectionID,
    files: (item.Media ?? []).flatMap((m) => (m.Part ?? []).flatMap((p) => (p.file ? [p.file] : []))),
    text,
    genres: names(item.Genre),
    actors: names(item.Role),
    collections: names(item.Collection),
    userRating: item.userRating,
    locked: (item.Field ?? []).filter((f) => f.locked === true || f.locked === 1 || f.locked === '1').map((f) => f.name),
    updatedAt: item.updatedAt,
  };
}

/** Query parameters of PMS's metadata PUT: `field.value` + `field.locked=1`, `tag[i].tag.tag=` adds, `tag[].tag.tag-=` removes. */
export function editQuery(ratingKey: string, edit: PlexEdit): Record<string, string> {
  const query: Record<string, string> = { type: String(movieType), id: ratingKey, includeExternalMedia: '1' };
  for (const [field, value] of Object.entries(edit.text)) {
    query[`${field}.value`] = value;
    query[`${field}.locked`] = '1';
  }
  for (const [field, change] of Object.entries(edit.tags) as Array<[PlexTagField, { add: string[]; remove: string[] }]>) {
    change.add.forEach((name, i) => {
      query[`${field}[${i}].tag.tag`] = name;
    });
    // Names are comma-separated, each escaped, so a name with a `%` survives.
    if (change.remove.length > 0) query[`${field}[].tag.tag-`] = change.remove.map(encodeURIComponent).join(',');
    query[`${field}.locked`] = '1';
  }
  return query;
}

export function createSceneMetadataClient(transport: PlexTransport, pms: PlexHost) {
  return {
    /** The item, or undefined when PMS no longer has it. */
    async item(ratingKey: string): Promise<PlexSceneItem | undefined> {
      try {
        const { data } = await transport.get(pms, { path: `/library/metadata/${ratingKey}` }, sceneContainerSchema);
        const item = data.MediaContainer.Metadata?.[0];
        return item ? toSceneItem(item) : undefined;
      } catch (error) {
        if (error instanceof HttpError && error.status === 404) return undefined;
        throw error;
      }
    },

    /** Items of a section whose title contains `title` (PMS's `title=` filter). */
    async search(sectionId: number, title: string): Promise<PlexSceneItem[]> {
      const { data } = await transport.get(
        pms,
        { path: `/library/sections/${sectionId}/all`, query: { type: movieType, title } },
        sceneContainerSchema,
      );
      return (data.MediaContainer.Metadata ?? []).map(toSceneItem);
    },

    /** Every item of a section with its files (one paged listing; reconciliation's index). */
    async listSection(sectionId: number, pageSize = 1000): Promise<PlexSceneItem[]> {
      const items = await readAllPages({
        transport,
        host: pms,
        request: { path: `/library/sections/${sectionId}/all`, query: { type: movieType } },
        schema: sceneContainerSchema,
        entries: (body) => body.MediaContainer.Metadata,
        pageSize,
      });
      return items.map(toSceneItem);
    },

    async edit(sectionId: number, ratingKey: string, edit: PlexEdit): Promise<void> {
      if (Object.keys(edit.text).length === 0 && Object.keys(edit.tags).length === 0) return;
      await transport.send(pms, { method: 'PUT', path: `/library/sections/${sectionId}/all`, query: editQuery(ratingKey, edit) });
    },

    async rate(ratingKey: string, rating: number): Promise<void> {
      await transport.send(pms, { method: 'PUT', path: '/:/rate', query: { key: ratingKey, identifier: libraryIdentifier, rating } });
    },

    async uploadPoster(ratingKey: string, image: Buffer, contentType: string): Promise<void> {
      await transport.send(pms, {
        method: 'POST',
        path: `/library/metadata/${ratingKey}/posters`,
        headers: { 'content-type': contentType },
        body: image,
      });
    },

    /** Asks PMS to scan one folder of a section (a file it has not seen yet). */
    async scan(sectionId: number, path: string): Promise<void> {
      await transport.send(pms, { path: `/library/sections/${sectionId}/refresh`, query: { path } });
    },

    /** Movie-type section ids (where "Other Videos" scenes live) when none are configured. */
    async movieSections(): Promise<number[]> {
      const schema = z.object({
        MediaContainer: z.object({ Directory: z.array(z.object({ key: z.coerce.number(), type: z.string() })).optional() }),
      });
      const { data } = await transport.get(pms, { path: '/library/sections' }, schema);
      return (data.MediaContainer.Directory ?? []).filter((d) => d.type === 'movie').map((d) => d.key);
    },
  };
}

export type SceneMetadataClient = ReturnType<typeof createSceneMetadataClient>;
