import type { ItemEdits } from '../metadata-edits';

/** An item's edited metadata as PMS renders it: text attributes, Genre/Role/Collection tags, Field locks, the poster. */
export function editedFields(edits: ItemEdits | undefined, key: string): Record<string, unknown> {
  if (!edits) return {};
  const tags = (names: string[]) => (names.length > 0 ? names.map((tag) => ({ tag })) : undefined);
  return {
    ...edits.text,
    ...(edits.poster ? { thumb: `${key}/thumb/${edits.poster.sha256.slice(0, 10)}` } : {}),
    Genre: tags(edits.tags.genre),
    Role: tags(edits.tags.actor),
    Collection: tags(edits.tags.collection),
    Field: edits.locked.size > 0 ? [...edits.locked].sort().map((name) => ({ locked: true, name })) : undefined,
  };
}
