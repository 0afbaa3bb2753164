-- The Trakt user behind each stored token, learnt once per login or refresh (GET /users/settings), and the Trakt
-- user each pair is bound to on its first run: like plex_accounts, a pair refuses a token of another user.
alter table trakt_tokens add column username text;
create table trakt_accounts (
  pair_id text primary key,
  username text not null,
  bound_at timestamptz not null default now(),
  seen_at timestamptz not null default now()
);
