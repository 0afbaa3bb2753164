-- Sessions the live scrobbler has told Trakt about and whose play Trakt has not confirmed yet: `live` from the
-- first call of a session, `stopping` from just before its stop is sent. A pair sync holds back the plays of
-- these items on that server until the next run, instead of adding a play the stop is about to add too (issue 10).
create table scrobble_sessions (
  server_uuid text not null,
  session_key text not null,
  item jsonb not null,
  state text not null check (state in ('live', 'stopping')),
  seen_at timestamptz not null default now(),
  primary key (server_uuid, session_key)
);
