import { createPool, type Pool } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { services } from './services';

export interface OwnDatabase {
  url: string;
  db: Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A migrated database of the test's own, beside the run's shared one: for work that touches every row of a table
 * (a key rotation, a gap comparison replacing all gaps), which other test files running meanwhile would see.
 */
export async function ownDatabase(name: string, poolSize = 4): Promise<OwnDatabase> {
  const database = `watchsync_${name}_${process.pid}`;
  const admin = createPool(services().databaseUrl, 1);
  try {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`create database ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(services().databaseUrl);
  url.pathname = `/${database}`;
  const db = createPool(url.toString(), poolSize);
  await migrate(db);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.end();
      const admin = createPool(services().databaseUrl, 1);
      await admin.query(`drop database if exists ${database} with (force)`).finally(() => admin.end());
    },
  };
}
