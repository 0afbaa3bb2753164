import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim';
import { createPool, type Pool } from '../../src/store/db';
import { createSecretBox, SecretKeyError } from '../../src/store/secret-box';
import { pgTraktTokenStore } from '../../src/store/trakt-tokens';
import { ownDatabase } from '../support/database';
import { runPairSync } from '../support/pair-run';
import { services } from '../support/services';
import { seedTraktTokens, simConfig } from '../support/sync';
import { writeTestConfig } from '../support/worker-process';

const root = join(__dirname, '..', '..');
const newKey = () => randomBytes(32).toString('base64');
const tokens = () => ({
  accessToken: `access-${randomUUID()}`,
  refreshToken: `refresh-${randomUUID()}`,
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
});

describe('Trakt tokens at rest', () => {
  let db: Pool;
  const raw = async (account: string) =>
    (await db.query('select access_token, refresh_token, key_id from trakt_tokens where account = $1', [account])).rows[0];

  beforeAll(() => {
    db = createPool(services().databaseUrl, 2);
  });
  afterAll(() => db.end());

  it('are sealed in PostgreSQL and open with the key', async () => {
    const box = createSecretBox({ encryption_key: newKey() })!;
    const account = `sealed-${randomUUID()}`;
    const pair = tokens();
    await pgTraktTokenStore(db, box).save(account, pair);
    const row = await raw(account);
    expect(JSON.stringify(row)).not.toContain(pair.accessToken.slice(7));
    expect(JSON.stringify(row)).not.toContain(pair.refreshToken.slice(8));
    expect(row.key_id).toBe(box.keyId);
    expect(await pgTraktTokenStore(db, box).load(account)).toMatchObject({
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
    });
  });

  it('stored in plain text before are sealed the first time they are read', async () => {
    const account = `plain-${randomUUID()}`;
    const pair = tokens();
    await db.query('insert into trakt_tokens (account, access_token, refresh_token, expires_at) values ($1, $2, $3, $4)', [
      account,
      pair.accessToken,
      pair.refreshToken,
      pair.expiresAt,
    ]);
    const box = createSecretBox({ encryption_key: newKey() })!;
    expect(await pgTraktTokenStore(db, box).load(account)).toMatchObject({ accessToken: pair.accessToken });
    const row = await raw(account);
    expect(row.key_id).toBe(box.keyId);
    expect(row.access_token).not.toBe(pair.accessToken);
    expect(await pgTraktTokenStore(db, box).load(account)).toMatchObject({
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
    });
  });

  it('without a key: nothing needed until tokens exist, then an error naming the key', async () => {
    const account = `keyless-${randomUUID()}`;
    expect(await pgTraktTokenStore(db).load(account)).toBeUndefined();
    await expect(pgTraktTokenStore(db).save(account, tokens())).rejects.toThrow(
      /^secrets\.encryption_key \(WATCHSYNC_SECRET_KEY\): not set/,
    );
    await pgTraktTokenStore(db, createSecretBox({ encryption_key: newKey() })).save(account, tokens());
    await expect(pgTraktTokenStore(db).load(account)).rejects.toBeInstanceOf(SecretKeyError);
  });

  it('refuse a wrong key and an altered value, saying which', async () => {
    const box = createSecretBox({ encryption_key: newKey() })!;
    const account = `wrong-${randomUUID()}`;
    await pgTraktTokenStore(db, box).save(account, tokens());
    const wrong = createSecretBox({ encryption_key: newKey() })!;
    await expect(pgTraktTokenStore(db, wrong).load(account)).rejects.toThrow(
      new RegExp(`sealed with key ${box.keyId}, which is neither this key \\(${wrong.keyId}\\)`),
    );
    // A sealed value moved to another column (or row) does not open there.
    await db.query('update trakt_tokens set access_token = refresh_token where account = $1', [account]);
    await expect(pgTraktTokenStore(db, box).load(account)).rejects.toThrow(/does not open .* it was altered/);
  });

  it('`watchsync secrets rotate` reseals every token under the new key; the old key can then go', async () => {
    // A database of its own: rotation reseals every row, and the shared one holds other tests' keys.
    const own = await ownDatabase('rotate', 1);
    try {
      await rotateIn(own.db, own.url);
    } finally {
      await own.drop();
    }
  }, 60_000);

  async function rotateIn(db: Pool, databaseUrl: string): Promise<void> {
    const oldKey = newKey();
    const oldBox = createSecretBox({ encryption_key: oldKey })!;
    const accounts = [`rotate-${randomUUID()}`, `rotate-${randomUUID()}`];
    const pairs = accounts.map(() => tokens());
    for (const [i, account] of accounts.entries()) await pgTraktTokenStore(db, oldBox).save(account, pairs[i]!);

    const key = newKey();
    const configPath = writeTestConfig({
      database: { url: databaseUrl },
      secrets: { encryption_key: key, previous_encryption_keys: [oldKey] },
    });
    const { stdout } = await promisify(execFile)(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'src', 'client', 'cli.ts'), 'secrets', 'rotate'],
      { env: { ...process.env, WATCHSYNC_CONFIG: configPath, DATABASE_URL: databaseUrl }, cwd: root },
    );
    const box = createSecretBox({ encryption_key: key })!;
    expect(stdout).toMatch(new RegExp(`Trakt tokens: 2 resealed, 0 already under key ${box.keyId}`));
    for (const [i, account] of accounts.entries()) {
      const { rows } = await db.query('select key_id from trakt_tokens where account = $1', [account]);
      expect(rows[0].key_id).toBe(box.keyId);
      expect(await pgTraktTokenStore(db, box).load(account)).toMatchObject({ accessToken: pairs[i]!.accessToken });
    }
  }
});

describe('a pair sync whose worker has no key for the stored tokens', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 47 });
  });
  afterAll(() => sim?.close());

  it('stops the feature with a configuration error naming the key', async () => {
    const pairId = `keyless-${Date.now()}`;
    const config = simConfig(sim, { pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {} } }] });
    const db = createPool(config.database.url, 1);
    await seedTraktTokens(db, config, sim);
    await db.end();
    const result = await runPairSync({ ...config, secrets: { previous_encryption_keys: [] } }, pairId);
    expect(result.features[0]).toMatchObject({ status: 'failed' });
    expect(result.features[0]?.error).toMatch(/^NotConfigured: secrets\.encryption_key \(WATCHSYNC_SECRET_KEY\): not set/);
    expect(sim.trakt.control.truth(sim.tokens.traktUsername).history).toEqual([]);
  });
});
