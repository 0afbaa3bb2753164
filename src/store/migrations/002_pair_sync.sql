-- Pair sync (DESIGN.md §4): snapshots, baselines, plans in chunks, unresolved items, and the provider
-- state that must survive restarts (Trakt tokens, ETag shadows, GUID memo).

-- Trakt OAuth tokens per account. Refresh tokens are single-use: written before they are used.
create table trakt_tokens (
  account text primary key,
  access_token text not null,
  refresh_token text not null,
  expires_at timestamptz not null,
  scope text,
  updated_at timestamptz not null default now()
);

-- One side's records for one feature, as indexed (step 1). Records are domain JSON (Play/Rating/WatchlistEntry).
create table snapshots (
  id bigserial primary key,
  pair_id text not null,
  side text not null check (side in ('source', 'target')),
  provider text not null check (provider in ('plex', 'trakt')),
  feature text not null check (feature in ('history', 'ratings', 'watchlist')),
  complete boolean not null,
  item_count integer not null,
  -- What makes the next read incremental (Trakt last_activities stamp, PMS viewedAt watermark, ETag).
  checkpoint jsonb,
  records jsonb not null,
  created_at timestamptz not null default now()
);
create index snapshots_latest on snapshots (pair_id, side, feature, id desc);

-- What each side held when the pair was last confirmed in step (step 5).
create table baselines (
  pair_id text not null,
  side text not null check (side in ('source', 'target')),
  feature text not null,
  records jsonb not null,
  committed_at timestamptz not null default now(),
  primary key (pair_id, side, feature)
);

-- A plan (step 2): the workflow sees its id and counts, never the items.
create table plans (
  id bigserial primary key,
  pair_id text not null,
  feature text not null,
  source_snapshot bigint not null references snapshots (id),
  target_snapshot bigint not null references snapshots (id),
  summary jsonb not null,
  guards jsonb not null,
  approved_at timestamptz,
  created_at timestamptz not null default now()
);

-- Writes of a plan in chunks (step 3). `sending` marks a chunk whose request may have reached the service:
-- a retry checks the destination before sending again.
create table plan_chunks (
  plan_id bigint not null references plans (id) on delete cascade,
  chunk_no integer not null,
  destination text not null check (destination in ('source', 'target')),
  op text not null check (op in ('add', 'remove')),
  needs_approval boolean not null default false,
  idempotency_key text not null,
  records jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'done', 'skipped')),
  result jsonb,
  attempts integer not null default 0,
  updated_at timestamptz not null default now(),
  primary key (plan_id, chunk_no)
);

-- Items that failed permanently (step 4), skipped until thawed.
create table unresolved (
  pair_id text not null,
  feature text not null,
  destination text not null check (destination in ('source', 'target')),
  item_key text not null,
  record jsonb not null,
  reason text not null,
  attempts integer not null default 1,
  first_attempt_at timestamptz not null default now(),
  last_attempt_at timestamptz not null default now(),
  retry_after timestamptz,
  primary key (pair_id, feature, destination, item_key)
);

-- Trakt watchlist ETag shadow: a 304 reuses the stored body.
create table trakt_etags (
  account text not null,
  endpoint text not null,
  etag text not null,
  body jsonb not null,
  primary key (account, endpoint)
);

-- Plex fallback-GUID lookups, hits and misses (ids null = known miss), keyed type|guid|parentGuid|grandparentGuid.
create table guid_memo (
  memo_key text primary key,
  ids jsonb,
  looked_up_at timestamptz not null default now()
);

-- Plays written to Plex: PMS stamps them "now", so the next run must know they echo a play from the other side.
create table plex_play_echoes (
  pair_id text not null,
  item_key text not null,
  written_at timestamptz not null,
  origin_watched_at timestamptz not null,
  primary key (pair_id, item_key, written_at)
);
