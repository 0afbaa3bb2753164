/**
 * The simulator's universe of titles: what exists in the world, with the IDs each service knows it by.
 * Deterministic for a seed so tests and benchmarks can reason about exact outcomes.
 * The Plex and Trakt simulators both read it; neither owns it.
 */

/** How a Plex library item carries its identity (DESIGN.md §3 lists every GUID form). */
export type PlexGuidStyle =
  | 'modern' // plex://movie/<24hex> + Guid[] imdb/tmdb/tvdb
  | 'legacy-imdb' // com.plexapp.agents.imdb://tt…?lang=en, no Guid[]
  | 'legacy-tmdb' // com.plexapp.agents.themoviedb://123?lang=en
  | 'legacy-tvdb' // com.plexapp.agents.thetvdb://<show>[/<s>/<e>]?lang=en
  | 'plex-only' // plex:// guid with no Guid[] children
  | 'local'; // local://<n>: no external identity at all

export interface CatalogIds {
  trakt: number;
  slug: string;
  imdb?: string;
  tmdb?: number;
  tvdb?: number;
}

export interface CatalogMovie {
  kind: 'movie';
  /** Stable simulator key, e.g. "m42". */
  key: string;
  title: string;
  year: number;
  ids: CatalogIds;
  /** 24-hex Plex metadata id (plex://movie/<plexId>, Discover ratingKey). */
  plexId: string;
  guidStyle: PlexGuidStyle;
  durationMs: number;
  /** False for titles Trakt's database does not have (searches and adds answer not_found). */
  traktKnown: boolean;
}

export interface CatalogEpisode {
  kind: 'episode';
  key: string;
  showKey: string;
  title: string;
  /** Plex's (aired) order. */
  season: number;
  number: number;
  /** Trakt's order; differs from Plex's for shows with `orderDiffers`. */
  traktSeason: number;
  traktNumber: number;
  ids: CatalogIds;
  plexId: string;
  durationMs: number;
  /** Episode carries only a tvdb id in Plex's Guid[] (common for modern agents). */
  onlyTvdb: boolean;
}

export interface CatalogSeason {
  number: number;
  plexId: string;
  ids: CatalogIds;
  episodes: CatalogEpisode[];
}

export interface CatalogShow {
  kind: 'show';
  key: string;
  title: string;
  year: number;
  ids: CatalogIds;
  plexId: string;
  guidStyle: PlexGuidStyle;
  traktKnown: boolean;
  /** Plex and Trakt number this show's episodes differently (e.g. absolute vs aired order). */
  orderDiffers: boolean;
  seasons: CatalogSeason[];
}

export interface CatalogSize {
  movies: number;
  shows: number;
  /** Total episodes, spread over the shows. */
  episodes: number;
}

export interface Catalog {
  seed: number;
  movies: CatalogMovie[];
  shows: CatalogShow[];
  episodes: CatalogEpisode[];
  byKey: Map<string, CatalogMovie | CatalogShow | CatalogEpisode>;
}

/** mulberry32: tiny, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = [
  'Silent',
  'Red',
  'Iron',
  'Lost',
  'Night',
  'Golden',
  'Last',
  'Hidden',
  'Broken',
  'Wild',
  'Cold',
  'Bright',
  'Paper',
  'Glass',
  'Storm',
  'River',
  'Shadow',
  'Echo',
  'Winter',
  'Orbit',
];
const nouns = [
  'Harbor',
  'Empire',
  'Garden',
  'Signal',
  'Frontier',
  'Machine',
  'Kingdom',
  'Witness',
  'Voyage',
  'Station',
  'Circuit',
  'Atlas',
  'Canyon',
  'Lantern',
  'Protocol',
];

function hex24(n: number, salt: number): string {
  return ((n * 2654435761 + salt) >>> 0).toString(16).padStart(8, '0') + n.toString(16).padStart(16, '0');
}

function slugify(title: string, year: number): string {
  return `${title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}-${year}`;
}

/**
 * Generates a catalog. ID coverage is realistic: most movies use the modern agent, some legacy imdb/tmdb
 * agents, a few plex-only or local items; ~3 % of titles are unknown to Trakt; some episodes carry only tvdb;
 * ~2 % of shows number episodes differently on Trakt.
 */
export function generateCatalog(size: CatalogSize, seed = 1): Catalog {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const byKey: Catalog['byKey'] = new Map();
  let traktId = 1000;

  const movies: CatalogMovie[] = [];
  for (let i = 0; i < size.movies; i++) {
    const title = `${pick(words)} ${pick(nouns)} ${i + 1}`;
    const year = 1950 + Math.floor(rand() * 75);
    const r = rand();
    const guidStyle: PlexGuidStyle =
      r < 0.8 ? 'modern' : r < 0.9 ? 'legacy-imdb' : r < 0.95 ? 'legacy-tmdb' : r < 0.98 ? 'plex-only' : 'local';
    const movie: CatalogMovie = {
      kind: 'movie',
      key: `m${i + 1}`,
      title,
      year,
      ids: { trakt: ++traktId, slug: slugify(title, year), imdb: `tt${(1000000 + i * 7).toString()}`, tmdb: 100000 + i },
      plexId: hex24(i + 1, 0x4d),
      guidStyle,
      durationMs: (80 + Math.floor(rand() * 80)) * 60_000,
      traktKnown: rand() >= 0.03,
    };
    movies.push(movie);
    byKey.set(movie.key, movie);
  }

  const shows: CatalogShow[] = [];
  const episodes: CatalogEpisode[] = [];
  const perShow = size.shows > 0 ? Math.floor(size.episodes / size.shows) : 0;
  let remainder = size.shows > 0 ? size.episodes - perShow * size.shows : 0;
  for (let s = 0; s < size.shows; s++) {
    const title = `The ${pick(nouns)} ${pick(words)} ${s + 1}`;
    const year = 1980 + Math.floor(rand() * 45);
    const r = rand();
    const guidStyle: PlexGuidStyle = r < 0.8 ? 'modern' : r < 0.95 ? 'legacy-tvdb' : r < 0.98 ? 'plex-only' : 'local';
    const show: CatalogShow = {
      kind: 'show',
      key: `s${s + 1}`,
      title,
      year,
      ids: { trakt: ++traktId, slug: slugify(title, year), imdb: `tt${(5000000 + s * 11).toString()}`, tmdb: 500000 + s, tvdb: 300000 + s },
      plexId: hex24(s + 1, 0x53),
      guidStyle,
      traktKnown: rand() >= 0.03,
      orderDiffers: rand() < 0.02,
      seasons: [],
    };
    let count = perShow + (remainder > 0 ? 1 : 0);
    if (remainder > 0) remainder--;
    const perSeason = Math.max(1, Math.min(24, Math.ceil(count / Math.max(1, Math.ceil(count / 12)))));
    let seasonNo = 0;
    while (count > 0) {
      seasonNo++;
      const season: CatalogSeason = {
        number: seasonNo,
        plexId: hex24(s * 100 + seasonNo, 0x73),
        ids: { trakt: ++traktId, slug: `${show.ids.slug}-season-${seasonNo}`, tvdb: 700000 + s * 100 + seasonNo },
        episodes: [],
      };
      const n = Math.min(perSeason, count);
      for (let e = 1; e <= n; e++) {
        const idx = episodes.length + 1;
        const episode: CatalogEpisode = {
          kind: 'episode',
          key: `e${idx}`,
          showKey: show.key,
          title: `Episode ${e}`,
          season: seasonNo,
          number: e,
          // A show Trakt numbers differently: everything shifted by one episode into the season.
          traktSeason: seasonNo,
          traktNumber: show.orderDiffers ? e + 1 : e,
          ids: {
            trakt: ++traktId,
            slug: `${show.ids.slug}-${seasonNo}x${e}`,
            tvdb: 9000000 + idx,
            tmdb: 4000000 + idx,
            imdb: `tt${(20000000 + idx).toString()}`,
          },
          plexId: hex24(idx, 0x65),
          durationMs: (20 + Math.floor(rand() * 40)) * 60_000,
          onlyTvdb: rand() < 0.25,
        };
        season.episodes.push(episode);
        episodes.push(episode);
        byKey.set(episode.key, episode);
      }
      show.seasons.push(season);
      count -= n;
    }
    shows.push(show);
    byKey.set(show.key, show);
  }
  return { seed, movies, shows, episodes, byKey };
}

/**
 * PMS ratingKeys of catalog entries: numeric strings, as PMS uses, distinct across kinds so a key alone
 * identifies the entry. (Discover uses the 24-hex `plexId` instead.)
 */
export const ratingKeyBase = { movie: 0, show: 1_000_000, season: 2_000_000, episode: 3_000_000 } as const;

function ordinal(key: string): number {
  return Number(key.slice(1));
}

export function movieRatingKey(movie: CatalogMovie): string {
  return String(ratingKeyBase.movie + ordinal(movie.key));
}

export function showRatingKey(show: CatalogShow): string {
  return String(ratingKeyBase.show + ordinal(show.key));
}

export function seasonRatingKey(show: CatalogShow, seasonNumber: number): string {
  return String(ratingKeyBase.season + ordinal(show.key) * 100 + seasonNumber);
}

export function episodeRatingKey(episode: CatalogEpisode): string {
  return String(ratingKeyBase.episode + ordinal(episode.key));
}
