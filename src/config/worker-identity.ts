import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { configPath } from './load';

/**
 * The identity a watchsync worker polls with: Temporal's usual pid@host plus the config file it runs with, so
 * the CLI can tell when the worker serving its task queue reads another config (the demo's data/demo-config.json).
 */
export function workerIdentity(env: NodeJS.ProcessEnv = process.env): string {
  return `${process.pid}@${hostname()} config=${resolve(configPath(env))}`;
}

/** The config file named in a worker's identity, when it is a watchsync worker's. */
export function configFileOf(identity: string): string | undefined {
  return /\bconfig=(.+)$/.exec(identity)?.[1];
}
