/** Gaps between Plex and Stash (migrations 048, 049): what the metadata provider and the full comparison found. */
import type { Pool } from 'pg';
import type { PlexFileSource } from '../domain/stash/gap-source';
import { inTransaction } from './db';

export type GapKind = 'plex-only' | 'stash-only';

export interface StashGap {
  kind: GapKind;
  plexPath?: string;
  stashPath?: string;
  sceneId?: string;
  ratingKey?: string;
  title?: string;
  foundBy: 'match' | 'comparison';
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** A file Plex asked the provider about that no scene has. */
export async function recordUnmatchedFile(db: Pool, file: { plexPath: string; stashPath?: string; title?: string }): Promise<void> {
  await db.query(
    `insert into stash_gaps (kind, gap_key, plex_path, stash_path, title, found_by) values ('plex-only', $1, $1, $2, $3, 'match')
     on conflict (kind, gap_key) do update set last_seen_at = now(), title = coalesce(excluded.title, stash_gaps.title)`,
    [file.plexPath, file.stashPath ?? null, file.title ?? null],
  );
}

/** Files the provider matched are no longer gaps. */
export async function clearMatchedFiles(db: Pool, plexPaths: readonly string[]): Promise<void> {
  if (plexPaths.length === 0) return;
  await db.query(`delete from stash_gaps where kind = 'plex-only' and gap_key = any($1::text[])`, [plexPaths]);
}

export async function listGaps(db: Pool, kind?: GapKind): Promise<StashGap[]> {
  const { rows } = await db.query(
    `select * from stash_gaps where $1::text is null or kind = $1 order by kind, coalesce(plex_path, stash_path), gap_key`,
    [kind ?? null],
  );
  return rows.map((r) => ({
    kind: r.kind,
    plexPath: r.plex_path ?? undefined,
    stashPath: r.stash_path ?? undefined,
    sceneId: r.scene_id ?? undefined,
    ratingKey: r.rating_key ?? undefined,
    title: r.title ?? undefined,
    foundBy: r.found_by,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
  }));
}

const chunk = 1000;

/** A page of Stash's scenes (one row per file) read by comparison `runId`. */
export async function stageStashScenes(
  db: Pool,
  runId: string,
  scenes: ReadonlyArray<{ sceneId: string; stashPath: string; title?: string }>,
): Promise<void> {
  for (let i = 0; i < scenes.length; i += chunk) {
    const part = scenes.slice(i, i + chunk);
    await db.query(
      `insert into stash_gap_scan_scenes (run_id, scene_id, stash_path, title)
       select $1, * from unnest($2::text[], $3::text[], $4::text[]) on conflict do nothing`,
      [runId, part.map((s) => s.sceneId), part.map((s) => s.stashPath), part.map((s) => s.title ?? null)],
    );
  }
}

/** Drops what an earlier attempt of the Plex read staged: each attempt stages one source's complete listing. */
export async function clearStagedPlexFiles(db: Pool, runId: string): Promise<void> {
  await db.query('delete from stash_gap_scan_files where run_id = $1', [runId]);
}

/** Plex's files (one row per media part) read by comparison `runId`, with their paths mapped to Stash's. */
export async function stagePlexFiles(
  db: Pool,
  runId: string,
  files: ReadonlyArray<{ ratingKey: string; plexPath: string; stashPath: string; title?: string }>,
): Promise<void> {
  for (let i = 0; i < files.length; i += chunk) {
    const part = files.slice(i, i + chunk);
    await db.query(
      `insert into stash_gap_scan_files (run_id, rating_key, plex_path, stash_path, title)
       select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[]) on conflict do nothing`,
      [runId, part.map((f) => f.ratingKey), part.map((f) => f.plexPath), part.map((f) => f.stashPath), part.map((f) => f.title ?? null)],
    );
  }
}

export async function startComparison(db: Pool, runId: string): Promise<void> {
  await db.query('delete from stash_gap_scan_scenes where run_id = $1', [runId]);
  await clearStagedPlexFiles(db, runId);
  await db.query('insert into stash_gap_comparisons (run_id) values ($1) on conflict (run_id) do update set started_at = now()', [runId]);
}

/** Where comparison `runId` read Plex's files from. */
export async function recordPlexSource(db: Pool, runId: string, source: PlexFileSource): Promise<void> {
  await db.query('update stash_gap_comparisons set plex_source = $2 where run_id = $1', [runId, JSON.stringify(source)]);
}

export interface ComparisonCounts {
  stashScenes: number;
  plexFiles: number;
  plexOnly: number;
  stashOnly: number;
  /** Absent only for a comparison whose Plex side was read before watchsync recorded where from. */
  plexSource?: PlexFileSource;
}

export interface FinishedComparison extends ComparisonCounts {
  finishedAt: Date;
}

/** The last comparison that replaced the gaps. */
export async function lastComparison(db: Pool): Promise<FinishedComparison | undefined> {
  const { rows } = await db.query('select * from stash_gap_comparisons where finished_at is not null order by finished_at desc limit 1');
  const row = rows[0];
  if (!row) return undefined;
  return {
    finishedAt: row.finished_at,
    stashScenes: row.stash_scenes,
    plexFiles: row.plex_files,
    plexOnly: row.plex_only,
    stashOnly: row.stash_only,
    plexSource: row.plex_source ?? undefined,
  };
}

/**
 * Replaces every gap with what comparison `runId` read (both sides complete): a file whose mapped path no scene has
 * is plex-only, a scene none of whose files Plex lists is stash-only. Gaps that no longer hold are gone; those that
 * still hold keep when they were first seen. The staged rows are dropped.
 */
export async function finishComparison(db: Pool, runId: string): Promise<ComparisonCounts> {
  return inTransaction(db, async (tx) => {
    const found = await tx.query<{ kind: GapKind; gap_key: string }>(
      `with plex_only as (
         select distinct on (f.plex_path) f.plex_path as gap_key, f.plex_path, f.stash_path, null::text as scene_id, f.rating_key, f.title
         from stash_gap_scan_files f
         where f.run_id = $1 and not exists (select 1 from stash_gap_scan_scenes s where s.run_id = $1 and s.stash_path = f.stash_path)
         order by f.plex_path, f.rating_key
       ), stash_only as (
         select s.scene_id as gap_key, null::text as plex_path, min(s.stash_path) as stash_path, s.scene_id, null::text as rating_key, min(s.title) as title
         from stash_gap_scan_scenes s
         where s.run_id = $1
         group by s.scene_id
         having not bool_or(exists (select 1 from stash_gap_scan_files f where f.run_id = $1 and f.stash_path = s.stash_path))
       ), found as (
         select 'plex-only' as kind, * from plex_only union all select 'stash-only' as kind, * from stash_only
       )
       insert into stash_gaps (kind, gap_key, plex_path, stash_path, scene_id, rating_key, title, found_by)
       select kind, gap_key, plex_path, stash_path, scene_id, rating_key, title, 'comparison' from found
       on conflict (kind, gap_key) do update set last_seen_at = now(), found_by = 'comparison',
         plex_path = excluded.plex_path, stash_path = excluded.stash_path, scene_id = excluded.scene_id,
         rating_key = excluded.rating_key, title = excluded.title
       returning kind, gap_key`,
      [runId],
    );
    const kept = found.rows;
    await tx.query(
      `delete from stash_gaps g where not exists (
         select 1 from unnest($1::text[], $2::text[]) as k(kind, gap_key) where k.kind = g.kind and k.gap_key = g.gap_key)`,
      [kept.map((r) => r.kind), kept.map((r) => r.gap_key)],
    );
    const counts = await tx.query<{ scenes: string; files: string; plex_source: PlexFileSource | null }>(
      `select (select count(distinct scene_id) from stash_gap_scan_scenes where run_id = $1) as scenes,
              (select count(*) from stash_gap_scan_files where run_id = $1) as files,
              (select plex_source from stash_gap_comparisons where run_id = $1) as plex_source`,
      [runId],
    );
    const result: ComparisonCounts = {
      stashScenes: Number(counts.rows[0]?.scenes ?? 0),
      plexFiles: Number(counts.rows[0]?.files ?? 0),
      plexOnly: kept.filter((r) => r.kind === 'plex-only').length,
      stashOnly: kept.filter((r) => r.kind === 'stash-only').length,
      ...(counts.rows[0]?.plex_source ? { plexSource: counts.rows[0].plex_source } : {}),
    };
    await tx.query(
      `update stash_gap_comparisons set finished_at = now(), stash_scenes = $2, plex_files = $3, plex_only = $4, stash_only = $5 where run_id = $1`,
      [runId, result.stashScenes, result.plexFiles, result.plexOnly, result.stashOnly],
    );
    await tx.query('delete from stash_gap_scan_scenes where run_id = $1', [runId]);
    await tx.query('delete from stash_gap_scan_files where run_id = $1', [runId]);
    return result;
  });
}
