import type { Pool } from 'pg';
import type { FieldHashes } from '../domain/stash/metadata';

/** What watchsync knows of a scene: its Plex item and what it pushed last. */
export interface StashSceneRecord {
  sceneId: string;
  ratingKey?: string;
  sectionId?: number;
  matchMethod?: string;
  confidence?: string;
  fieldHashes: FieldHashes;
  posterSha256?: string;
  collection?: string;
  stashUpdatedAt?: string;
  pushedAt?: string;
  pushes: number;
}

interface Row {
  scene_id: string;
  rating_key: string | null;
  section_id: number | null;
  match_method: string | null;
  confidence: string | null;
  field_hashes: FieldHashes;
  poster_sha256: string | null;
  collection: string | null;
  stash_updated_at: Date | null;
  pushed_at: Date | null;
  pushes: number;
}

const toRecord = (r: Row): StashSceneRecord => ({
  sceneId: r.scene_id,
  ratingKey: r.rating_key ?? undefined,
  sectionId: r.section_id ?? undefined,
  matchMethod: r.match_method ?? undefined,
  confidence: r.confidence ?? undefined,
  fieldHashes: r.field_hashes,
  posterSha256: r.poster_sha256 ?? undefined,
  collection: r.collection ?? undefined,
  stashUpdatedAt: r.stash_updated_at?.toISOString(),
  pushedAt: r.pushed_at?.toISOString(),
  pushes: r.pushes,
});

export async function readStashScene(db: Pool, sceneId: string): Promise<StashSceneRecord | undefined> {
  const { rows } = await db.query<Row>('select * from stash_scenes where scene_id = $1', [sceneId]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function readStashScenes(db: Pool): Promise<StashSceneRecord[]> {
  const { rows } = await db.query<Row>('select * from stash_scenes');
  return rows.map(toRecord);
}

/** Remembers the Plex item a scene matched (the next push starts from it). */
export async function recordStashMatch(
  db: Pool,
  match: { sceneId: string; ratingKey: string; sectionId: number; method: string; confidence: string },
): Promise<void> {
  await db.query(
    `insert into stash_scenes (scene_id, rating_key, section_id, match_method, confidence) values ($1, $2, $3, $4, $5)
     on conflict (scene_id) do update set
       -- another item than before: what was pushed to the old one says nothing about the new one
       field_hashes = case when stash_scenes.rating_key is distinct from excluded.rating_key then '{}'::jsonb else stash_scenes.field_hashes end,
       poster_sha256 = case when stash_scenes.rating_key is distinct from excluded.rating_key then null else stash_scenes.poster_sha256 end,
       rating_key = excluded.rating_key, section_id = excluded.section_id,
       match_method = excluded.match_method, confidence = excluded.confidence`,
    [match.sceneId, match.ratingKey, match.sectionId, match.method, match.confidence],
  );
}

/** The poster landed: recorded at once, so a retried push does not upload it again. */
export async function recordStashPoster(db: Pool, sceneId: string, sha256: string): Promise<void> {
  await db.query('update stash_scenes set poster_sha256 = $2 where scene_id = $1', [sceneId, sha256]);
}

/** The push landed: the hashes of what Plex now shows, and the Stash version it came from. */
export async function recordStashPush(
  db: Pool,
  push: { sceneId: string; fieldHashes: FieldHashes; collection?: string; stashUpdatedAt: string },
): Promise<void> {
  await db.query(
    `update stash_scenes set field_hashes = $2::jsonb, collection = $3, stash_updated_at = $4, pushed_at = now(), pushes = pushes + 1
     where scene_id = $1`,
    [push.sceneId, JSON.stringify(push.fieldHashes), push.collection ?? null, push.stashUpdatedAt],
  );
}

export async function forgetStashScene(db: Pool, sceneId: string): Promise<void> {
  await db.query('delete from stash_scenes where scene_id = $1', [sceneId]);
}

export interface ReconciliationRecord {
  id: number;
  scope: string;
  startedAt: string;
  finishedAt?: string;
  scenes: number;
  gaps: Record<string, number>;
}

export async function startReconciliation(db: Pool, scope: string): Promise<number> {
  const { rows } = await db.query<{ id: string }>('insert into stash_reconciliations (scope) values ($1) returning id', [scope]);
  return Number(rows[0]?.id);
}

export async function finishReconciliation(db: Pool, id: number, scenes: number, gaps: Record<string, number>): Promise<void> {
  await db.query('update stash_reconciliations set finished_at = now(), scenes = $2, gaps = $3::jsonb where id = $1', [
    id,
    scenes,
    JSON.stringify(gaps),
  ]);
}

export async function lastReconciliation(db: Pool): Promise<ReconciliationRecord | undefined> {
  const { rows } = await db.query('select * from stash_reconciliations where finished_at is not null order by finished_at desc limit 1');
  const r = rows[0];
  return r
    ? {
        id: Number(r.id),
        scope: r.scope,
        startedAt: r.started_at.toISOString(),
        finishedAt: r.finished_at?.toISOString(),
        scenes: r.scenes,
        gaps: r.gaps,
      }
    : undefined;
}
