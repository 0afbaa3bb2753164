import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { configPath, mergeSections, overlayPath } from './load';

/** The config file could not take a change (mounted read-only, not writable by this user). */
export class ConfigNotWritableError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(
      `cannot write ${path} (${code}): the config file is read-only here (a read-only mount?). Set WATCHSYNC_CONFIG_OVERLAY ` +
        'to a writable file and watchsync saves the changed keys there, over the config file (the compose stack uses ' +
        '/state/config.overlay.json; docs/homelab.md)',
    );
    this.name = 'ConfigNotWritableError';
  }
}

/**
 * Saves changed keys of one section (tokens, PINs) where watchsync reads them from: the overlay when
 * WATCHSYNC_CONFIG_OVERLAY is set, else the config file. Readable by its owner only; returns the path written.
 */
export function saveConfigKeys(section: string, keys: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): string {
  const path = overlayPath(env) ?? configPath(env);
  const current = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  const next = mergeSections(current, { [section]: keys });
  try {
    writeFileSync(path, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') throw new ConfigNotWritableError(path, code);
    throw error;
  }
  return path;
}
