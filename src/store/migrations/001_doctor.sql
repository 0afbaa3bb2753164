-- End-to-end health probes written by the `doctor` workflow: proof that the worker, Temporal and
-- PostgreSQL work together.
create table doctor_probes (
  id bigserial primary key,
  workflow_id text not null,
  probed_at timestamptz not null default now()
);
