import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config, ConfigInput } from '../config';
import type { Simulator } from '../sim';
import { simulatorSections } from '../sim/config';
import { createPool } from '../store/db';
import { migrate } from '../store/migrate';
import { forgetPair } from '../store/pair-state';
import { createSecretBox } from '../store/secret-box';
import { pgTraktTokenStore } from '../store/trakt-tokens';

export const demoPairId = 'demo';

/** True when nothing real is configured: `npm start` then runs the demo against the simulator. */
export function noAccountsConfigured(config: Config): boolean {
  return !config.plex.account_token && !config.trakt.client_id && config.pairs.length === 0;
}

/** The config of a Plex → Trakt pair against the simulator (ports and fake tokens of this run). */
export function simulatorConfig(base: Config, sim: Simulator): ConfigInput {
  return {
    temporal: base.temporal,
    database: base.database,
    log: base.log,
    bridge: base.bridge,
    // Live scrobbling in the demo, when config.json switches it on (with bridge.watch): README, The simulator.
    scrobble: base.scrobble,
    ...simulatorSections(sim, 'demo'),
    pairs: [{ id: demoPairId, source: 'plex', target: 'trakt', mode: 'one-way', features: { history: {}, ratings: {}, watchlist: {} } }],
  };
}

/** Writes the demo config under data/ and stores the simulator's Trakt tokens as `watchsync auth trakt` would. */
export async function prepareDemo(root: string, base: Config, sim: Simulator): Promise<string> {
  const dir = join(root, 'data');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'demo-config.json');
  const config = simulatorConfig(base, sim);
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  const db = createPool(base.database.url, 2);
  try {
    await migrate(db);
    // A fresh simulator has an empty Trakt: forget what earlier demo runs committed.
    await forgetPair(db, demoPairId);
    await pgTraktTokenStore(db, createSecretBox(config.secrets ?? {})).save('demo', {
      accessToken: sim.tokens.traktAccess,
      refreshToken: sim.tokens.traktRefresh,
      expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
    });
  } finally {
    await db.end();
  }
  return path;
}
