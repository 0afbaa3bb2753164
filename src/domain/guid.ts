/**
 * Plex GUID parsing (DESIGN.md §3, fixtures MANIFEST fact 2).
 *
 * Plex names a title by one `guid` and, for modern agents, a `Guid[]` list of external ids:
 *   plex://movie/5d776926ad5437001f7595eb        + Guid [imdb://tt2294629, tmdb://109445, tvdb://89]
 *   com.plexapp.agents.imdb://tt0123456?lang=en   (legacy agents: the id is in the guid itself)
 *   com.plexapp.agents.thetvdb://268592/1/1?lang=en  (show id / season / episode)
 *   local://123, none://…, ""                     (no identity outside this server)
 *
 * The parser is total: junk never throws, it yields "no external id". It never guesses: an id is
 * taken only from a form whose meaning is known, and a show id in an episode GUID stays the show's.
 */
import { type ExternalIds, type MediaType, mediaTypes } from './items';

/** The external IDs a Plex GUID can carry. */
export type GuidIds = Pick<ExternalIds, 'imdb' | 'tmdb' | 'tvdb'>;

/** A modern-agent Plex metadata id: `plex://<type>/<24 hex>` (also the Discover ratingKey). */
export interface PlexGuidRef {
  type: MediaType;
  id: string;
}

export interface ParsedGuid {
  /** The GUID's scheme, lower-cased (`plex`, `imdb`, `com.plexapp.agents.thetvdb`, …); '' when it has none. */
  agent: string;
  /** IDs of the title the GUID names. Empty for season/episode GUIDs that only name their show. */
  ids: GuidIds;
  /** Legacy season/episode GUIDs (`thetvdb://<show>/<season>[/<episode>]`): the show's IDs. */
  showIds?: GuidIds;
  plex?: PlexGuidRef;
  /** AniDB series id from the HAMA anime agent; Trakt cannot match by it, so it is kept apart from `ids`. */
  anidb?: number;
  /** Numbering as a legacy GUID encodes it (the agent's order, e.g. HAMA's tvdb2–5 modes differ from aired order). */
  season?: number;
  episode?: number;
  /** True when nothing in the GUID identifies the title outside this server: such items stay unresolved. */
  local: boolean;
}

type IdSource = keyof GuidIds;

/** Schemes whose whole path is one external id. Maps, not object literals, so `constructor://` is not a scheme. */
const singleIdSchemes = new Map<string, IdSource>([
  ['imdb', 'imdb'],
  ['tmdb', 'tmdb'],
  ['tvdb', 'tvdb'],
  ['com.plexapp.agents.imdb', 'imdb'],
  // XBMCnfoMoviesImporter writes the nfo's IMDb id; its other fallbacks are not external ids.
  ['com.plexapp.agents.xbmcnfo', 'imdb'],
]);

/** Legacy agents whose path is `<id>[/<season>[/<episode>]]`, the id being the show's once numbers follow. */
const numberedSchemes = new Map<string, IdSource>([
  ['com.plexapp.agents.thetvdb', 'tvdb'],
  ['com.plexapp.agents.themoviedb', 'tmdb'],
  ['com.plexapp.agents.xbmcnfotv', 'tvdb'],
]);

const hamaSchemes = new Set(['com.plexapp.agents.hama', 'hama']);
/** HAMA: `<source><mode digit?>-<id>`, e.g. anidb-123, anidb2-123, tvdb-456, tvdb3-456, tsdb-1399 (TMDB TV), imdb-tt1. */
const hamaSourcePattern = /^(anidb|tvdb|tmdb|tsdb|imdb)\d*-(.*)$/;
const hamaIdSources = new Map<string, IdSource>([
  ['tvdb', 'tvdb'],
  ['tmdb', 'tmdb'],
  ['tsdb', 'tmdb'],
  ['imdb', 'imdb'],
]);

/** Plex's NFO agents (`tv.plex.agents.nfo.movie://movie/tmdb_383498`) name the nfo's uniqueid as `<source>_<id>`. */
const nfoSchemePrefix = 'tv.plex.agents.nfo.';
const nfoIdPattern = /^(imdb|tmdb|tvdb)_(.*)$/;

const schemePattern = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is;
const imdbPattern = /^tt\d+$/i;
const plexIdPattern = /^[0-9a-f]{24}$/i;
const digitsPattern = /^\d+$/;

/** Parses one Plex GUID (a `guid`, `parentGuid`, `grandparentGuid` or `Guid[].id`). Never throws. */
export function parsePlexGuid(guid: string | null | undefined): ParsedGuid {
  const text = typeof guid === 'string' ? guid.trim() : '';
  if (imdbPattern.test(text)) return withLocal({ agent: '', ids: { imdb: text.toLowerCase() } });

  const match = schemePattern.exec(text);
  if (!match) return withLocal({ agent: '', ids: {} });
  const agent = (match[1] ?? '').toLowerCase();
  // Legacy agents append `?lang=en`; the query never carries identity.
  const path = (match[2] ?? '').split('?')[0] ?? '';
  const segments = path.split('/');
  return withLocal({ agent, ...(parseAgentPath(agent, segments) ?? { ids: {} }) });
}

/**
 * The ExternalIds (+ Plex id) of an item from its `guid` and `Guid[]` children. The first GUID to
 * name a key wins; a show id inside a legacy episode GUID is not the episode's and is left out.
 */
export function idsFromPlex(
  guid: string | null | undefined,
  guidChildren?: ReadonlyArray<{ readonly id?: string | null }> | null,
): ExternalIds {
  const parsed = [guid, ...(guidChildren ?? []).map((child) => child.id)].map(parsePlexGuid);
  const merged: ExternalIds = {};
  // Object.assign keeps the last value of a key, so assigning in reverse lets the first GUID win.
  for (const { ids, plex } of parsed.reverse()) Object.assign(merged, ids, plex && { plex: plex.id });
  return merged;
}

type PathResult = Omit<ParsedGuid, 'agent' | 'local'>;

function parseAgentPath(agent: string, segments: string[]): PathResult | undefined {
  if (agent === 'plex') return parsePlexPath(segments);

  const singleSource = singleIdSchemes.get(agent);
  if (singleSource) {
    const ids = segments.length === 1 ? externalId(singleSource, segments[0] ?? '') : undefined;
    return ids && { ids };
  }

  const numberedSource = numberedSchemes.get(agent);
  if (numberedSource) return parseNumberedPath(numberedSource, segments);

  if (hamaSchemes.has(agent)) return parseHamaPath(segments);
  if (agent.startsWith(nfoSchemePrefix)) return parseNfoPath(segments);
  // local://, none://, tv.plex.agents.none://, music and other agents: nothing to match by.
  return undefined;
}

function parsePlexPath(segments: string[]): PathResult | undefined {
  const [type, id, ...rest] = segments;
  const mediaType = mediaTypes.find((known) => known === type);
  if (!mediaType || id === undefined || !plexIdPattern.test(id) || rest.length > 0) return undefined;
  return { ids: {}, plex: { type: mediaType, id } };
}

function parseNumberedPath(source: IdSource, segments: string[]): PathResult | undefined {
  const numbered = splitNumberedPath(segments);
  const ids = numbered && externalId(source, numbered.idText);
  if (!numbered || !ids) return undefined;
  return numbered.numbering.season === undefined ? { ids } : { ids: {}, showIds: ids, ...numbered.numbering };
}

function parseHamaPath(segments: string[]): PathResult | undefined {
  const [first = '', ...rest] = segments;
  const [, source = '', idText = ''] = hamaSourcePattern.exec(first) ?? [];
  if (source !== 'anidb') {
    const idSource = hamaIdSources.get(source);
    return idSource && parseNumberedPath(idSource, [idText, ...rest]);
  }
  const numbered = splitNumberedPath([idText, ...rest]);
  const anidb = numbered && positiveInteger(numbered.idText);
  return numbered && anidb !== undefined ? { ids: {}, anidb, ...numbered.numbering } : undefined;
}

function parseNfoPath(segments: string[]): PathResult | undefined {
  const [, uniqueId = '', ...rest] = segments;
  if (rest.length > 0) return undefined;
  const [, source, idText = ''] = nfoIdPattern.exec(uniqueId) ?? [];
  const ids = source === 'imdb' || source === 'tmdb' || source === 'tvdb' ? externalId(source, idText) : undefined;
  return ids && { ids };
}

type Numbering = Pick<ParsedGuid, 'season' | 'episode'>;

/** `<id>[/<season>[/<episode>]]`; undefined when the shape or a number is off, so a half-read path names nothing. */
function splitNumberedPath(segments: string[]): { idText: string; numbering: Numbering } | undefined {
  const [idText, seasonText, episodeText, ...rest] = segments;
  if (idText === undefined || rest.length > 0) return undefined;
  if (seasonText === undefined) return { idText, numbering: {} };
  const season = nonNegativeInteger(seasonText);
  if (season === undefined) return undefined;
  if (episodeText === undefined) return { idText, numbering: { season } };
  const episode = nonNegativeInteger(episodeText);
  return episode === undefined ? undefined : { idText, numbering: { season, episode } };
}

function externalId(source: IdSource, text: string): GuidIds | undefined {
  if (source === 'imdb') return imdbPattern.test(text) ? { imdb: text.toLowerCase() } : undefined;
  const id = positiveInteger(text);
  if (id === undefined) return undefined;
  return source === 'tmdb' ? { tmdb: id } : { tvdb: id };
}

function positiveInteger(text: string): number | undefined {
  const value = nonNegativeInteger(text);
  return value === undefined || value === 0 ? undefined : value;
}

function nonNegativeInteger(text: string): number | undefined {
  if (!digitsPattern.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

function withLocal(parsed: Omit<ParsedGuid, 'local'>): ParsedGuid {
  const hasIdentity =
    Object.keys(parsed.ids).length > 0 || parsed.showIds !== undefined || parsed.plex !== undefined || parsed.anidb !== undefined;
  return { ...parsed, local: !hasIdentity };
}
