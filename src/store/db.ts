import { Pool } from 'pg';

/** One pool per process; callers close it on shutdown. */
export function createPool(url: string, max = 10): Pool {
  const pool = new Pool({ connectionString: url, max, application_name: 'watchsync' });
  // An idle client that loses its server must not crash the process; the next query reports the error.
  pool.on('error', () => undefined);
  return pool;
}

export type { Pool, PoolClient } from 'pg';
