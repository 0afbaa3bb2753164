-- Gaps between Plex and Stash (DESIGN.md §7): files Plex has that no Stash scene has ('plex-only', recorded when the
-- metadata provider cannot match a file, and by the full comparison), and scenes whose file Plex does not list
-- ('stash-only', by the full comparison). The comparison replaces every gap with what it found, so resolved gaps go.
create table stash_gaps (
  kind text not null check (kind in ('plex-only', 'stash-only')),
  -- the Plex path (plex-only) or the scene id (stash-only)
  gap_key text not null,
  plex_path text,
  stash_path text,
  scene_id text,
  rating_key text,
  title text,
  -- 'match' (a provider match request) or 'comparison'
  found_by text not null,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  primary key (kind, gap_key)
);

-- What one comparison read from each side, until it has reconciled the gaps.
create table stash_gap_scan_scenes (
  run_id text not null,
  scene_id text not null,
  stash_path text not null,
  title text,
  primary key (run_id, scene_id, stash_path)
);
create index stash_gap_scan_scenes_path on stash_gap_scan_scenes (run_id, stash_path);

create table stash_gap_scan_files (
  run_id text not null,
  rating_key text not null,
  plex_path text not null,
  -- the Plex path mapped to Stash's (stash.path_mappings), or the Plex path when no rule applies
  stash_path text not null,
  title text,
  primary key (run_id, rating_key, plex_path)
);
create index stash_gap_scan_files_path on stash_gap_scan_files (run_id, stash_path);

create table stash_gap_comparisons (
  run_id text primary key,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  stash_scenes integer,
  plex_files integer,
  plex_only integer,
  stash_only integer
);
