-- Plex library import (DESIGN.md §6): every configured server's sections, items, external ids and media files,
-- for other programs to query. One schema, `library`. Items are keyed by server and ratingKey, never by title.
-- State of items and files: active, missing (not listed by a complete listing since missing_since) or
-- deleted (missing longer than the retention period). Nothing here is ever removed by watchsync.
create schema if not exists library;

create table library.servers (
  id text primary key,
  name text,
  -- The PMS address (the token lives in the config file only).
  url text not null,
  machine_identifier text,
  version text,
  -- Digest of the server's path mapping rules when its files were last mapped: other rules mean a full re-import.
  path_rules_digest text,
  first_imported_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);

create table library.libraries (
  server_id text not null references library.servers (id),
  section_key text not null,
  title text not null,
  type text not null check (type in ('movie', 'show')),
  agent text,
  scanner text,
  language text,
  uuid text,
  root_locations text[] not null default '{}',
  plex_updated_at timestamptz,
  plex_scanned_at timestamptz,
  last_full_import_at timestamptz,
  last_incremental_import_at timestamptz,
  -- Per listing kind (movie, show, episode): the newest Plex updatedAt (epoch seconds) of the last complete listing.
  watermarks jsonb not null default '{}',
  enabled boolean not null default true,
  primary key (server_id, section_key)
);

-- Columns every item table shares.
create table library.movies (
  server_id text not null references library.servers (id),
  rating_key text not null,
  section_key text not null,
  title text not null,
  sort_title text,
  year integer,
  summary text,
  content_rating text,
  studio text,
  genres text[] not null default '{}',
  originally_available date,
  duration_ms bigint,
  guid text,
  plex_added_at timestamptz,
  plex_updated_at timestamptz,
  state text not null default 'active' check (state in ('active', 'missing', 'deleted')),
  missing_since timestamptz,
  deleted_at timestamptz,
  -- What the row was written from (metadata and media), so an unchanged item is not written again.
  digest text not null,
  media_digest text not null,
  -- The import run that last listed the item: a complete listing marks the others missing.
  seen_run text not null,
  imported_at timestamptz not null default now(),
  changed_at timestamptz not null default now(),
  primary key (server_id, rating_key)
);

create table library.shows (like library.movies including all, child_count integer, leaf_count integer);
create table library.seasons (like library.movies including all, show_rating_key text not null, season_index integer);
create table library.episodes (
  like library.movies including all,
  show_rating_key text not null,
  season_rating_key text,
  season_index integer,
  episode_index integer
);
alter table library.shows add foreign key (server_id) references library.servers (id);
alter table library.seasons add foreign key (server_id) references library.servers (id);
alter table library.episodes add foreign key (server_id) references library.servers (id);

create index movies_section on library.movies (server_id, section_key, state);
create index shows_section on library.shows (server_id, section_key, state);
create index seasons_section on library.seasons (server_id, section_key, state);
create index episodes_section on library.episodes (server_id, section_key, state);
create index seasons_show on library.seasons (server_id, show_rating_key);
create index episodes_show on library.episodes (server_id, show_rating_key, season_index, episode_index);
create index movies_title on library.movies (lower(title));
create index shows_title on library.shows (lower(title));

-- Every external id the GUID parser finds in an item's guid and Guid[] (imdb, tmdb, tvdb, plex, anidb), one row each:
-- "which rows have tvdb 81189" is an index lookup.
create table library.external_ids (
  server_id text not null,
  rating_key text not null,
  item_type text not null check (item_type in ('movie', 'show', 'season', 'episode')),
  source text not null,
  value text not null,
  primary key (server_id, rating_key, source, value)
);
create index external_ids_lookup on library.external_ids (source, value);

-- One row per media part (file) of a movie or episode.
create table library.media_files (
  server_id text not null references library.servers (id),
  part_id bigint not null,
  rating_key text not null,
  item_type text not null check (item_type in ('movie', 'episode')),
  section_key text not null,
  media_id bigint,
  plex_path text,
  -- The path this machine sees: the mapped path, or the Plex path when no rule applies (mapping 'unmapped').
  local_path text,
  mapping text not null,
  size_bytes bigint,
  container text,
  video_codec text,
  audio_codec text,
  resolution text,
  -- Parts of the media version this file belongs to (a movie split over two files has 2).
  part_count integer not null,
  duration_ms bigint,
  state text not null default 'active' check (state in ('active', 'missing', 'deleted')),
  missing_since timestamptz,
  deleted_at timestamptz,
  imported_at timestamptz not null default now(),
  changed_at timestamptz not null default now(),
  primary key (server_id, part_id)
);
create index media_files_item on library.media_files (server_id, rating_key);
create index media_files_unmapped on library.media_files (server_id) where mapping = 'unmapped' and state = 'active';
create index media_files_local_path on library.media_files (local_path);

-- One row per import run (a workflow execution), with its per-section result.
create table library.runs (
  run_id text primary key,
  server_id text not null references library.servers (id),
  mode text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  result jsonb
);
create index runs_server on library.runs (server_id, started_at desc);
