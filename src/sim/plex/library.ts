/**
 * The simulated Plex Media Server's library: sections, items (with GUIDs in the style the catalog assigns),
 * Plex Home accounts and per-account watch state and play history. Deterministic for a seed.
 * The PMS routes render it; the player (src/sim/plex/player) drives it through `PmsLibraryState`.
 */
import {
  type Catalog,
  type CatalogEpisode,
  type CatalogMovie,
  type CatalogShow,
  episodeRatingKey,
  movieRatingKey,
  rng,
  seasonRatingKey,
  showRatingKey,
} from '../catalog';
import type { PlayableItem, PlexAccount, PmsLibraryState } from './contracts';
import { MetadataEdits } from './metadata-edits';

export type LibraryItemType = 'movie' | 'show' | 'season' | 'episode';

export interface LibrarySection {
  /** Section id; rendered as a string in Directory.key and history rows, a number elsewhere. */
  id: number;
  uuid: string;
  title: string;
  type: 'movie' | 'show';
  agent: string;
  scanner: string;
  language: string;
  locationPath: string;
  /** Root folders besides `locationPath` (a section may span several disks); see ./library-edits.ts. */
  extraLocations?: string[];
  createdAt: number;
  updatedAt: number;
  scannedAt: number;
}

export interface LibraryItem {
  ratingKey: string;
  type: LibraryItemType;
  sectionId: number;
  title: string;
  /** Set when Plex sorts the title differently (leading article dropped). */
  titleSort?: string;
  year?: number;
  guid: string;
  /** External ids as Guid[] children (`imdb://…`); empty for legacy, plex-only and local items. */
  externalGuids: string[];
  /** Episode number (episodes) or season number (seasons). */
  index?: number;
  /** Season number of an episode. */
  parentIndex?: number;
  parentRatingKey?: string;
  grandparentRatingKey?: string;
  durationMs?: number;
  originallyAvailableAt?: string;
  /** Epoch seconds. */
  addedAt: number;
  /** Epoch seconds; changes when metadata changes, not when someone watches. */
  updatedAt: number;
  /** Seasons of a show, episodes of a season (ratingKeys, in Plex order). */
  childKeys: string[];
  /** Movie/episode file as the server sees it. */
  file?: string;
  mediaId?: number;
  /** Next episode in Plex order (autoplay). */
  nextRatingKey?: string;
  /** Metadata and media set by ./library-edits.ts; items without them render the seeded defaults. */
  details?: ItemDetails;
}

/** What library edits give an item beyond the seeded fields (summary, studio, genres, its media versions). */
export interface ItemDetails {
  summary?: string;
  studio?: string;
  contentRating?: string;
  genres?: string[];
  /** Media versions, each with its files; replaces the one seeded file when set. */
  media?: SimMedia[];
}

export interface SimMedia {
  id: number;
  container: string;
  videoCodec: string;
  audioCodec: string;
  videoResolution: string;
  parts: Array<{ id: number; file: string; size: number }>;
}

/** One account's state of one item, as PMS keeps it. Times are epoch seconds, offsets ms. */
export interface UserItemState {
  viewCount: number;
  lastViewedAt?: number;
  viewOffset?: number;
  userRating?: number;
  lastRatedAt?: number;
}

export interface HistoryRow {
  id: number;
  /** Absent when the media has been deleted since (PMS keeps the row without ratingKey/key). */
  ratingKey?: string;
  accountId: number;
  /** Epoch seconds. */
  viewedAt: number;
  sectionId: number;
  deviceId: number;
  /** Kept for rows of deleted media, which can no longer be looked up. */
  title: string;
  type: 'movie' | 'episode';
}

export interface PlexHomeAccount extends PlexAccount {
  /** plex.tv user id (PMS calls the owner accountID 1, plex.tv knows them by this id). */
  plexTvId: number;
  /** Switching to this user needs its PIN. */
  protected: boolean;
  pin?: string;
  restricted: boolean;
  admin: boolean;
}

export interface SeedOptions {
  /** Plex Home users including the owner; all but the owner are managed, except the third (a full account). */
  users: number;
  /** History rows to generate. */
  plays: number;
  /** User ratings to generate. */
  ratings: number;
  seed: number;
  /** Put some movies into a second movie section with a legacy agent (default true when there are ≥ 10 movies). */
  secondMovieSection?: boolean;
  /** "Now" of the seeded world, epoch seconds (default 2025-06-15): plays happen before it. */
  now?: number;
}

const defaultSeedNow = 1_750_000_000;
/** Derived values kept per library version (listings and orders of the last few distinct queries). */
const maxMemos = 64;
/** PMS marks an item played once a play passes 90 %. */
export const watchedThreshold = 0.9;

export class PlexLibrary implements PmsLibraryState {
  readonly machineIdentifier: string;
  readonly sections: LibrarySection[] = [];
  readonly items = new Map<string, LibraryItem>();
  /** Top-level items (movies, shows) per section in insertion order. */
  readonly sectionItems = new Map<number, LibraryItem[]>();
  accounts: PlexHomeAccount[] = [];
  /** Metadata edits, locks and posters (the Stash push writes these). */
  readonly edits = new MetadataEdits();
  /** accountId → ratingKey → state. */
  private state = new Map<number, Map<string, UserItemState>>();
  history: HistoryRow[] = [];
  private tokens = new Map<string, number>();
  private nextHistoryId = 1;
  private tokenCounter = 0;
  /**
   * Bumped by every change of items, watch state or history; derived lists (`memo`) are valid for one
   * version. Tokens and accounts are not part of it.
   */
  private changes = 0;
  private memos = new Map<string, unknown>();
  private memoVersion = -1;

  constructor(
    readonly catalog: Catalog,
    readonly options: SeedOptions,
  ) {
    this.machineIdentifier = hex(options.seed * 7919 + 17, 40);
    this.buildSections();
    this.reset();
  }

  /** Restores the seeded accounts, tokens, watch state and history (items and sections never change). */
  reset(): void {
    this.changed();
    this.edits.reset();
    this.buildAccounts();
    this.state = new Map(this.accounts.map((a) => [a.id, new Map()]));
    this.history = [];
    this.nextHistoryId = 1;
    seedActivity(this, this.options);
  }

  // --- PmsLibraryState ---

  accountByToken(token: string): PlexHomeAccount | undefined {
    const id = this.tokens.get(token);
    return id === undefined ? undefined : this.accountById(id);
  }

  playable(ratingKey: string): PlayableItem | undefined {
    const item = this.items.get(ratingKey);
    if (!item || (item.type !== 'movie' && item.type !== 'episode')) return undefined;
    return {
      ratingKey,
      type: item.type,
      title: item.title,
      durationMs: item.durationMs ?? 0,
      ...(item.nextRatingKey ? { nextRatingKey: item.nextRatingKey } : {}),
      librarySectionID: item.sectionId,
    };
  }

  markPlayed(accountId: number, ratingKey: string, viewedAtEpochS: number): void {
    const item = this.items.get(ratingKey);
    if (!item) return;
    this.changed();
    for (const leaf of this.leaves(item)) {
      const s = this.stateOf(accountId, leaf.ratingKey);
      s.viewCount += 1;
      s.lastViewedAt = Math.max(s.lastViewedAt ?? 0, viewedAtEpochS);
      delete s.viewOffset;
      this.addHistory({
        ratingKey: leaf.ratingKey,
        accountId,
        viewedAt: viewedAtEpochS,
        sectionId: leaf.sectionId,
        title: leaf.title,
        type: leaf.type as 'movie' | 'episode',
      });
    }
  }

  setViewOffset(accountId: number, ratingKey: string, viewOffsetMs: number): void {
    if (!this.items.has(ratingKey)) return;
    this.changed();
    const s = this.stateOf(accountId, ratingKey);
    if (viewOffsetMs > 0) s.viewOffset = Math.round(viewOffsetMs);
    else delete s.viewOffset;
  }

  // --- writes the PMS routes need beyond the player contract ---

  /** `/:/unscrobble`: unwatched; PMS keeps the history rows. */
  markUnplayed(accountId: number, ratingKey: string): void {
    const item = this.items.get(ratingKey);
    if (!item) return;
    this.changed();
    for (const leaf of this.leaves(item)) {
      const s = this.stateOf(accountId, leaf.ratingKey);
      s.viewCount = 0;
      delete s.lastViewedAt;
      delete s.viewOffset;
    }
  }

  /** `/:/rate`: 0–10, or undefined to clear. */
  rate(accountId: number, ratingKey: string, rating: number | undefined, nowEpochS: number): void {
    this.changed();
    const s = this.stateOf(accountId, ratingKey);
    if (rating === undefined) {
      delete s.userRating;
      delete s.lastRatedAt;
    } else {
      s.userRating = rating;
      s.lastRatedAt = nowEpochS;
    }
  }

  deleteHistoryRow(id: number): boolean {
    this.changed();
    const before = this.history.length;
    this.history = this.history.filter((row) => row.id !== id);
    return this.history.length < before;
  }

  /** Simulates a metadata refresh: updatedAt moves forward (drives incremental imports). */
  touch(ratingKey: string, nowEpochS: number): boolean {
    const item = this.items.get(ratingKey);
    if (!item) return false;
    this.changed();
    item.updatedAt = nowEpochS;
    return true;
  }

  /** A section added after seeding (the Stash scenes' "Other Videos" library). */
  addSection(section: LibrarySection): void {
    this.changed();
    this.sections.push(section);
    this.sectionItems.set(section.id, []);
  }

  /** A movie-like item a library scan found (a scene's video file). */
  addItem(item: LibraryItem): void {
    this.changed();
    this.addTop(item);
  }

  /** Applies a metadata edit to the item itself (title, sort title, date: the fields listings filter on). */
  editItem(
    ratingKey: string,
    patch: Partial<Pick<LibraryItem, 'title' | 'titleSort' | 'originallyAvailableAt'>>,
    nowEpochS: number,
  ): boolean {
    const item = this.items.get(ratingKey);
    if (!item) return false;
    Object.assign(item, patch);
    return this.touch(ratingKey, nowEpochS);
  }

  /** Removes media as a library scan would; its history rows stay, without ratingKey. */
  deleteItem(ratingKey: string): boolean {
    const item = this.items.get(ratingKey);
    if (!item) return false;
    this.changed();
    const removed = new Set([item, ...this.descendants(item)].map((i) => i.ratingKey));
    for (const key of removed) this.items.delete(key);
    for (const row of this.history) if (row.ratingKey && removed.has(row.ratingKey)) delete row.ratingKey;
    const top = this.sectionItems.get(item.sectionId);
    if (top)
      this.sectionItems.set(
        item.sectionId,
        top.filter((i) => !removed.has(i.ratingKey)),
      );
    for (const parent of [item.parentRatingKey, item.grandparentRatingKey]) {
      const p = parent === undefined ? undefined : this.items.get(parent);
      if (p) p.childKeys = p.childKeys.filter((k) => !removed.has(k));
    }
    return true;
  }

  /** Items or sections were changed from outside (./library-edits.ts): derived listings are recomputed. */
  markChanged(): void {
    this.changed();
  }

  // --- accounts and tokens ---

  accountById(id: number): PlexHomeAccount | undefined {
    return this.accounts.find((a) => a.id === id);
  }

  get owner(): PlexHomeAccount {
    return this.accounts[0] as PlexHomeAccount;
  }

  /** A fresh token for an account (plex.tv user switch, PIN link); the old ones stay valid. */
  issueToken(accountId: number): string {
    const token = `tok-${accountId}-${(++this.tokenCounter).toString(36)}-${hex(this.options.seed + this.tokenCounter * 31 + accountId, 12)}`;
    this.tokens.set(token, accountId);
    return token;
  }

  revokeToken(token: string): boolean {
    return this.tokens.delete(token);
  }

  // --- reads ---

  /** The state entry to change (created when missing); callers write to it, so this counts as a change. */
  stateOf(accountId: number, ratingKey: string): UserItemState {
    this.changed();
    let perAccount = this.state.get(accountId);
    if (!perAccount) {
      perAccount = new Map();
      this.state.set(accountId, perAccount);
    }
    let s = perAccount.get(ratingKey);
    if (!s) {
      s = { viewCount: 0 };
      perAccount.set(ratingKey, s);
    }
    return s;
  }

  peekState(accountId: number, ratingKey: string): UserItemState | undefined {
    return this.state.get(accountId)?.get(ratingKey);
  }

  /** Every stored state entry of an account that says something (ground truth for tests). */
  statesOf(accountId: number): Array<{ ratingKey: string } & UserItemState> {
    const out: Array<{ ratingKey: string } & UserItemState> = [];
    for (const [ratingKey, s] of this.state.get(accountId) ?? []) {
      if (s.viewCount > 0 || s.viewOffset !== undefined || s.userRating !== undefined || s.lastViewedAt !== undefined)
        out.push({ ratingKey, ...s });
    }
    return out;
  }

  section(id: number): LibrarySection | undefined {
    return this.sections.find((s) => s.id === id);
  }

  children(item: LibraryItem): LibraryItem[] {
    return item.childKeys.map((k) => this.items.get(k)).filter((i): i is LibraryItem => i !== undefined);
  }

  /** Movies and episodes under an item (the item itself when it is one). */
  leaves(item: LibraryItem): LibraryItem[] {
    if (item.type === 'movie' || item.type === 'episode') return [item];
    const out: LibraryItem[] = [];
    for (const key of item.childKeys) {
      const child = this.items.get(key);
      if (child) out.push(...this.leaves(child));
    }
    return out;
  }

  /** The first episode of a show or season in Plex order. */
  firstLeaf(item: LibraryItem): LibraryItem | undefined {
    if (item.type === 'movie' || item.type === 'episode') return item;
    const first = item.childKeys[0];
    const child = first === undefined ? undefined : this.items.get(first);
    return child && this.firstLeaf(child);
  }

  /**
   * All items of a section of one type (shows' seasons and episodes included on request), in Plex order.
   * Shared between callers until the library changes: do not modify it.
   */
  itemsOfType(sectionId: number, type: LibraryItemType): readonly LibraryItem[] {
    return this.memo(`itemsOfType:${sectionId}:${type}`, () => {
      const out: LibraryItem[] = [];
      for (const top of this.sectionItems.get(sectionId) ?? []) {
        if (type === 'movie' || type === 'show') {
          if (top.type === type) out.push(top);
          continue;
        }
        if (top.type !== 'show') continue;
        for (const seasonKey of top.childKeys) {
          const season = this.items.get(seasonKey);
          if (!season) continue;
          if (type === 'season') out.push(season);
          else
            for (const key of season.childKeys) {
              const episode = this.items.get(key);
              if (episode) out.push(episode);
            }
        }
      }
      return out;
    });
  }

  /** Counts changes of items, watch state and history: equal versions mean nothing changed in between. */
  get version(): number {
    return this.changes;
  }

  /**
   * A value derived from the library (a listing, an order), computed once per version. Callers must not
   * modify what they get back; a bounded number of values is kept.
   */
  memo<T>(key: string, compute: () => T): T {
    if (this.memoVersion !== this.changes || this.memos.size >= maxMemos) {
      this.memos.clear();
      this.memoVersion = this.changes;
    }
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = compute();
    this.memos.set(key, value);
    return value;
  }

  addHistory(row: Omit<HistoryRow, 'id' | 'deviceId'> & { deviceId?: number }): HistoryRow {
    this.changed();
    const full: HistoryRow = { deviceId: 1, ...row, id: this.nextHistoryId++ };
    this.history.push(full);
    return full;
  }

  private changed(): void {
    this.changes += 1;
  }

  private descendants(item: LibraryItem): LibraryItem[] {
    return this.children(item).flatMap((c) => [c, ...this.descendants(c)]);
  }

  private buildAccounts(): void {
    const rand = rng(this.options.seed * 13 + 5);
    this.tokens.clear();
    this.tokenCounter = 0;
    this.accounts = [];
    for (let i = 0; i < Math.max(1, this.options.users); i++) {
      const isOwner = i === 0;
      // The third Home member has a full plex.tv account; everyone else besides the owner is managed.
      const managed = !isOwner && i !== 2;
      const id = isOwner ? 1 : 1000 + i * 17;
      const name = isOwner ? 'owner' : managed ? `Managed ${i}` : `member${i}`;
      const isProtected = isOwner || i % 3 === 1;
      const account: PlexHomeAccount = {
        id,
        uuid: hex(this.options.seed * 101 + i * 7 + 3, 16),
        username: managed ? '' : name,
        title: name,
        token: '',
        managed,
        plexTvId: isOwner ? 10_000_000 + Math.floor(rand() * 1_000_000) : 20_000_000 + i,
        protected: isProtected,
        ...(isProtected ? { pin: String(1000 + ((i * 1237) % 9000)) } : {}),
        restricted: managed && i % 3 === 1,
        admin: isOwner,
      };
      account.token = this.issueToken(id);
      this.accounts.push(account);
    }
  }

  private buildSections(): void {
    const { catalog, options } = this;
    const seedNow = options.now ?? defaultSeedNow;
    const created = seedNow - 6 * 365 * 86_400;
    const section = (id: number, title: string, type: 'movie' | 'show', agent: string, scanner: string, path: string): LibrarySection => ({
      id,
      uuid: uuidFrom(options.seed * 31 + id),
      title,
      type,
      agent,
      scanner,
      language: agent.startsWith('tv.plex') ? 'en-US' : 'en',
      locationPath: path,
      createdAt: created,
      updatedAt: seedNow - 86_400 * id,
      scannedAt: seedNow - 3600 * id,
    });
    const secondMovies = options.secondMovieSection ?? catalog.movies.length >= 10;
    this.sections.push(section(1, 'Movies', 'movie', 'tv.plex.agents.movie', 'Plex Movie', '/data/media/movies'));
    this.sections.push(section(2, 'TV Shows', 'show', 'tv.plex.agents.series', 'Plex TV Series', '/data/media/tv'));
    if (secondMovies)
      this.sections.push(section(3, 'Classics', 'movie', 'com.plexapp.agents.imdb', 'Plex Movie Scanner', '/data/media/classics'));
    for (const s of this.sections) this.sectionItems.set(s.id, []);

    const rand = rng(options.seed * 17 + 11);
    const addedAt = () => created + Math.floor(rand() * (seedNow - created - 30 * 86_400));
    for (const [i, movie] of catalog.movies.entries()) {
      const sectionId = secondMovies && i % 10 === 9 ? 3 : 1;
      this.addTop(movieItem(movie, sectionId, addedAt()));
    }
    for (const show of catalog.shows) this.addShow(show, addedAt(), rand);
  }

  private addTop(item: LibraryItem): void {
    this.items.set(item.ratingKey, item);
    this.sectionItems.get(item.sectionId)?.push(item);
  }

  private addShow(show: CatalogShow, addedAt: number, rand: () => number): void {
    const showItem: LibraryItem = {
      ratingKey: showRatingKey(show),
      type: 'show',
      sectionId: 2,
      title: show.title,
      ...sortTitle(show.title),
      year: show.year,
      guid: showGuid(show),
      externalGuids: show.guidStyle === 'modern' ? externalGuids(show.ids) : [],
      index: 1,
      durationMs: show.seasons[0]?.episodes[0]?.durationMs,
      originallyAvailableAt: `${show.year}-0${1 + (show.seasons.length % 9)}-15`,
      addedAt,
      updatedAt: addedAt + Math.floor(rand() * 86_400 * 30),
      childKeys: [],
    };
    this.addTop(showItem);
    let previous: LibraryItem | undefined;
    for (const season of show.seasons) {
      const seasonItem: LibraryItem = {
        ratingKey: seasonRatingKey(show, season.number),
        type: 'season',
        sectionId: 2,
        title: `Season ${season.number}`,
        guid: seasonGuid(show, season.number, season.plexId),
        externalGuids: show.guidStyle === 'modern' && season.ids.tvdb ? [`tvdb://${season.ids.tvdb}`] : [],
        index: season.number,
        parentRatingKey: showItem.ratingKey,
        addedAt,
        updatedAt: showItem.updatedAt,
        childKeys: [],
      };
      this.items.set(seasonItem.ratingKey, seasonItem);
      showItem.childKeys.push(seasonItem.ratingKey);
      for (const episode of season.episodes) {
        const item = episodeItem(show, episode, seasonItem, addedAt, show.year + season.number - 1);
        this.items.set(item.ratingKey, item);
        seasonItem.childKeys.push(item.ratingKey);
        if (previous) previous.nextRatingKey = item.ratingKey;
        previous = item;
      }
    }
  }
}

export function seedPlexLibrary(catalog: Catalog, options: SeedOptions): PlexLibrary {
  return new PlexLibrary(catalog, options);
}

// --- GUIDs, in every style the catalog assigns ---

function externalGuids(ids: { imdb?: string; tmdb?: number; tvdb?: number }): string[] {
  const out: string[] = [];
  if (ids.imdb) out.push(`imdb://${ids.imdb}`);
  if (ids.tmdb) out.push(`tmdb://${ids.tmdb}`);
  if (ids.tvdb) out.push(`tvdb://${ids.tvdb}`);
  return out;
}

function movieGuid(movie: CatalogMovie): string {
  switch (movie.guidStyle) {
    case 'legacy-imdb':
      return `com.plexapp.agents.imdb://${movie.ids.imdb}?lang=en`;
    case 'legacy-tmdb':
      return `com.plexapp.agents.themoviedb://${movie.ids.tmdb}?lang=en`;
    case 'local':
      return `local://${movieRatingKey(movie)}`;
    default:
      return `plex://movie/${movie.plexId}`;
  }
}

function showGuid(show: CatalogShow): string {
  if (show.guidStyle === 'legacy-tvdb') return `com.plexapp.agents.thetvdb://${show.ids.tvdb}?lang=en`;
  if (show.guidStyle === 'local') return `local://${showRatingKey(show)}`;
  return `plex://show/${show.plexId}`;
}

function seasonGuid(show: CatalogShow, season: number, plexId: string): string {
  if (show.guidStyle === 'legacy-tvdb') return `com.plexapp.agents.thetvdb://${show.ids.tvdb}/${season}?lang=en`;
  if (show.guidStyle === 'local') return `local://${seasonRatingKey(show, season)}`;
  return `plex://season/${plexId}`;
}

function episodeGuid(show: CatalogShow, episode: CatalogEpisode): string {
  if (show.guidStyle === 'legacy-tvdb') return `com.plexapp.agents.thetvdb://${show.ids.tvdb}/${episode.season}/${episode.number}?lang=en`;
  if (show.guidStyle === 'local') return `local://${episodeRatingKey(episode)}`;
  return `plex://episode/${episode.plexId}`;
}

function movieItem(movie: CatalogMovie, sectionId: number, addedAt: number): LibraryItem {
  const ratingKey = movieRatingKey(movie);
  return {
    ratingKey,
    type: 'movie',
    sectionId,
    title: movie.title,
    ...sortTitle(movie.title),
    year: movie.year,
    guid: movieGuid(movie),
    externalGuids: movie.guidStyle === 'modern' ? externalGuids(movie.ids) : [],
    durationMs: movie.durationMs,
    originallyAvailableAt: `${movie.year}-0${1 + (Number(ratingKey) % 9)}-1${Number(ratingKey) % 10}`,
    addedAt,
    updatedAt: addedAt + (Number(ratingKey) % 5) * 86_400,
    childKeys: [],
    file: `/data/media/${sectionId === 1 ? 'movies' : 'classics'}/${movie.title} (${movie.year})/${movie.title} (${movie.year}).mkv`,
    mediaId: Number(ratingKey),
  };
}

function episodeItem(show: CatalogShow, episode: CatalogEpisode, season: LibraryItem, addedAt: number, year: number): LibraryItem {
  const ratingKey = episodeRatingKey(episode);
  const sxe = `S${pad2(episode.season)}E${pad2(episode.number)}`;
  const modern = show.guidStyle === 'modern';
  return {
    ratingKey,
    type: 'episode',
    sectionId: 2,
    title: episode.title,
    year,
    guid: episodeGuid(show, episode),
    externalGuids: modern ? (episode.onlyTvdb ? [`tvdb://${episode.ids.tvdb}`] : externalGuids(episode.ids)) : [],
    index: episode.number,
    parentIndex: episode.season,
    parentRatingKey: season.ratingKey,
    grandparentRatingKey: showRatingKey(show),
    durationMs: episode.durationMs,
    originallyAvailableAt: `${year}-${pad2(1 + (episode.number % 12))}-${pad2(1 + (episode.number % 28))}`,
    addedAt,
    updatedAt: addedAt + (Number(ratingKey) % 7) * 3600,
    childKeys: [],
    file: `/data/media/tv/${show.title} (${show.year})/Season ${pad2(episode.season)}/${show.title} (${show.year}) - ${sxe} - ${episode.title}.mkv`,
    mediaId: Number(ratingKey),
  };
}

// --- seeded activity: plays, in-progress items, deleted media, ratings ---

function seedActivity(library: PlexLibrary, options: SeedOptions): void {
  const rand = rng(options.seed * 29 + 3);
  const seedNow = options.now ?? defaultSeedNow;
  const accounts = library.accounts;
  const pickAccount = () => {
    // The owner watches about half of everything; the rest is spread over the other Home users.
    if (accounts.length === 1 || rand() < 0.5) return accounts[0] as PlexHomeAccount;
    return accounts[1 + Math.floor(rand() * (accounts.length - 1))] as PlexHomeAccount;
  };
  const movies = [...library.sectionItems.values()].flat().filter((i) => i.type === 'movie');
  const shows = library.sectionItems.get(2) ?? [];
  const episodeCount = library.catalog.episodes.length;
  const movieShare = movies.length + episodeCount === 0 ? 0 : movies.length / (movies.length + episodeCount * 0.2);
  const progress = new Map<string, LibraryItem | undefined>(); // account:show → next episode to watch
  const played: Array<{ accountId: number; item: LibraryItem }> = [];
  const rows: Array<Omit<HistoryRow, 'id' | 'deviceId'>> = [];
  const timeAfter = (item: LibraryItem) => item.addedAt + Math.floor(rand() * Math.max(3600, seedNow - item.addedAt - 3600));

  const deletedRows = options.plays >= 20 ? Math.max(2, Math.floor(options.plays / 200)) : 0;
  const playRows = options.plays - deletedRows;
  while (rows.length < playRows && (movies.length > 0 || shows.length > 0)) {
    const account = pickAccount();
    const r = rand();
    if (played.length > 0 && r < 0.2) {
      // A rewatch: some items are played several times, by the same or another user.
      const again = played[Math.floor(rand() * played.length)] as { accountId: number; item: LibraryItem };
      const who = rand() < 0.7 ? again.accountId : account.id;
      rows.push(row(again.item, who, timeAfter(again.item)));
      continue;
    }
    if (movies.length > 0 && (shows.length === 0 || rand() < movieShare)) {
      const movie = movies[Math.floor(rand() * movies.length)] as LibraryItem;
      rows.push(row(movie, account.id, timeAfter(movie)));
      played.push({ accountId: account.id, item: movie });
      continue;
    }
    // A binge: consecutive episodes of one show in Plex order, continuing where this user stopped.
    const show = shows[Math.floor(rand() * shows.length)] as LibraryItem;
    const key = `${account.id}:${show.ratingKey}`;
    let episode = progress.has(key) ? progress.get(key) : library.firstLeaf(show);
    if (!episode) continue;
    let at = timeAfter(episode);
    const run = 1 + Math.floor(rand() * 5);
    for (let n = 0; n < run && episode && rows.length < playRows; n++) {
      rows.push(row(episode, account.id, at));
      played.push({ accountId: account.id, item: episode });
      at += Math.ceil((episode.durationMs ?? 1_800_000) / 1000) + 60;
      episode = episode.nextRatingKey ? library.items.get(episode.nextRatingKey) : undefined;
    }
    progress.set(key, episode);
  }
  for (let n = 0; n < deletedRows; n++) {
    rows.push({
      accountId: pickAccount().id,
      viewedAt: seedNow - Math.floor(rand() * 3 * 365 * 86_400),
      sectionId: 1,
      title: `Deleted Movie ${n + 1}`,
      type: 'movie',
    });
  }

  // PMS numbers history rows in the order they were recorded.
  rows.sort((a, b) => a.viewedAt - b.viewedAt);
  for (const r of rows) {
    library.addHistory({ ...r, deviceId: 1 + (r.accountId % 5) });
    if (!r.ratingKey) continue;
    const s = library.stateOf(r.accountId, r.ratingKey);
    s.viewCount += 1;
    s.lastViewedAt = Math.max(s.lastViewedAt ?? 0, r.viewedAt);
  }

  // A few items are in progress: a resume offset and lastViewedAt, but no completed view.
  const inProgress = Math.floor(options.plays / 25);
  for (let n = 0; n < inProgress && movies.length > 0; n++) {
    const item = movies[Math.floor(rand() * movies.length)] as LibraryItem;
    const s = library.stateOf(pickAccount().id, item.ratingKey);
    if (s.viewCount > 0) continue;
    s.viewOffset = Math.floor((item.durationMs ?? 0) * (0.1 + rand() * 0.7));
    s.lastViewedAt = timeAfter(item);
  }

  // Ratings: mostly of things the user watched, on PMS's 0–10 scale in whole stars (2 per star) or half stars.
  const rateable = [...movies, ...shows];
  for (let n = 0; n < options.ratings && rateable.length > 0; n++) {
    const watched = played.length > 0 && rand() < 0.7 ? played[Math.floor(rand() * played.length)] : undefined;
    const accountId = watched?.accountId ?? pickAccount().id;
    const item = watched?.item ?? (rateable[Math.floor(rand() * rateable.length)] as LibraryItem);
    library.rate(accountId, item.ratingKey, 1 + Math.floor(rand() * 10), timeAfter(item));
  }

  function row(item: LibraryItem, accountId: number, viewedAt: number): Omit<HistoryRow, 'id' | 'deviceId'> {
    return {
      ratingKey: item.ratingKey,
      accountId,
      viewedAt,
      sectionId: item.sectionId,
      title: item.title,
      type: item.type as 'movie' | 'episode',
    };
  }
}

// --- small helpers ---

function sortTitle(title: string): { titleSort?: string } {
  const m = /^(The|A|An) (.+)$/.exec(title);
  return m?.[2] ? { titleSort: m[2] } : {};
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function hex(n: number, length: number): string {
  const r = rng(n);
  let out = '';
  while (out.length < length)
    out += Math.floor(r() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

function uuidFrom(n: number): string {
  const h = hex(n, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
