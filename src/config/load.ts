import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type EnvName, envOverrides } from './env';
import { type Config, configSchema } from './schema';

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: { key: string; message: string }[],
  ) {
    super(`invalid config (${source}):\n${problems.map((p) => `  - ${p.key}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.WATCHSYNC_CONFIG ?? 'config.json';
}

/** Reads the config file (a missing default file means "all defaults"), applies env overrides, validates. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const path = configPath(env);
  let raw: unknown = {};
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (!missing || env.WATCHSYNC_CONFIG !== undefined) throw new ConfigError(path, [{ key: '(file)', message: (error as Error).message }]);
  }
  if (text !== undefined) raw = parseJson(path, text);
  const overlay = overlayPath(env);
  const overlayText = overlay === undefined ? undefined : readIfExists(overlay);
  if (overlay !== undefined && overlayText !== undefined) raw = mergeSections(raw, parseJson(overlay, overlayText));
  const source = [text === undefined ? 'defaults' : path, overlayText === undefined ? undefined : overlay].filter(Boolean).join(' + ');
  return parseConfig(applyEnv(raw, env), text === undefined && overlayText === undefined ? 'defaults + environment' : source);
}

/**
 * A writable file whose keys win over the config file's: where `watchsync auth` saves what it changes when the
 * config file itself is mounted read-only (the compose stack sets it to /state/config.overlay.json).
 */
export function overlayPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.WATCHSYNC_CONFIG_OVERLAY || undefined;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(path, [{ key: '(file)', message: (error as Error).message }]);
  }
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, [{ key: '(file)', message: `not valid JSON: ${(error as Error).message}` }]);
  }
}

/** The overlay's keys over the file's, section by section (`pairs` as a whole). */
export function mergeSections(base: unknown, overlay: unknown): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(isObject(base) ? base : {}) };
  for (const [section, value] of Object.entries(isObject(overlay) ? overlay : {})) {
    merged[section] = isObject(value) && isObject(merged[section]) ? { ...merged[section], ...value } : value;
  }
  return merged;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseConfig(raw: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(
    source,
    result.error.issues.map((issue) => ({ key: issueKey(issue), message: issue.message })),
  );
}

function issueKey(issue: z.core.$ZodIssue): string {
  const base = issue.path.map(String).join('.') || '(root)';
  // Unknown keys are reported on their parent; name them, since that is what the user mistyped.
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => (base === '(root)' ? k : `${base}.${k}`)).join(', ');
  return base;
}

function applyEnv(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  const config = structuredClone(typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, Record<string, unknown>>;
  for (const [name, key] of Object.entries(envOverrides) as [EnvName, string][]) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const [section, field] = key.split('.') as [string, string];
    config[section] = {
      ...(config[section] ?? {}),
      [field]: expectsNumber(section, field) && /^-?\d+$/.test(value) ? Number(value) : value,
    };
  }
  return config;
}

function expectsNumber(section: string, field: string): boolean {
  const sectionSchema = unwrap(configSchema.shape[section as keyof typeof configSchema.shape]);
  if (!(sectionSchema instanceof z.ZodObject)) return false;
  return unwrap(sectionSchema.shape[field] as z.ZodType) instanceof z.ZodNumber;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  return current;
}
