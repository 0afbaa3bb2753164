import { loadConfig } from '../config';
import { createPool } from '../store/db';
import { migrate } from '../store/migrate';

/** Runs `fn` with a migrated database of the config (one connection), closed afterwards. */
export async function withDb<T>(fn: (db: ReturnType<typeof createPool>) => Promise<T>, config = loadConfig()): Promise<T> {
  const db = createPool(config.database.url, 1);
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.end();
  }
}
