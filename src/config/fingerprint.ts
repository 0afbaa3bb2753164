import { createHash } from 'node:crypto';
import type { Config, PairConfig } from './schema';

/**
 * Which configuration a pair-sync run was planned with, as hashes of what decides whose data it reads and writes:
 * the pair's definition, the accounts' names and services, and the database. Never a secret: tokens are not part
 * of it (the accounts behind them are checked against the pair's bindings instead).
 */
export interface RunFingerprint {
  pair: string;
  accounts: string;
  database: string;
}

/** What each part covers, as config keys: a mismatch names them. */
export const fingerprintParts: Record<keyof RunFingerprint, string> = {
  pair: 'the pair definition (pairs[])',
  accounts: 'the accounts (trakt.account, trakt.client_id, trakt.api_url, plex.home_user, plex.pms_url, plex.plextv_url)',
  database: 'the database (database.url)',
};

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

export function runFingerprint(config: Config, pair: PairConfig, installationId: string): RunFingerprint {
  const { trakt, plex } = config;
  return {
    pair: hash(pair),
    accounts: hash({
      trakt: [trakt.account, trakt.client_id ?? null, trakt.api_url],
      plex: [plex.home_user ?? null, plex.pms_url ?? null, plex.plextv_url],
    }),
    database: hash(installationId),
  };
}

/** The parts in which `planned` and `current` differ, described by their config keys. */
export function fingerprintMismatch(planned: RunFingerprint, current: RunFingerprint): string[] {
  return (Object.keys(fingerprintParts) as (keyof RunFingerprint)[])
    .filter((part) => planned[part] !== current[part])
    .map((part) => fingerprintParts[part]);
}
