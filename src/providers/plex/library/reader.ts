/**
 * Reads one Plex Media Server for the library import: its identity, its sections, and section listings one
 * page at a time (the caller writes each page before asking for the next, so a library is never held in
 * memory). Movies, shows and episodes are listed flat by type (`type=1|2|4`), with `includeGuids=1`:
 * the listing carries everything the tables need, so there is no per-item request.
 */
import type { Dispatcher } from 'undici';
import { HttpError } from '../../http';
import { type PmsSection, pmsIdentitySchema, pmsSectionsSchema } from '../schemas';
import { createTransport, type PlexHost, type PlexTransport } from '../transport';
import { type LibraryEntry, libraryEntrySchema, libraryPageSchema } from './schemas';

export type ListingKind = 'movie' | 'show' | 'episode';

/** PMS metadata type numbers of the listing kinds. */
const typeNumber: Record<ListingKind, number> = { movie: 1, show: 2, episode: 4 };

export interface LibraryServerOptions {
  /** The config's server id, named in errors. */
  serverId: string;
  url: string;
  token: string;
  clientIdentifier: string;
  dispatcher?: Dispatcher;
  timeoutMs?: number;
}

/** An entry that failed its schema: skipped, counted and reported with its ratingKey. */
export interface SkippedEntry {
  ratingKey?: string;
  problems: string[];
}

export interface ListingPage {
  /** totalSize of the listing (the page's entry count when the server did not page). */
  total: number;
  /** How many entries the page held, valid or not: what the next page's start advances by. */
  received: number;
  entries: LibraryEntry[];
  skipped: SkippedEntry[];
}

export interface PageRequest {
  start: number;
  size: number;
  /** PMS sort, e.g. `addedAt` (full listings: additions during the read never shift earlier pages) or `updatedAt:desc`. */
  sort: string;
}

/** PMS refused the token: not worth retrying; names the server. */
export class LibraryAuthError extends Error {
  constructor(
    readonly serverId: string,
    readonly status: number,
    readonly endpoint: string,
  ) {
    super(
      `library server "${serverId}": the Plex Media Server refused the token (${status} on ${endpoint}); check library.servers[].token`,
    );
    this.name = 'LibraryAuthError';
  }
}

export interface LibraryServerReader {
  identity(): Promise<{ machineIdentifier: string; version: string }>;
  sections(): Promise<PmsSection[]>;
  sectionPage(sectionKey: string, kind: ListingKind, page: PageRequest): Promise<ListingPage>;
  /** Shows of a section whose title contains `title` (PMS's title filter); the caller picks exact matches. */
  findShows(sectionKey: string, title: string): Promise<LibraryEntry[]>;
  /** One item as `/library/metadata/{ratingKey}` has it (a one-entry listing page). */
  item(ratingKey: string): Promise<ListingPage>;
  /** A page of a show's episodes (`/library/metadata/{ratingKey}/allLeaves`). */
  showEpisodesPage(showRatingKey: string, page: Omit<PageRequest, 'sort'>): Promise<ListingPage>;
}

export function createLibraryServerReader(options: LibraryServerOptions): LibraryServerReader {
  const transport: PlexTransport = createTransport({
    clientIdentifier: options.clientIdentifier,
    dispatcher: options.dispatcher,
    timeoutMs: options.timeoutMs,
  });
  const host: PlexHost = { baseUrl: options.url, token: options.token };

  async function authenticated<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof HttpError && (error.status === 401 || error.status === 403))
        throw new LibraryAuthError(options.serverId, error.status, error.endpoint);
      throw error;
    }
  }

  async function readPage(path: string, query: Record<string, string | number>, start: number, size: number): Promise<ListingPage> {
    const headers = { 'X-Plex-Container-Start': String(start), 'X-Plex-Container-Size': String(size) };
    const { data } = await authenticated(() => transport.get(host, { path, query, headers }, libraryPageSchema));
    const raw = data.MediaContainer.Metadata ?? [];
    const entries: LibraryEntry[] = [];
    const skipped: SkippedEntry[] = [];
    for (const entry of raw) {
      const parsed = libraryEntrySchema.safeParse(entry);
      if (parsed.success) entries.push(parsed.data);
      else
        skipped.push({
          ratingKey: ratingKeyOf(entry),
          problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`),
        });
    }
    return { total: data.MediaContainer.totalSize ?? start + raw.length, received: raw.length, entries, skipped };
  }

  return {
    async identity() {
      const { data } = await authenticated(() => transport.get(host, { path: '/identity' }, pmsIdentitySchema));
      return { machineIdentifier: data.MediaContainer.machineIdentifier, version: data.MediaContainer.version };
    },
    async sections() {
      const { data } = await authenticated(() => transport.get(host, { path: '/library/sections' }, pmsSectionsSchema));
      return data.MediaContainer.Directory ?? [];
    },
    sectionPage(sectionKey, kind, page) {
      const query = { type: typeNumber[kind], includeGuids: 1, sort: page.sort };
      return readPage(`/library/sections/${encodeURIComponent(sectionKey)}/all`, query, page.start, page.size);
    },
    async findShows(sectionKey, title) {
      const query = { type: typeNumber.show, includeGuids: 1, title };
      const { entries } = await readPage(`/library/sections/${encodeURIComponent(sectionKey)}/all`, query, 0, 1000);
      return entries;
    },
    item(ratingKey) {
      return readPage(`/library/metadata/${encodeURIComponent(ratingKey)}`, { includeGuids: 1 }, 0, 1);
    },
    showEpisodesPage(showRatingKey, page) {
      return readPage(`/library/metadata/${encodeURIComponent(showRatingKey)}/allLeaves`, { includeGuids: 1 }, page.start, page.size);
    },
  };
}

function ratingKeyOf(entry: unknown): string | undefined {
  const key = (entry as { ratingKey?: unknown } | null)?.ratingKey;
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}
