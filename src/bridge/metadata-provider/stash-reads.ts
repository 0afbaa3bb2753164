/**
 * The provider's reads of Stash: each answer kept for `ttlMs` (a scan asks for a file's match and then its
 * metadata, and Plex refreshes in bursts), concurrent asks for the same thing share one request, and every read is
 * bounded by the client's timeout, so a slow or dead Stash turns into StashUnavailableError (a 503 to Plex) instead
 * of a stalled scan.
 */

import { baseName } from '../../domain/plex-provider/match';
import { HttpError, NetworkError, PayloadError } from '../../providers/http';
import { type StashClient, StashGraphqlError, type StashScene } from '../../providers/stash';

/** Stash did not answer in time, could not be reached, or answered with an error. */
export class StashUnavailableError extends Error {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`Stash ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StashUnavailableError';
  }
}

export interface StashReadsOptions {
  client: StashClient;
  ttlMs: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

/** Lookups that list candidates never need more than a page: more than this many is no match anyway. */
const candidatePage = 25;

export function createStashReads(options: StashReadsOptions) {
  const { client, ttlMs } = options;
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 50_000;
  const cache = new Map<string, { until: number; value: Promise<unknown> }>();

  function cached<T>(key: string, read: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.value as Promise<T>;
    const value = read().catch((error: unknown) => {
      cache.delete(key);
      throw isStashDown(error) ? new StashUnavailableError(key.split(':')[0] ?? key, error) : error;
    });
    cache.delete(key);
    cache.set(key, { until: now() + ttlMs, value });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    return value;
  }

  /** Scenes found by a list lookup are kept as scenes too: the metadata request for the match follows. */
  const remember = (scenes: StashScene[]) => {
    for (const scene of scenes) {
      const key = `scene:${scene.id}`;
      if (!cache.has(key)) cache.set(key, { until: now() + ttlMs, value: Promise.resolve(scene) });
    }
    return scenes;
  };
  const where = (operation: string, key: string, filter: Record<string, unknown>) =>
    cached(`${operation}:${key}`, async () => remember((await client.findScenesWhere(filter, 1, candidatePage)).scenes));

  return {
    scene: (id: string) => cached(`scene:${id}`, () => client.findScene(id)),
    /** Scenes with a file at exactly this (Stash) path. */
    byPath: (path: string) => where('path', path, { path: { value: path, modifier: 'EQUALS' } }),
    /** Scenes with a file of exactly this name, in any folder. */
    async byFileName(name: string): Promise<StashScene[]> {
      const scenes = await where('name', name, { path: { value: name, modifier: 'INCLUDES' } });
      return scenes.filter((scene) => scene.files.some((file) => file.basename === name || baseName(file.path) === name));
    },
    byOshash: (hash: string) => where('oshash', hash, { oshash: { value: hash, modifier: 'EQUALS' } }),
    byMd5: (hash: string) => where('md5', hash, { checksum: { value: hash, modifier: 'EQUALS' } }),
    /** Forgets everything (tests; a changed Stash). */
    clear: () => cache.clear(),
  };
}

export type StashReads = ReturnType<typeof createStashReads>;

function isStashDown(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof PayloadError || error instanceof StashGraphqlError) return true;
  return error instanceof HttpError && (error.status >= 500 || error.status === 401 || error.status === 403 || error.status === 429);
}
