-- Which database this is. A run carries it in its config fingerprint (DESIGN.md §4): a run planned against one
-- database and resumed by a worker of another must not read plan and snapshot ids that mean something else there.
create table installation (
  singleton boolean primary key default true check (singleton),
  id uuid not null default gen_random_uuid(),
  created_at timestamptz not null default now()
);
insert into installation default values;
