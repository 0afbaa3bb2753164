-- When an account's next Trakt write may be sent, across every process (issue 10): the writer records it as it
-- sends, so the advisory lock is held only for the send and the next writer waits on this time, not on a hand-over.
create table trakt_write_turns (
  account text primary key,
  next_at timestamptz not null
);
