import type { Pool } from 'pg';

/** The id of this database, made by its first migration run (010_installation.sql). */
export async function installationId(db: Pool): Promise<string> {
  const { rows } = await db.query<{ id: string }>('select id from installation');
  return rows[0]!.id;
}
