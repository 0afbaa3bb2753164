-- Sides of a plan whose Trakt list answered 420 (account limit) in this run: no further add is sent to them, and
-- their remaining adds are frozen at once (issue 10).
alter table plans add column account_limited text[] not null default '{}';
