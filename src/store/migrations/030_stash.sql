-- Stash → Plex metadata push (DESIGN.md §7): per scene, the Plex item it maps to and what was pushed (a hash per
-- field, the poster image's sha256, the studio collection watchsync owns), and the reconciliation runs.
create table stash_scenes (
  scene_id text primary key,
  rating_key text,
  section_id integer,
  match_method text,
  confidence text,
  field_hashes jsonb not null default '{}',
  poster_sha256 text,
  collection text,
  stash_updated_at timestamptz,
  pushed_at timestamptz,
  pushes integer not null default 0
);
create index stash_scenes_rating_key on stash_scenes (rating_key);

create table stash_reconciliations (
  id bigserial primary key,
  scope text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  scenes integer not null default 0,
  gaps jsonb not null default '{}'
);
