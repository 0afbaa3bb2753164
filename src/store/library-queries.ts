/** Read-only questions asked of the library tables: `watchsync library search|stats|unmapped`, the Stash gap comparison. */
import type { Pool } from 'pg';
import type { ImportedSection } from '../domain/stash/gap-source';

export interface SearchHit {
  serverId: string;
  serverName: string | null;
  section: string;
  type: 'movie' | 'show';
  ratingKey: string;
  title: string;
  year: number | null;
  state: string;
  /** `imdb:tt0903747`, `tvdb:81189`, … */
  externalIds: string[];
  episodes: number | null;
}

/** Active movies and shows whose title contains `text` (any case), across servers, with what tells them apart. */
export async function searchLibrary(db: Pool, text: string, year?: number): Promise<SearchHit[]> {
  const { rows } = await db.query(
    `with hits as (
       select 'movie' as type, server_id, section_key, rating_key, title, year, state from library.movies
       where lower(title) like '%' || lower($1) || '%' and ($2::int is null or year = $2) and state <> 'deleted'
       union all
       select 'show', server_id, section_key, rating_key, title, year, state from library.shows
       where lower(title) like '%' || lower($1) || '%' and ($2::int is null or year = $2) and state <> 'deleted')
     select h.*, s.name as server_name, l.title as section_title,
       coalesce((select array_agg(x.source || ':' || x.value order by x.source, x.value) from library.external_ids x
                 where x.server_id = h.server_id and x.rating_key = h.rating_key and x.source <> 'plex'), '{}') as external_ids,
       case when h.type = 'show' then (select count(*) from library.episodes e
         where e.server_id = h.server_id and e.show_rating_key = h.rating_key and e.state = 'active') end as episodes
     from hits h join library.servers s on s.id = h.server_id
     left join library.libraries l on l.server_id = h.server_id and l.section_key = h.section_key
     order by lower(h.title), h.year nulls last, h.server_id, h.rating_key
     limit 200`,
    [text, year ?? null],
  );
  return rows.map((r) => ({
    serverId: r.server_id,
    serverName: r.server_name,
    section: r.section_title ?? r.section_key,
    type: r.type,
    ratingKey: r.rating_key,
    title: r.title,
    year: r.year,
    state: r.state,
    externalIds: r.external_ids,
    episodes: r.episodes === null ? null : Number(r.episodes),
  }));
}

export interface SectionStats {
  serverId: string;
  sectionKey: string;
  title: string;
  type: string;
  items: Record<'active' | 'missing' | 'deleted', number>;
  episodes: number;
  files: number;
  unmapped: number;
  lastFullImportAt: string | null;
  lastIncrementalImportAt: string | null;
}

export async function libraryStats(db: Pool): Promise<SectionStats[]> {
  const { rows } = await db.query(
    `with items as (
       select server_id, section_key, state from library.movies
       union all select server_id, section_key, state from library.shows),
     counts as (select server_id, section_key, count(*) filter (where state = 'active') as active,
                  count(*) filter (where state = 'missing') as missing, count(*) filter (where state = 'deleted') as deleted
                from items group by 1, 2),
     episodes as (select server_id, section_key, count(*) as n from library.episodes where state = 'active' group by 1, 2),
     files as (select server_id, section_key, count(*) as n, count(*) filter (where mapping = 'unmapped') as unmapped
               from library.media_files where state = 'active' group by 1, 2)
     select l.server_id, l.section_key, l.title, l.type, l.last_full_import_at, l.last_incremental_import_at,
       coalesce(c.active, 0) as active, coalesce(c.missing, 0) as missing, coalesce(c.deleted, 0) as deleted,
       coalesce(e.n, 0) as episodes, coalesce(f.n, 0) as files, coalesce(f.unmapped, 0) as unmapped
     from library.libraries l
     left join counts c using (server_id, section_key)
     left join episodes e using (server_id, section_key)
     left join files f using (server_id, section_key)
     where l.last_full_import_at is not null or c.active is not null
     order by l.server_id, l.section_key`,
  );
  return rows.map((r) => ({
    serverId: r.server_id,
    sectionKey: r.section_key,
    title: r.title,
    type: r.type,
    items: { active: Number(r.active), missing: Number(r.missing), deleted: Number(r.deleted) },
    episodes: Number(r.episodes),
    files: Number(r.files),
    unmapped: Number(r.unmapped),
    lastFullImportAt: r.last_full_import_at?.toISOString() ?? null,
    lastIncrementalImportAt: r.last_incremental_import_at?.toISOString() ?? null,
  }));
}

export interface UnmappedFile {
  serverId: string;
  section: string;
  ratingKey: string;
  plexPath: string;
}

export async function unmappedFiles(
  db: Pool,
  serverId: string | undefined,
  limit: number,
): Promise<{ total: number; files: UnmappedFile[] }> {
  const where = `state = 'active' and mapping = 'unmapped' and ($1::text is null or server_id = $1)`;
  const [{ rows: total }, { rows }] = await Promise.all([
    db.query(`select count(*) as n from library.media_files where ${where}`, [serverId ?? null]),
    db.query(
      `select server_id, section_key, rating_key, plex_path from library.media_files where ${where} order by server_id, plex_path limit $2`,
      [serverId ?? null, limit],
    ),
  ]);
  return {
    total: Number(total[0].n),
    files: rows.map((r) => ({ serverId: r.server_id, section: r.section_key, ratingKey: r.rating_key, plexPath: r.plex_path })),
  };
}

/** Every section the import recorded for a server, with when its last complete listing (full or incremental) ended. */
export async function importedSections(db: Pool, serverId: string): Promise<ImportedSection[]> {
  const { rows } = await db.query(
    `select section_key, type, agent, enabled, greatest(last_full_import_at, last_incremental_import_at) as listed_at
     from library.libraries where server_id = $1 order by section_key`,
    [serverId],
  );
  return rows.map((r) => ({
    key: r.section_key,
    type: r.type,
    agent: r.agent ?? undefined,
    enabled: r.enabled,
    listedAtMs: r.listed_at?.getTime(),
  }));
}

export interface ImportedFile {
  sectionKey: string;
  ratingKey: string;
  plexPath: string;
  title: string;
}

/** The files of the active movies of some sections, as the import last listed them: what a listing of Plex would show. */
export async function importedMovieFiles(db: Pool, serverId: string, sectionKeys: readonly string[]): Promise<ImportedFile[]> {
  const { rows } = await db.query(
    `select f.section_key, f.rating_key, f.plex_path, m.title
     from library.media_files f join library.movies m on m.server_id = f.server_id and m.rating_key = f.rating_key
     where f.server_id = $1 and f.section_key = any($2::text[]) and f.item_type = 'movie' and f.state = 'active'
       and f.plex_path is not null and m.state = 'active'
     order by f.plex_path, f.rating_key`,
    [serverId, sectionKeys],
  );
  return rows.map((r) => ({ sectionKey: r.section_key, ratingKey: r.rating_key, plexPath: r.plex_path, title: r.title }));
}
