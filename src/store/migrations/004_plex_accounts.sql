-- The Plex account each pair syncs, bound on its first run. Every run resolves the token's account again and
-- compares: a token that now belongs to someone else stops the run instead of syncing (and, two-way, removing
-- by) another person's plays, ratings and watchlist. `watchsync forget <pair>` unbinds it.
create table plex_accounts (
  pair_id text primary key,
  uuid text not null,
  plex_tv_id bigint not null,
  username text not null,
  -- The PMS accountID of history rows; null without a PMS.
  account_id integer,
  managed boolean not null,
  bound_at timestamptz not null default now(),
  seen_at timestamptz not null default now()
);
