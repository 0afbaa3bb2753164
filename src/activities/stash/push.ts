/**
 * One push of a scene to its Plex item: what changed since the last push (per-field hashes), the edit with locks
 * and tag set semantics, the user rating, and the poster only when the screenshot's bytes changed. Each part is
 * idempotent, and the poster's hash is recorded as soon as it lands, so a retried push (a worker killed half-way)
 * sends what is missing and never a second poster.
 */
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import {
  changedFields,
  type FieldHashes,
  fieldValues,
  type MetadataOptions,
  type PushedField,
  type SceneMetadata,
  sceneMetadata,
} from '../../domain/stash/metadata';
import { isEmptyEdit, planPlexEdit } from '../../domain/stash/plex-edit';
import type { SceneMetadataClient } from '../../providers/plex/scene-metadata';
import type { StashClient, StashScene } from '../../providers/stash';
import { recordStashPoster, recordStashPush, type StashSceneRecord } from '../../store/stash-scenes';

export interface PushOptions extends MetadataOptions {
  preservePlexEdits: boolean;
}

export interface PushResult {
  status: 'pushed' | 'unchanged';
  fields: PushedField[];
  poster: 'uploaded' | 'unchanged' | 'none';
}

/** The Plex item is gone since it was matched: match again. */
export class PlexItemGoneError extends Error {
  constructor(readonly ratingKey: string) {
    super(`Plex item ${ratingKey} no longer exists`);
    this.name = 'PlexItemGoneError';
  }
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** A hash per pushed field (sha256 of its canonical JSON, 16 hex digits: enough to tell a change). */
export function fieldHashes(metadata: SceneMetadata): FieldHashes {
  return Object.fromEntries(Object.entries(fieldValues(metadata)).map(([field, value]) => [field, sha256(value).slice(0, 16)]));
}

export async function pushScene(
  deps: { db: Pool; stash: StashClient; plex: SceneMetadataClient },
  scene: StashScene,
  record: StashSceneRecord & { ratingKey: string; sectionId: number },
  options: PushOptions,
  force: boolean,
): Promise<PushResult> {
  const wanted = sceneMetadata(scene, options);
  const hashes = fieldHashes(wanted);
  const changed = force ? ([...Object.keys(hashes)] as PushedField[]) : changedFields(hashes, record.fieldHashes);
  if (changed.length === 0) return { status: 'unchanged', fields: [], poster: 'none' };
  const current = await deps.plex.item(record.ratingKey);
  if (!current) throw new PlexItemGoneError(record.ratingKey);
  const edit = planPlexEdit(wanted, current, {
    fields: new Set(changed),
    preservePlexEdits: options.preservePlexEdits,
    previousCollection: record.collection,
  });
  if (!isEmptyEdit(edit)) {
    await deps.plex.edit(record.sectionId, record.ratingKey, edit);
    if (edit.rating !== undefined) await deps.plex.rate(record.ratingKey, edit.rating);
  }
  let poster: PushResult['poster'] = 'none';
  if (wanted.poster && changed.includes('poster')) {
    const image = await deps.stash.image(wanted.poster);
    const imageHash = sha256(image.bytes);
    if (!image.contentType.startsWith('image/')) poster = 'none';
    else if (imageHash === record.posterSha256) poster = 'unchanged';
    else {
      await deps.plex.uploadPoster(record.ratingKey, image.bytes, image.contentType);
      await recordStashPoster(deps.db, scene.id, imageHash);
      poster = 'uploaded';
    }
  }
  await recordStashPush(deps.db, {
    sceneId: scene.id,
    fieldHashes: hashes,
    collection: wanted.collection,
    stashUpdatedAt: scene.updated_at,
  });
  return { status: 'pushed', fields: changed, poster };
}
