import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Pool, withClient } from './db';

export const migrationsDir = join(__dirname, 'migrations');

/** Any fixed number; it only has to be the same for every watchsync process. */
const migrationLock = 7_310_420;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies the ordered SQL files (NNN_name.sql) that have not run yet, each in its own transaction, and records
 * them. A session advisory lock makes concurrent starters (worker, bridge, tests) wait instead of racing.
 */
export async function migrate(pool: Pool, dir = migrationsDir): Promise<MigrationResult> {
  const files = readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort();
  return withClient(pool, async (client) => {
    await client.query('select pg_advisory_lock($1)', [migrationLock]);
    try {
      await client.query(
        'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())',
      );
      const done = new Set((await client.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name));
      const applied: string[] = [];
      for (const file of files) {
        if (done.has(file)) continue;
        await client.query('begin');
        try {
          await client.query(readFileSync(join(dir, file), 'utf8'));
          await client.query('insert into schema_migrations (name) values ($1)', [file]);
          await client.query('commit');
        } catch (error) {
          await client.query('rollback');
          throw new Error(`migration ${file} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(file);
      }
      return { applied, alreadyApplied: done.size };
    } finally {
      await client.query('select pg_advisory_unlock($1)', [migrationLock]).catch(() => undefined);
    }
  });
}
