import { type Pool, type PoolClient, withClient } from './db';

/** The head of a process's writers polls the lock this often; a short period keeps the hand-over close to the interval. */
const retryLockEveryMs = 20;

/** Per account, the end of this process's queue of writers. */
const queuedHere = new Map<string, Promise<void>>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Trakt allows one write a second per user, counted across every process writing for that user. The writes
 * queue's server-side rate limit only holds on average (each task-queue partition limits on its own), and each
 * Trakt client paces only its own process, so two workers could still send two writes within a second.
 * Writes of one account therefore take turns through a PostgreSQL advisory lock, held until `intervalMs` after
 * the write was sent: the next write, from any process, is sent no sooner. A worker that dies mid-write drops its
 * session and so its turn.
 */
export async function inTraktWriteTurn<T>(db: Pool, account: string, intervalMs: number, write: () => Promise<T>): Promise<T> {
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
    return await inLockedTurn(db, account, intervalMs, write);
  } finally {
    done();
    if (queuedHere.get(account) === tail) queuedHere.delete(account);
  }
}

async function inLockedTurn<T>(db: Pool, account: string, intervalMs: number, write: () => Promise<T>): Promise<T> {
  const lockName = `watchsync:trakt-writes:${account}`;
  return withClient(db, async (client) => {
    await acquire(client, lockName);
    try {
      const sentAt = Date.now();
      try {
        return await write();
      } finally {
        await sleep(sentAt + intervalMs - Date.now());
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
