-- Live scrobbling (DESIGN.md §5): every play Trakt recorded from a scrobbling stop, so the pair sync's history
-- feature never adds it a second time (it asks `scrobbledPlaysBetween` and matches within its tolerance window).
create table scrobbled_plays (
  id bigserial primary key,
  server_uuid text not null,
  session_key text not null,
  -- canonicalKey(item) names the play; match_keys (every key of the item) is what lookups match on.
  item_key text not null,
  match_keys text[] not null,
  item jsonb not null,
  watched_at timestamptz not null,
  trakt_history_id bigint,
  -- The activity that recorded it (workflow/run/activity id): a retried activity writes once.
  dispatch_key text not null unique,
  created_at timestamptz not null default now()
);
create index scrobbled_plays_keys on scrobbled_plays using gin (match_keys);
create index scrobbled_plays_watched_at on scrobbled_plays (watched_at);
