import { type Pool, type PoolClient, withClient } from './db';

/** The head of a process's writers polls the lock this often; a short period keeps the hand-over close to the interval. */
const retryLockEveryMs = 20;

/** Per account, the end of this process's queue of writers. */
const queuedHere = new Map<string, Promise<void>>();

const sleep = async (ms: number) => {
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
};

/**
 * Trakt allows one write a second per user, counted across every process writing for that user. The writes
 * queue's server-side rate limit only holds on average (each task-queue partition limits on its own), and each
 * Trakt client paces only its own process, so two workers could still send two writes within a second.
 * Writes of one account therefore take turns through a PostgreSQL advisory lock, held for the send only: the
 * writer records in `trakt_write_turns` when the next write may go (`intervalMs` after its own), and the next
 * writer, from any process, takes the lock and waits until then. The hand-over (unlock, connect, lock) happens
 * during that wait instead of after it, and `check` (see `WriteTurn`) runs before it too, so the sends themselves
 * are spaced by the interval and nothing more.
 */
export async function inTraktWriteTurn<T>(
  db: Pool,
  account: string,
  intervalMs: number,
  write: () => Promise<T>,
  check?: () => Promise<void>,
): Promise<T> {
  // Writers of this process queue here first, in order, so only the head polls the lock: the next one is
  // handed the turn the moment the lock is released instead of at its next poll (and the pool is spared).
  const previous = queuedHere.get(account) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => {
    done = resolve;
  });
  const tail = previous.then(() => mine);
  queuedHere.set(account, tail);
  await previous;
  try {
    return await inLockedTurn(db, account, intervalMs, write, check);
  } finally {
    done();
    if (queuedHere.get(account) === tail) queuedHere.delete(account);
  }
}

async function inLockedTurn<T>(
  db: Pool,
  account: string,
  intervalMs: number,
  write: () => Promise<T>,
  check: (() => Promise<void>) | undefined,
): Promise<T> {
  const lockName = `watchsync:trakt-writes:${account}`;
  return withClient(db, async (client) => {
    await acquire(client, lockName);
    try {
      await check?.();
      const { rows } = await client.query<{ next_at: Date }>('select next_at from trakt_write_turns where account = $1', [account]);
      // At most one interval: a clock that jumped back must not stall every write.
      await sleep(Math.min((rows[0]?.next_at.getTime() ?? 0) - Date.now(), intervalMs));
      const sentAt = Date.now();
      // Sent beside the write (one session runs it first): a writer that dies mid-write has still booked the next turn.
      const booked = client.query(
        `insert into trakt_write_turns (account, next_at) values ($1, $2)
         on conflict (account) do update set next_at = excluded.next_at`,
        [account, new Date(sentAt + intervalMs)],
      );
      try {
        return await write();
      } finally {
        // Lost only with its session (a database restart): the next writer then waits on the lock alone, and a 429
        // that may follow is Temporal's to retry. The write itself stands either way.
        await booked.catch(() => undefined);
      }
    } finally {
      // An unlock fails only with its session (a database restart), which took the lock with it: the write stands.
      await client.query('select pg_advisory_unlock(hashtext($1))', [lockName]).catch(() => undefined);
    }
  });
}

/** Polls for the lock in `client`'s session (only the head of this process's queue polls, see above). */
async function acquire(client: PoolClient, lockName: string): Promise<void> {
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [lockName]);
    if (rows[0]?.locked) return;
    await sleep(retryLockEveryMs);
  }
}
