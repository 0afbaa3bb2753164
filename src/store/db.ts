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

/** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(db: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}
