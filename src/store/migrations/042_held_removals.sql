-- Since when a pair's feature has had removals held for approval with no decision (issue 10): held removals keep
-- the previous baseline (they are planned and held again each run) until they are approved, rejected, or have
-- waited longer than the pair sync's expiry, when they are dropped and the run reports them as expired.
create table held_removals (
  pair_id text not null,
  feature text not null,
  held_since timestamptz not null default now(),
  primary key (pair_id, feature)
);
