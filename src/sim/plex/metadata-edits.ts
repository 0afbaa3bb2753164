/**
 * What people and agents edit on a PMS item beyond what the library was seeded with: text fields, tag lists
 * (genres, actors, collections), field locks and the uploaded poster. PMS keeps a lock per field: a locked field
 * survives the agent's "Refresh Metadata"; the ground truth shows which fields a writer locked.
 */
import { createHash } from 'node:crypto';

export const editableTextFields = ['title', 'titleSort', 'summary', 'originallyAvailableAt', 'studio', 'contentRating'] as const;
export type EditableTextField = (typeof editableTextFields)[number];
export const editableTagFields = ['genre', 'actor', 'collection'] as const;
export type EditableTagField = (typeof editableTagFields)[number];

export interface PosterUpload {
  sha256: string;
  contentType: string;
  bytes: number;
}

export interface ItemEdits {
  text: Partial<Record<EditableTextField, string>>;
  tags: Record<EditableTagField, string[]>;
  locked: Set<EditableTextField | EditableTagField>;
  poster?: PosterUpload;
  posterUploads: number;
  /** Metadata PUTs received for the item. */
  writes: number;
}

/** The ground truth tests read (`GET /__admin/items/:ratingKey/metadata`). */
export interface MetadataTruth {
  text: Partial<Record<EditableTextField, string>>;
  tags: Record<EditableTagField, string[]>;
  locked: string[];
  poster?: PosterUpload;
  posterUploads: number;
  writes: number;
}

const emptyEdits = (): ItemEdits => ({
  text: {},
  tags: { genre: [], actor: [], collection: [] },
  locked: new Set(),
  posterUploads: 0,
  writes: 0,
});

export class MetadataEdits {
  private items = new Map<string, ItemEdits>();
  /** Edit requests served (PUT …/all), for tests that count writes. */
  writes = 0;

  recordWrite(ratingKey: string): void {
    this.writes += 1;
    this.edit(ratingKey).writes += 1;
  }

  get(ratingKey: string): ItemEdits | undefined {
    return this.items.get(ratingKey);
  }

  private edit(ratingKey: string): ItemEdits {
    let edits = this.items.get(ratingKey);
    if (!edits) {
      edits = emptyEdits();
      this.items.set(ratingKey, edits);
    }
    return edits;
  }

  setText(ratingKey: string, field: EditableTextField, value: string): void {
    this.edit(ratingKey).text[field] = value;
  }

  /** Adds tags PMS does not have yet (PMS compares tag names case-insensitively). */
  addTags(ratingKey: string, field: EditableTagField, names: readonly string[]): void {
    const list = this.edit(ratingKey).tags[field];
    for (const name of names) if (!list.some((t) => t.toLowerCase() === name.toLowerCase())) list.push(name);
  }

  removeTags(ratingKey: string, field: EditableTagField, names: readonly string[]): void {
    const edits = this.edit(ratingKey);
    const gone = new Set(names.map((n) => n.toLowerCase()));
    edits.tags[field] = edits.tags[field].filter((t) => !gone.has(t.toLowerCase()));
  }

  setLock(ratingKey: string, field: EditableTextField | EditableTagField, locked: boolean): void {
    const set = this.edit(ratingKey).locked;
    if (locked) set.add(field);
    else set.delete(field);
  }

  uploadPoster(ratingKey: string, bytes: Buffer, contentType: string): PosterUpload {
    const edits = this.edit(ratingKey);
    edits.poster = { sha256: createHash('sha256').update(bytes).digest('hex'), contentType, bytes: bytes.length };
    edits.posterUploads += 1;
    return edits.poster;
  }

  /** Loses an item's edits (a re-added file, or an agent refresh of unlocked fields). */
  clear(ratingKey: string): void {
    this.items.delete(ratingKey);
  }

  truth(ratingKey: string): MetadataTruth {
    const edits = this.items.get(ratingKey) ?? emptyEdits();
    return {
      text: { ...edits.text },
      tags: { genre: [...edits.tags.genre], actor: [...edits.tags.actor], collection: [...edits.tags.collection] },
      locked: [...edits.locked].sort(),
      poster: edits.poster,
      posterUploads: edits.posterUploads,
      writes: edits.writes,
    };
  }

  reset(): void {
    this.items.clear();
    this.writes = 0;
  }
}
