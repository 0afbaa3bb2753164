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
  if (text !== undefined) {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(path, [{ key: '(file)', message: `not valid JSON: ${(error as Error).message}` }]);
    }
  }
  return parseConfig(applyEnv(raw, env), text === undefined ? 'defaults + environment' : path);
}

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
