import { resolve } from 'node:path';
import { type Config, configPath, loadConfig } from '../config';

/** A pair id the CLI's config does not have; the CLI adds what the running worker's config says (cli.ts). */
export class UnknownPairError extends Error {
  constructor(
    readonly pairId: string,
    readonly configured: string[],
    /** The config file the CLI read (absolute). */
    readonly configFile: string,
  ) {
    super(`pairs: no pair "${pairId}" in the config (${configFile}); configured: ${configured.join(', ') || '(none)'}`);
    this.name = 'UnknownPairError';
  }
}

/** The CLI's config, when it has `pairId`. */
export function requirePair(pairId: string, config: Config = loadConfig()): Config {
  if (!config.pairs.some((p) => p.id === pairId))
    throw new UnknownPairError(
      pairId,
      config.pairs.map((p) => p.id),
      resolve(configPath()),
    );
  return config;
}
