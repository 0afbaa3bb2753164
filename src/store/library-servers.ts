/** Library import bookkeeping (DESIGN.md §6): servers, their sections, per-kind watermarks and import runs. */
import type { Pool } from 'pg';
import type { ListingKind } from '../domain/library/records';

export interface ServerRow {
  id: string;
  name?: string;
  url: string;
  machineIdentifier: string;
  version: string;
}

export async function upsertServer(db: Pool, server: ServerRow): Promise<{ pathRulesDigest: string | null }> {
  const { rows } = await db.query<{ path_rules_digest: string | null }>(
    `insert into library.servers (id, name, url, machine_identifier, version) values ($1, $2, $3, $4, $5)
     on conflict (id) do update set name = excluded.name, url = excluded.url, machine_identifier = excluded.machine_identifier,
       version = excluded.version, last_seen_at = now()
     returning path_rules_digest`,
    [server.id, server.name ?? null, server.url, server.machineIdentifier, server.version],
  );
  return { pathRulesDigest: rows[0]!.path_rules_digest };
}

export async function savePathRulesDigest(db: Pool, serverId: string, digest: string): Promise<void> {
  await db.query('update library.servers set path_rules_digest = $2 where id = $1', [serverId, digest]);
}

export interface SectionRow {
  key: string;
  title: string;
  type: 'movie' | 'show';
  agent: string;
  scanner: string;
  language: string;
  uuid?: string;
  rootLocations: string[];
  /** Epoch seconds. */
  updatedAt: number;
  scannedAt: number;
  enabled: boolean;
}

export interface SectionState {
  lastFullImportAt?: string;
  watermarks: Partial<Record<ListingKind, number>>;
}

/** Records the server's sections as PMS lists them now; returns each one's import state. */
export async function upsertSections(db: Pool, serverId: string, sections: SectionRow[]): Promise<Map<string, SectionState>> {
  const { rows } = await db.query<{ section_key: string; last_full_import_at: Date | null; watermarks: Record<string, number> }>(
    `insert into library.libraries (server_id, section_key, title, type, agent, scanner, language, uuid, root_locations,
       plex_updated_at, plex_scanned_at, enabled)
     select $1, x.key, x.title, x.type, x.agent, x.scanner, x.language, x.uuid, x.root_locations,
       to_timestamp(x.updated_at), to_timestamp(x.scanned_at), x.enabled
     from jsonb_to_recordset($2::jsonb) as x(key text, title text, type text, agent text, scanner text, language text, uuid text,
       root_locations text[], updated_at bigint, scanned_at bigint, enabled boolean)
     on conflict (server_id, section_key) do update set title = excluded.title, type = excluded.type, agent = excluded.agent,
       scanner = excluded.scanner, language = excluded.language, uuid = excluded.uuid, root_locations = excluded.root_locations,
       plex_updated_at = excluded.plex_updated_at, plex_scanned_at = excluded.plex_scanned_at, enabled = excluded.enabled
     returning section_key, last_full_import_at, watermarks`,
    [
      serverId,
      JSON.stringify(
        sections.map((s) => ({
          key: s.key,
          title: s.title,
          type: s.type,
          agent: s.agent,
          scanner: s.scanner,
          language: s.language,
          uuid: s.uuid,
          root_locations: s.rootLocations,
          updated_at: s.updatedAt,
          scanned_at: s.scannedAt,
          enabled: s.enabled,
        })),
      ),
    ],
  );
  return new Map(
    rows.map((row) => [row.section_key, { lastFullImportAt: row.last_full_import_at?.toISOString(), watermarks: row.watermarks }]),
  );
}

/** After a complete listing of one kind: its watermark, and when the section was last imported. */
export async function recordListing(
  db: Pool,
  serverId: string,
  sectionKey: string,
  kind: ListingKind,
  mode: 'full' | 'incremental',
  watermark: number | undefined,
): Promise<void> {
  await db.query(
    `update library.libraries set
       watermarks = case when $4::bigint is null then watermarks else watermarks || jsonb_build_object($3::text, $4::bigint) end,
       last_full_import_at = case when $5 = 'full' then now() else last_full_import_at end,
       last_incremental_import_at = case when $5 = 'incremental' then now() else last_incremental_import_at end
     where server_id = $1 and section_key = $2`,
    [serverId, sectionKey, kind, watermark ?? null, mode],
  );
}

export async function startRun(db: Pool, runId: string, serverId: string, mode: string): Promise<void> {
  await db.query(
    `insert into library.runs (run_id, server_id, mode) values ($1, $2, $3)
     on conflict (run_id) do nothing`,
    [runId, serverId, mode],
  );
}

export async function finishRun(db: Pool, runId: string, result: unknown): Promise<void> {
  await db.query('update library.runs set finished_at = now(), result = $2 where run_id = $1', [runId, JSON.stringify(result)]);
}

/** Entries of the last full listing of a kind that could not be stored (they failed their schema): PMS counts them, the tables do not. */
export async function unstoredCount(db: Pool, serverId: string, sectionKey: string, kind: ListingKind): Promise<number> {
  const { rows } = await db.query<{ n: string | null }>(
    'select watermarks ->> $3 as n from library.libraries where server_id = $1 and section_key = $2',
    [serverId, sectionKey, `${kind}:unstored`],
  );
  return Number(rows[0]?.n ?? 0);
}

export async function saveUnstoredCount(
  db: Pool,
  serverId: string,
  sectionKey: string,
  kind: ListingKind,
  unstored: number,
): Promise<void> {
  await db.query(
    'update library.libraries set watermarks = watermarks || jsonb_build_object($3::text, $4::bigint) where server_id = $1 and section_key = $2',
    [serverId, sectionKey, `${kind}:unstored`, unstored],
  );
}
