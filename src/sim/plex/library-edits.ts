/**
 * Changes to the simulated PMS library between import runs, as a library scan or a metadata refresh would
 * make them: add movies, shows and episodes, edit metadata, replace, move, add and delete files, move an item
 * to another section, add a section root. Every change that PMS stamps moves the item's `updatedAt` to
 * `now`; `replaceFile(..., {touch: false})` does not, like a file swapped under an unchanged item.
 * Tests use these in-process or through the admin routes (./pms/library-admin.ts).
 */
import type { ItemDetails, LibraryItem, PlexLibrary, SimMedia } from './library';

export interface NewMovie {
  sectionId?: number;
  title: string;
  year: number;
  /** Guid[] children, e.g. `imdb://tt0133093`. */
  guids?: string[];
  file?: string;
  details?: Omit<ItemDetails, 'media'>;
}

export interface NewShow {
  sectionId?: number;
  title: string;
  year: number;
  guids?: string[];
  /** Episodes per season, from season 1. */
  seasons: number[];
}

export interface FileChange {
  file?: string;
  size?: number;
  videoCodec?: string;
  audioCodec?: string;
  videoResolution?: string;
  container?: string;
  /** Stamp the item's updatedAt (default true). */
  touch?: boolean;
}

export type MetadataChange = Partial<Pick<LibraryItem, 'title' | 'titleSort' | 'year' | 'originallyAvailableAt'>> &
  Omit<ItemDetails, 'media'>;

export class LibraryEdits {
  private lastKey: number | undefined;
  private lastPartId: number | undefined;

  constructor(
    private readonly library: PlexLibrary,
    private readonly now: () => number,
  ) {}

  addMovie(movie: NewMovie): LibraryItem {
    const sectionId = movie.sectionId ?? 1;
    const ratingKey = this.nextKey();
    const file = movie.file ?? `${this.root(sectionId)}/${movie.title} (${movie.year})/${movie.title} (${movie.year}).mkv`;
    const item: LibraryItem = {
      ratingKey,
      type: 'movie',
      sectionId,
      title: movie.title,
      year: movie.year,
      guid: `plex://movie/${hexKey(ratingKey)}`,
      externalGuids: movie.guids ?? [],
      durationMs: 6_000_000,
      originallyAvailableAt: `${movie.year}-05-01`,
      addedAt: this.now(),
      updatedAt: this.now(),
      childKeys: [],
      details: { ...movie.details, media: [this.newMedia(file)] },
    };
    this.library.items.set(ratingKey, item);
    this.library.sectionItems.get(sectionId)?.push(item);
    this.library.markChanged();
    return item;
  }

  addShow(show: NewShow): LibraryItem {
    const sectionId = show.sectionId ?? 2;
    const ratingKey = this.nextKey();
    const item: LibraryItem = {
      ratingKey,
      type: 'show',
      sectionId,
      title: show.title,
      year: show.year,
      guid: `plex://show/${hexKey(ratingKey)}`,
      externalGuids: show.guids ?? [],
      index: 1,
      addedAt: this.now(),
      updatedAt: this.now(),
      childKeys: [],
    };
    this.library.items.set(ratingKey, item);
    this.library.sectionItems.get(sectionId)?.push(item);
    for (const [n, episodes] of show.seasons.entries()) {
      for (let e = 1; e <= episodes; e++) this.addEpisode(ratingKey, n + 1, e, { touchShow: false });
    }
    this.library.markChanged();
    return item;
  }

  /** An episode (and its season when new) under a show; the show's own updatedAt stays unless `touchShow`. */
  addEpisode(showRatingKey: string, season: number, episode: number, options: { title?: string; touchShow?: boolean } = {}): LibraryItem {
    const show = this.item(showRatingKey, 'show');
    let seasonItem = show.childKeys.map((k) => this.library.items.get(k)).find((s) => s?.index === season);
    if (!seasonItem) {
      const key = this.nextKey();
      seasonItem = {
        ratingKey: key,
        type: 'season',
        sectionId: show.sectionId,
        title: `Season ${season}`,
        guid: `plex://season/${hexKey(key)}`,
        externalGuids: [],
        index: season,
        parentRatingKey: show.ratingKey,
        addedAt: this.now(),
        updatedAt: this.now(),
        childKeys: [],
      };
      this.library.items.set(key, seasonItem);
      show.childKeys.push(key);
    }
    const key = this.nextKey();
    const sxe = `S${String(season).padStart(2, '0')}E${String(episode).padStart(2, '0')}`;
    const title = options.title ?? `Episode ${episode}`;
    const item: LibraryItem = {
      ratingKey: key,
      type: 'episode',
      sectionId: show.sectionId,
      title,
      year: show.year,
      guid: `plex://episode/${hexKey(key)}`,
      externalGuids: [],
      index: episode,
      parentIndex: season,
      parentRatingKey: seasonItem.ratingKey,
      grandparentRatingKey: show.ratingKey,
      durationMs: 2_400_000,
      addedAt: this.now(),
      updatedAt: this.now(),
      childKeys: [],
      details: {
        media: [this.newMedia(`${this.root(show.sectionId)}/${show.title} (${show.year})/Season ${season}/${show.title} - ${sxe}.mkv`)],
      },
    };
    this.library.items.set(key, item);
    seasonItem.childKeys.push(key);
    if (options.touchShow) show.updatedAt = this.now();
    this.library.markChanged();
    return item;
  }

  /** A metadata edit or refresh: the fields change and updatedAt moves. */
  changeMetadata(ratingKey: string, change: MetadataChange): LibraryItem {
    const item = this.item(ratingKey);
    const { summary, studio, contentRating, genres, ...fields } = change;
    Object.assign(item, fields);
    item.details = { ...item.details, ...definedOnly({ summary, studio, contentRating, genres }) };
    return this.touched(item);
  }

  /** The item's file is replaced by another (new part id); `touch: false` keeps updatedAt, as PMS sometimes does. */
  replaceFile(ratingKey: string, change: FileChange = {}): LibraryItem {
    const item = this.item(ratingKey);
    const [current] = this.mediaOf(item);
    const replacement = this.newMedia(change.file ?? current?.parts[0]?.file ?? `/data/media/replaced-${ratingKey}.mkv`, change);
    item.details = { ...item.details, media: [replacement] };
    return change.touch === false ? this.changedOnly(item) : this.touched(item);
  }

  /** The file moved (renamed or to another folder): same part, new path. */
  moveFile(ratingKey: string, newPath: string): LibraryItem {
    const item = this.item(ratingKey);
    const media = this.mediaOf(item);
    const part = media[0]?.parts[0];
    if (!part) throw new Error(`item ${ratingKey} has no file`);
    part.file = newPath;
    item.details = { ...item.details, media };
    return this.touched(item);
  }

  /** A second version of the item (another file). */
  addFile(ratingKey: string, file: string, change: FileChange = {}): LibraryItem {
    const item = this.item(ratingKey);
    item.details = { ...item.details, media: [...this.mediaOf(item), this.newMedia(file, change)] };
    return this.touched(item);
  }

  /** One file of the item is gone (the item stays, as PMS keeps it until the trash is emptied). */
  deleteFile(ratingKey: string, partId: number): LibraryItem {
    const item = this.item(ratingKey);
    const media = this.mediaOf(item)
      .map((m) => ({ ...m, parts: m.parts.filter((p) => p.id !== partId) }))
      .filter((m) => m.parts.length > 0);
    item.details = { ...item.details, media };
    return this.touched(item);
  }

  /** Moves a movie or show (with its seasons and episodes) to another section of the same type. */
  moveToSection(ratingKey: string, sectionId: number): LibraryItem {
    const item = this.item(ratingKey);
    const from = this.library.sectionItems.get(item.sectionId) ?? [];
    this.library.sectionItems.set(
      item.sectionId,
      from.filter((i) => i.ratingKey !== ratingKey),
    );
    const moved = [
      item,
      ...this.library.leaves(item),
      ...item.childKeys.map((k) => this.library.items.get(k)).filter((i) => i !== undefined),
    ];
    for (const i of moved) i.sectionId = sectionId;
    this.library.sectionItems.get(sectionId)?.push(item);
    return this.touched(item);
  }

  /** A root folder added to a section (Plex "Add folders"). */
  addSectionRoot(sectionId: number, path: string): void {
    const section = this.library.section(sectionId);
    if (!section) throw new Error(`no section ${sectionId}`);
    section.extraLocations = [...(section.extraLocations ?? []), path];
    section.updatedAt = this.now();
    this.library.markChanged();
  }

  /** An item and everything under it, as a scan that emptied the trash would remove it. */
  deleteItem(ratingKey: string): void {
    if (!this.library.deleteItem(ratingKey)) throw new Error(`no item ${ratingKey}`);
  }

  /** The item's media versions as rendered (the seeded file when it has no edited media). */
  mediaOf(item: LibraryItem): SimMedia[] {
    if (item.details?.media) return item.details.media.map((m) => ({ ...m, parts: m.parts.map((p) => ({ ...p })) }));
    if (!item.file || item.mediaId === undefined) return [];
    const size = Math.round(((item.durationMs ?? 0) / 1000) * 750_000);
    return [
      {
        id: item.mediaId,
        container: 'mkv',
        videoCodec: 'h264',
        audioCodec: 'eac3',
        videoResolution: '1080',
        parts: [{ id: item.mediaId, file: item.file, size }],
      },
    ];
  }

  private newMedia(file: string, change: FileChange = {}): SimMedia {
    const id = this.nextPartId();
    return {
      id,
      container: change.container ?? 'mkv',
      videoCodec: change.videoCodec ?? 'hevc',
      audioCodec: change.audioCodec ?? 'eac3',
      videoResolution: change.videoResolution ?? '1080',
      parts: [{ id, file, size: change.size ?? 4_000_000_000 }],
    };
  }

  private item(ratingKey: string, type?: LibraryItem['type']): LibraryItem {
    const item = this.library.items.get(ratingKey);
    if (!item || (type && item.type !== type)) throw new Error(`no ${type ?? 'item'} ${ratingKey}`);
    return item;
  }

  private touched(item: LibraryItem): LibraryItem {
    item.updatedAt = Math.max(this.now(), item.updatedAt + 1);
    return this.changedOnly(item);
  }

  private changedOnly(item: LibraryItem): LibraryItem {
    this.library.markChanged();
    return item;
  }

  private root(sectionId: number): string {
    return this.library.section(sectionId)?.locationPath ?? '/data/media';
  }

  private nextKey(): string {
    this.lastKey ??= [...this.library.items.keys()].reduce((max, key) => Math.max(max, Number(key) || 0), 0);
    this.lastKey += 1;
    return String(this.lastKey);
  }

  /** Part ids are unique per server: above every seeded one (the seed numbers parts like their items). */
  private nextPartId(): number {
    this.lastPartId ??= [...this.library.items.values()].reduce(
      (max, item) => this.mediaOf(item).reduce((m, media) => Math.max(m, media.id, ...media.parts.map((p) => p.id)), max),
      0,
    );
    this.lastPartId += 1;
    return this.lastPartId;
  }
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function hexKey(ratingKey: string): string {
  return Number(ratingKey).toString(16).padStart(24, '0');
}
