import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { services } from '../support/services';

describe('migrations', () => {
  let db: Pool;
  const schema = `migrate_test_${process.pid}_${Date.now()}`;
  beforeAll(async () => {
    const url = new URL(services().databaseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    db = createPool(url.toString(), 4);
    await db.query(`create schema ${schema}`);
  });
  afterAll(async () => {
    await db.query(`drop schema ${schema} cascade`);
    await db.end();
  });

  it('applies ordered files once, even when several processes start at the same time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(dir, '002_second.sql'), "insert into things (name) values ('second');");
    writeFileSync(join(dir, '001_first.sql'), 'create table things (name text);');
    writeFileSync(join(dir, 'notes.txt'), 'not a migration');
    const results = await Promise.all([migrate(db, dir), migrate(db, dir), migrate(db, dir)]);
    expect(results.flatMap((r) => r.applied)).toEqual(['001_first.sql', '002_second.sql']);
    const { rows } = await db.query('select name from things');
    expect(rows).toEqual([{ name: 'second' }]);
  });

  it('rolls back a failing file and names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(dir, '001_ok.sql'), 'create table ok_table (id int);');
    writeFileSync(join(dir, '002_broken.sql'), 'create table half_done (id int); select * from no_such_table;');
    await expect(migrate(db, dir)).rejects.toThrow(/002_broken\.sql failed/);
    const { rows } = await db.query(
      "select to_regclass('half_done') as t, (select count(*) from schema_migrations where name = '002_broken.sql') as n",
    );
    expect(rows[0]).toEqual({ t: null, n: '0' });
  });
});
