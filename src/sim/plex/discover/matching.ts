import { type DiscoverEntry, type DiscoverIndex, plexTypeNumbers, ratingKeyOf } from './items';

/** Legacy PMS agent schemes and the external scheme Discover files their ids under. */
const legacyAgents: Record<string, string> = {
  'com.plexapp.agents.imdb': 'imdb',
  'com.plexapp.agents.themoviedb': 'tmdb',
  'com.plexapp.agents.thetvdb': 'tvdb',
};

/**
 * Resolves a guid the way `/library/metadata/matches?guid=` does: `plex://<type>/<id>`, the external forms
 * `imdb://tt…`, `tmdb://…`, `tvdb://…`, and (for clients that pass a PMS guid through) the legacy agent forms,
 * including `com.plexapp.agents.thetvdb://<show>/<season>/<episode>`.
 */
export function matchGuid(index: DiscoverIndex, guid: string): DiscoverEntry[] {
  const parsed = /^([a-z.]+):\/\/([^?]+)/.exec(guid);
  if (!parsed) return [];
  const [, rawScheme = '', path = ''] = parsed;
  if (rawScheme === 'plex') {
    const [type, id = ''] = path.split('/');
    const entry = index.entry(id);
    return entry && entry.type === type ? [entry] : [];
  }
  const scheme = legacyAgents[rawScheme] ?? rawScheme;
  const [id = '', season, episode] = path.split('/');
  const matches = index.byExternalGuid(`${scheme}://${id}`);
  if (season === undefined || episode === undefined) return matches;
  return matches.flatMap((entry) => (entry.type === 'show' ? episodeOf(entry, Number(season), Number(episode)) : []));
}

function episodeOf(entry: DiscoverEntry & { type: 'show' }, seasonNumber: number, episodeNumber: number): DiscoverEntry[] {
  const season = entry.show.seasons.find((s) => s.number === seasonNumber);
  const episode = season?.episodes.find((e) => e.number === episodeNumber);
  return season && episode ? [{ type: 'episode', show: entry.show, season, episode }] : [];
}

/** Plex's numeric `type` filter (1 movie, 2 show, 3 season, 4 episode); anything else keeps everything. */
export function filterByPlexType(entries: readonly DiscoverEntry[], type: string | undefined): DiscoverEntry[] {
  if (type === undefined) return [...entries];
  return entries.filter((entry) => String(plexTypeNumbers[entry.type]) === type);
}

/** Stable de-duplication by ratingKey (an id can be filed under several schemes). */
export function uniqueEntries(entries: readonly DiscoverEntry[]): DiscoverEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = ratingKeyOf(entry);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
