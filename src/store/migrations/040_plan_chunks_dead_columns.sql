-- Nothing ever read a chunk's idempotency key (a chunk is named by its plan and number, and a retried chunk is
-- made safe by its `sending` status), and nothing ever marked a chunk `skipped`: both go.
alter table plan_chunks drop column idempotency_key;
alter table plan_chunks drop constraint plan_chunks_status_check;
alter table plan_chunks add constraint plan_chunks_status_check check (status in ('pending', 'sending', 'done'));
