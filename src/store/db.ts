import { Pool, type PoolClient } from 'pg';

/** One pool per process; callers close it on shutdown. */
export function createPool(url: string, max = 10): Pool {
  const pool = new Pool({ connectionString: url, max, application_name: 'watchsync' });
  // An idle client that loses its server must not crash the process; the next query reports the error.
  pool.on('error', () => undefined);
  return pool;
}

export type { Pool, PoolClient } from 'pg';

/** One round trip: the database answers (for `watchsync health`). */
export async function ping(db: Pool): Promise<void> {
  await db.query('select 1');
}

/**
 * Runs `work` with a client checked out of the pool, for work that needs one session (a transaction, an advisory
 * lock). A checked-out client has no listener of the pool's: when its server goes away (a restart's 57P01, a cut
 * connection) while `work` awaits something else, node would treat the client's 'error' as uncaught and end the
 * process. Here it is kept instead: the next query on the client fails (an activity failure the engine retries).
 * A client whose session was lost, or whose work threw, is dropped from the pool rather than reused: its locks and
 * any open transaction end with the session.
 */
export async function withClient<T>(db: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost ??= error;
  };
  client.on('error', onError);
  let failed: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    failed = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(lost ?? failed);
  }
}

/** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
export function inTransaction<T>(db: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return withClient(db, async (client) => {
    await client.query('begin');
    try {
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      // The error that matters is `error`: a rollback that fails too has lost its session, which rolls back anyway.
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  });
}
