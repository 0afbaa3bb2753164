import { z } from 'zod';
import type { CatalogSeason, CatalogShow } from '../catalog';
import { episodeRef, type IdsInput, type MediaRef, type Section, seasonRef, sectionOf, sections, type TraktCatalog } from './media';

/**
 * The body every /sync add and remove endpoint takes: `{movies, shows, seasons, episodes}` of items
 * addressed by ids of any kind; shows may narrow to `seasons[].episodes[]` by number (Trakt's numbering).
 * Validated for structure only, so unmatched items can be echoed back exactly as sent.
 */
const idValue = z.union([z.number(), z.string()]).nullish();
export const idsSchema = z.looseObject({ trakt: idValue, slug: idValue, imdb: idValue, tmdb: idValue, tvdb: idValue });
const episodeEntrySchema = z.looseObject({ number: z.number().int().nonnegative() });
const seasonEntrySchema = z.looseObject({ number: z.number().int().nonnegative(), episodes: z.array(episodeEntrySchema).optional() });
const itemSchema = z.looseObject({ ids: idsSchema.optional(), seasons: z.array(seasonEntrySchema).optional() });
const bodySchema = z.looseObject(
  Object.fromEntries(sections.map((s) => [s, z.array(itemSchema).optional()])) as Record<
    Section,
    z.ZodOptional<z.ZodArray<typeof itemSchema>>
  >,
);

type Item = z.infer<typeof itemSchema>;
type SeasonEntry = z.infer<typeof seasonEntrySchema>;
type EpisodeEntry = z.infer<typeof episodeEntrySchema>;

/** A matched title and the per-item fields that apply to it (watched_at, rating…, inherited from parents). */
export interface BulkTarget {
  ref: MediaRef;
  fields: Record<string, unknown>;
}

export type NotFound = Record<Section, unknown[]>;

export interface BulkResolution {
  targets: BulkTarget[];
  notFound: NotFound;
}

/**
 * `expand`: shows and seasons stand for all their episodes (history, collection).
 * `deepest`: the most specific level named is the target itself (ratings, watchlist).
 */
export type BulkDepth = 'expand' | 'deepest';

const structuralKeys = new Set(['ids', 'seasons', 'episodes', 'number', 'title', 'year']);

function fieldsOf(entry: Record<string, unknown>, inherited: Record<string, unknown>): Record<string, unknown> {
  const fields = { ...inherited };
  for (const [key, value] of Object.entries(entry)) if (!structuralKeys.has(key)) fields[key] = value;
  return fields;
}

/** Ids as sent (numbers possibly as strings) → ids the catalog can look up. */
export function toIdsInput(ids: z.infer<typeof idsSchema> | undefined): IdsInput {
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  return { trakt: num(ids?.trakt), slug: str(ids?.slug), imdb: str(ids?.imdb), tmdb: num(ids?.tmdb), tvdb: num(ids?.tvdb) };
}

export function emptyNotFound(): NotFound {
  return { movies: [], shows: [], seasons: [], episodes: [] };
}

export function emptyCounts(keys: readonly Section[] = sections): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, 0]));
}

/** Counts refs per section, for the `added`/`deleted`/`existing` objects of answers. */
export function countRefs(refs: readonly MediaRef[], keys: readonly Section[] = sections): Record<string, number> {
  const counts = emptyCounts(keys);
  for (const ref of refs) {
    const section = sectionOf[ref.type];
    if (section in counts) counts[section] = (counts[section] ?? 0) + 1;
  }
  return counts;
}

class Resolver {
  readonly targets: BulkTarget[] = [];
  readonly notFound = emptyNotFound();

  constructor(
    private readonly catalog: TraktCatalog,
    private readonly depth: BulkDepth,
  ) {}

  movie(item: Item): void {
    const ref = this.catalog.findMovie(toIdsInput(item.ids));
    if (ref) this.targets.push({ ref, fields: fieldsOf(item, {}) });
    else this.notFound.movies.push(item);
  }

  episode(item: Item): void {
    const ref = this.catalog.findEpisode(toIdsInput(item.ids));
    if (ref) this.targets.push({ ref, fields: fieldsOf(item, {}) });
    else this.notFound.episodes.push(item);
  }

  season(item: Item): void {
    const ref = this.catalog.findSeason(toIdsInput(item.ids));
    if (ref?.type !== 'season') this.notFound.seasons.push(item);
    else this.wholeSeason(ref.show, ref.season, fieldsOf(item, {}));
  }

  show(item: Item): void {
    const ref = this.catalog.findShow(toIdsInput(item.ids));
    if (!ref) {
      this.notFound.shows.push(item);
      return;
    }
    const fields = fieldsOf(item, {});
    if (!item.seasons) {
      if (this.depth === 'deepest') this.targets.push({ ref, fields });
      else for (const season of ref.show.seasons) this.wholeSeason(ref.show, season, fields);
      return;
    }
    for (const entry of item.seasons) this.seasonOfShow(item, ref.show, entry, fields);
  }

  private seasonOfShow(item: Item, show: CatalogShow, entry: SeasonEntry, inherited: Record<string, unknown>): void {
    const season = this.catalog.seasonOf(show, entry.number);
    if (!season) {
      this.notFound.shows.push({ ...item, seasons: [entry] });
      return;
    }
    const fields = fieldsOf(entry, inherited);
    if (!entry.episodes) {
      this.wholeSeason(show, season, fields);
      return;
    }
    for (const episode of entry.episodes) this.episodeOfSeason(item, show, entry, episode, fields);
  }

  private episodeOfSeason(
    item: Item,
    show: CatalogShow,
    season: SeasonEntry,
    entry: EpisodeEntry,
    inherited: Record<string, unknown>,
  ): void {
    const ref = this.catalog.episodeByNumber(show, season.number, entry.number);
    if (ref) this.targets.push({ ref, fields: fieldsOf(entry, inherited) });
    else this.notFound.shows.push({ ...item, seasons: [{ ...season, episodes: [entry] }] });
  }

  private wholeSeason(show: CatalogShow, season: CatalogSeason, fields: Record<string, unknown>): void {
    if (this.depth === 'deepest') this.targets.push({ ref: seasonRef(show, season), fields });
    else for (const episode of season.episodes) this.targets.push({ ref: episodeRef(show, episode), fields });
  }
}

/** Resolves a sync body against the catalog; a string is a validation error (answer 400). */
export function resolveBulk(catalog: TraktCatalog, body: unknown, depth: BulkDepth): BulkResolution | string {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) return z.prettifyError(parsed.error);
  const resolver = new Resolver(catalog, depth);
  for (const item of parsed.data.movies ?? []) resolver.movie(item);
  for (const item of parsed.data.shows ?? []) resolver.show(item);
  for (const item of parsed.data.seasons ?? []) resolver.season(item);
  for (const item of parsed.data.episodes ?? []) resolver.episode(item);
  return { targets: resolver.targets, notFound: resolver.notFound };
}
