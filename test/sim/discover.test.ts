import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discoverProviderSchema, discoverWatchlistSchema, parsePmsXml } from '../../src/providers/plex/schemas';
import { generateCatalog } from '../../src/sim/catalog';
import { createDiscoverSim, type DiscoverSim, defaultPageSize, maxPageSize } from '../../src/sim/plex/discover';
import { fixturesDir } from '../support/fixtures';

const fixtures = join(fixturesDir, 'plex');
const token = 'owner-token';
const otherToken = 'friend-token';

type Container = {
  MediaContainer: Record<string, unknown> & { size: number; totalSize?: number; offset?: number; Metadata?: Record<string, unknown>[] };
};

describe('simulated Plex Discover / metadata provider', () => {
  const catalog = generateCatalog({ movies: 250, shows: 10, episodes: 60 }, 11);
  const knownMovies = catalog.movies.filter((m) => m.guidStyle !== 'local');
  const knownShows = catalog.shows.filter((s) => s.guidStyle !== 'local');
  // 125 movies then 5 shows, most recently added first.
  const seeded = [...knownMovies.slice(0, 125), ...knownShows.slice(0, 5)].map((t) => t.plexId);
  const now = Date.UTC(2026, 0, 1);
  let sim: DiscoverSim;
  let baseUrl: string;

  beforeAll(async () => {
    sim = createDiscoverSim({
      catalog,
      accounts: [
        { token, watchlist: seeded },
        { token: otherToken, watchlist: [] },
      ],
      clock: () => now,
    });
    baseUrl = await sim.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await sim.app.close();
  });
  beforeEach(async () => {
    await request(`${baseUrl}/__admin/reset`, { method: 'POST' });
  });

  async function get(path: string, headers: Record<string, string> = { 'x-plex-token': token }) {
    const response = await request(`${baseUrl}${path}`, { headers: { accept: 'application/json', ...headers } });
    return {
      status: response.statusCode,
      headers: response.headers,
      body: (await response.body.json().catch(() => undefined)) as Container,
    };
  }

  async function put(path: string, headers: Record<string, string> = { 'x-plex-token': token }) {
    const response = await request(`${baseUrl}${path}`, { method: 'PUT', headers });
    await response.body.dump();
    return response.statusCode;
  }

  it('pages the watchlist: 20 by default, capped at 100, past the end size 0 without Metadata', async () => {
    const first = await get('/library/sections/watchlist/all');
    expect(first.status).toBe(200);
    expect(first.body.MediaContainer).toMatchObject({
      librarySectionID: 'watchlist',
      librarySectionTitle: 'Watchlist',
      offset: 0,
      totalSize: 130,
      size: defaultPageSize,
    });

    const capped = await get('/library/sections/watchlist/all', {
      'x-plex-token': token,
      'X-Plex-Container-Start': '0',
      'X-Plex-Container-Size': '300',
    });
    expect(capped.body.MediaContainer.size).toBe(maxPageSize);
    expect(capped.headers['x-plex-container-total-size']).toBe('130');

    // Query form, advancing by what came back.
    const second = await get(
      `/library/sections/watchlist/all?X-Plex-Container-Start=${maxPageSize}&X-Plex-Container-Size=300&X-Plex-Token=${token}`,
      {},
    );
    expect(second.body.MediaContainer).toMatchObject({ offset: 100, size: 30, totalSize: 130 });
    const all = [...capped.body.MediaContainer.Metadata!, ...second.body.MediaContainer.Metadata!].map((m) => m.ratingKey);
    expect(all).toEqual(seeded);

    const past = await get('/library/sections/watchlist/all?X-Plex-Container-Start=300');
    const real = JSON.parse(readFileSync(`${fixtures}/discover_watchlist_empty_page.json`, 'utf8')) as Container;
    expect(past.body.MediaContainer).toEqual({ ...real.MediaContainer, totalSize: 130, identifier: 'tv.plex.provider.metadata' });
    expect(past.body.MediaContainer).not.toHaveProperty('Metadata');

    expect((await get('/library/sections/watchlist/all?X-Plex-Container-Size=abc')).status).toBe(400);
  });

  it('lists items by 24-hex ratingKey and plex:// guid, with Guid[] only when includeGuids=1', async () => {
    const plain = await get('/library/sections/watchlist/all?X-Plex-Container-Size=5');
    const item = plain.body.MediaContainer.Metadata![0]!;
    expect(item.ratingKey).toMatch(/^[0-9a-f]{24}$/);
    expect(item.guid).toBe(`plex://${item.type}/${item.ratingKey}`);
    expect(item).not.toHaveProperty('Guid');
    const real = JSON.parse(readFileSync(`${fixtures}/discover_watchlist_all.json`, 'utf8')) as Container;
    const realMovie = real.MediaContainer.Metadata!.find((m) => m.type === 'movie')!;
    const ours = plain.body.MediaContainer.Metadata!.find((m) => m.type === 'movie')!;
    for (const field of ['guid', 'key', 'ratingKey', 'type', 'title', 'year', 'thumb', 'duration', 'slug', 'userState', 'publicPagesURL']) {
      expect(realMovie).toHaveProperty(field);
      expect(ours).toHaveProperty(field);
    }

    const withGuids = await get('/library/sections/watchlist/all?X-Plex-Container-Size=5&includeGuids=1');
    const movie = catalog.movies.find((m) => m.plexId === withGuids.body.MediaContainer.Metadata![0]!.ratingKey)!;
    expect(withGuids.body.MediaContainer.Metadata![0]!.Guid).toEqual([
      { id: `imdb://${movie.ids.imdb}` },
      { id: `tmdb://${movie.ids.tmdb}` },
    ]);

    const shows = await get('/library/sections/watchlist/all?type=2&X-Plex-Container-Size=100');
    expect(shows.body.MediaContainer.totalSize).toBe(5);
    expect(shows.body.MediaContainer.Metadata!.every((m) => m.type === 'show' && String(m.key).endsWith('/children'))).toBe(true);
  });

  it('adds and removes titles (any 2xx), newest first, and reports watchlistedAt in userState', async () => {
    const title = knownMovies[200]!;
    expect(await put(`/actions/addToWatchlist?ratingKey=${title.plexId}`)).toBe(200);
    expect(await put(`/actions/addToWatchlist?ratingKey=${title.plexId}`)).toBe(200);
    const page = await get('/library/sections/watchlist/all?X-Plex-Container-Size=1');
    expect(page.body.MediaContainer).toMatchObject({ totalSize: 131, Metadata: [{ ratingKey: title.plexId }] });
    const state = await get(`/library/metadata/${title.plexId}/userState`);
    expect(state.body.MediaContainer.UserState).toEqual([{ ratingKey: title.plexId, type: title.kind, watchlistedAt: now / 1000 }]);

    expect(await put(`/actions/removeFromWatchlist?ratingKey=${title.plexId}`)).toBe(200);
    expect((await get(`/library/metadata/${title.plexId}/userState`)).body.MediaContainer.UserState).toEqual([
      { ratingKey: title.plexId, type: title.kind },
    ]);
    expect(sim.state.watchlists.list(token)).toHaveLength(130);
    expect(sim.state.watchlists.list(otherToken)).toEqual([]);

    expect(await put('/actions/addToWatchlist?ratingKey=ffffffffffffffffffffffff')).toBe(404);
    expect(await put('/actions/addToWatchlist')).toBe(400);
    expect(await put(`/actions/addToWatchlist?ratingKey=${catalog.episodes[0]!.plexId}`)).toBe(400);
  });

  it('serves /library/metadata/{id} with external Guid[] for movies, shows and episodes', async () => {
    const show = catalog.shows.find((s) => s.guidStyle !== 'local')!;
    const shown = await get(`/library/metadata/${show.plexId}`);
    expect(shown.body.MediaContainer).toMatchObject({ size: 1, totalSize: 1, offset: 0 });
    expect(shown.body.MediaContainer.Metadata![0]).toMatchObject({
      type: 'show',
      title: show.title,
      guid: `plex://show/${show.plexId}`,
      Guid: [{ id: `imdb://${show.ids.imdb}` }, { id: `tmdb://${show.ids.tmdb}` }, { id: `tvdb://${show.ids.tvdb}` }],
    });
    const episode = show.seasons[0]!.episodes[0]!;
    const ep = (await get(`/library/metadata/${episode.plexId}`)).body.MediaContainer.Metadata![0]!;
    const real = (JSON.parse(readFileSync(`${fixtures}/discover_metadata_episode_official.json`, 'utf8')) as Container).MediaContainer
      .Metadata![0]!;
    for (const field of ['grandparentTitle', 'grandparentGuid', 'parentGuid', 'parentIndex', 'index', 'grandparentRatingKey'])
      expect(ep[field]).toBeDefined();
    expect(Object.keys(real)).toEqual(
      expect.arrayContaining(['grandparentTitle', 'grandparentGuid', 'parentGuid', 'parentIndex', 'index']),
    );
    expect(ep.Guid).toEqual(
      episode.onlyTvdb ? [{ id: `tvdb://${episode.ids.tvdb}` }] : expect.arrayContaining([{ id: `tvdb://${episode.ids.tvdb}` }]),
    );
    const seasons = await get(`/library/metadata/${show.plexId}/children`);
    expect(seasons.body.MediaContainer.Metadata!.map((s) => s.index)).toEqual(show.seasons.map((s) => s.number));
    expect((await get('/library/metadata/000000000000000000000000')).status).toBe(404);
    const local = catalog.movies.find((m) => m.guidStyle === 'local');
    if (local) expect((await get(`/library/metadata/${local.plexId}`)).status).toBe(404);
  });

  it('matches imdb://, tmdb://, tvdb:// and legacy agent guids to Discover items', async () => {
    const movie = catalog.movies.find((m) => m.guidStyle !== 'local')!;
    const show = catalog.shows.find((s) => s.guidStyle !== 'local')!;
    const byImdb = await get(`/library/metadata/matches?type=1&guid=${encodeURIComponent(`imdb://${movie.ids.imdb}`)}`);
    expect(byImdb.body.MediaContainer.Metadata!.map((m) => m.ratingKey)).toEqual([movie.plexId]);
    expect(byImdb.body.MediaContainer.Metadata![0]!.Guid).toBeDefined();
    const byTmdb = await get(`/library/metadata/matches?guid=tmdb://${movie.ids.tmdb}`);
    expect(byTmdb.body.MediaContainer.Metadata!.map((m) => m.ratingKey)).toEqual([movie.plexId]);
    const byTvdb = await get(`/library/metadata/matches?type=2&guid=tvdb://${show.ids.tvdb}`);
    expect(byTvdb.body.MediaContainer.Metadata!.map((m) => m.ratingKey)).toEqual([show.plexId]);
    const legacyEpisode = await get(
      `/library/metadata/matches?guid=${encodeURIComponent(`com.plexapp.agents.thetvdb://${show.ids.tvdb}/1/2?lang=en`)}`,
    );
    expect(legacyEpisode.body.MediaContainer.Metadata!.map((m) => m.ratingKey)).toEqual([show.seasons[0]!.episodes[1]!.plexId]);
    const wrongType = await get(`/library/metadata/matches?type=2&guid=imdb://${movie.ids.imdb}`);
    expect(wrongType.body.MediaContainer).toMatchObject({ size: 0, totalSize: 0 });
    expect(wrongType.body.MediaContainer).not.toHaveProperty('Metadata');
    expect((await get('/library/metadata/matches?guid=imdb://tt0000000')).body.MediaContainer.size).toBe(0);
    expect((await get('/library/metadata/matches')).status).toBe(400);
  });

  it('searches titles like searchDiscover: SearchResults[external].SearchResult[{score, Metadata}]', async () => {
    const movie = catalog.movies.find((m) => m.guidStyle !== 'local')!;
    const found = await get(
      `/library/search?query=${encodeURIComponent(movie.title)}&limit=30&searchTypes=movies,tv&searchProviders=discover&includeMetadata=1`,
    );
    const groups = found.body.MediaContainer.SearchResults as {
      id: string;
      SearchResult: { score: number; Metadata: Record<string, unknown> }[];
    }[];
    const external = groups.find((g) => g.id === 'external')!;
    expect(external.SearchResult[0]).toMatchObject({ score: 1, Metadata: { ratingKey: movie.plexId, title: movie.title, type: 'movie' } });
    const scores = external.SearchResult.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const showsOnly = await get(`/library/search?query=The&searchTypes=tv&limit=3`);
    const onlyShows = (showsOnly.body.MediaContainer.SearchResults as typeof groups)[0]!.SearchResult;
    expect(onlyShows).toHaveLength(3);
    expect(onlyShows.every((r) => r.Metadata.type === 'show')).toBe(true);
    expect((await get('/library/search?query=zzzzqqq')).body.MediaContainer.SearchResults).toEqual([
      { id: 'external', title: 'More Ways To Watch', size: 0, SearchResult: [] },
    ]);
  });

  it('answers 401 without a known token (header or query)', async () => {
    expect((await get('/library/sections/watchlist/all', {})).status).toBe(401);
    expect((await get('/library/sections/watchlist/all', { 'x-plex-token': 'bogus' })).status).toBe(401);
    expect((await get(`/library/metadata/${seeded[0]}`, { 'x-plex-token': 'bogus' })).status).toBe(401);
    expect(await put(`/actions/addToWatchlist?ratingKey=${seeded[0]}`, {})).toBe(401);
    expect((await get(`/library/search?query=a&X-Plex-Token=${otherToken}`, {})).status).toBe(200);
  });

  it('injects faults, counts requests, and exposes ground truth through /__admin', async () => {
    const set = await request(`${baseUrl}/__admin/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'GET /library/sections/watchlist/:filter', rule: { failNext: 2, status: 503 } }),
    });
    expect(set.statusCode).toBe(200);
    await set.body.dump();
    expect((await get('/library/sections/watchlist/all')).status).toBe(503);
    expect((await get('/library/sections/watchlist/all')).status).toBe(503);
    expect((await get('/library/sections/watchlist/all')).status).toBe(200);
    const counters = (await (await request(`${baseUrl}/__admin/counters`)).body.json()) as { counts: Record<string, number> };
    expect(counters.counts['GET /library/sections/watchlist/:filter']).toBe(3);

    sim.faults.set('*', { latencyMs: 30 });
    const started = Date.now();
    await get(`/library/metadata/${seeded[0]}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);

    const replaced = await request(`${baseUrl}/__admin/watchlists/${otherToken}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ratingKeys: seeded.slice(0, 2) }),
    });
    await replaced.body.dump();
    const truth = (await (await request(`${baseUrl}/__admin/watchlists`)).body.json()) as Record<string, { ratingKey: string }[]>;
    expect(truth[otherToken]!.map((e) => e.ratingKey)).toEqual(seeded.slice(0, 2));
    const bad = await request(`${baseUrl}/__admin/watchlists/${otherToken}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"ratingKeys":["nope"]}',
    });
    expect(bad.statusCode).toBe(400);
    await bad.body.dump();
  });

  /** A request as python-plexapi sends it: no Accept header, so the provider answers XML. */
  async function getXml(path: string) {
    const response = await request(`${baseUrl}${path}`, { headers: { 'x-plex-token': token } });
    return { status: response.statusCode, type: String(response.headers['content-type']), text: await response.body.text() };
  }

  it('answers XML unless asked for JSON: the same watchlist page either way', async () => {
    const path = '/library/sections/watchlist/all?X-Plex-Container-Start=120&X-Plex-Container-Size=10';
    const xml = await getXml(path);
    expect(xml.type).toContain('application/xml');
    expect(xml.text).toMatch(/<MediaContainer [^>]*librarySectionID="watchlist"/);
    // Movies are <Video>, shows <Directory>, as python-plexapi's parser expects.
    expect(xml.text).toMatch(/<Video [^>]*type="movie"/);
    expect(xml.text).toMatch(/<Directory [^>]*type="show"/);
    const json = await get(path);
    expect(discoverWatchlistSchema.parse(parsePmsXml(xml.text))).toEqual(discoverWatchlistSchema.parse(json.body));
  });

  it("answers an item's userState in XML, and its provider root in both formats", async () => {
    const [first] = seeded;
    const state = await getXml(`/library/metadata/${first}/userState`);
    expect(state.text).toMatch(new RegExp(`<UserState ratingKey="${first}" type="(movie|show)" watchlistedAt="\\d+"/>`));
    const root = discoverProviderSchema.parse((await get('/')).body);
    expect(root.MediaProvider.Feature.find((f) => f.type === 'actions')?.Action?.[0]?.id).toBe('addToWatchlist');
    expect((await getXml('/')).text).toContain('<MediaProvider identifier="tv.plex.provider.metadata"');
    expect((await get('/', {})).status).toBe(401);
  });

  it('accepts the tokens of a PMS library, including accounts it gains later', async () => {
    const accounts = [{ id: 1, uuid: 'u1', username: 'o', title: 'O', token: 'lib-token', managed: false }];
    const fromLibrary = createDiscoverSim({ catalog, accounts: { accounts, accountByToken: (t) => accounts.find((a) => a.token === t) } });
    const ask = (t: string) =>
      fromLibrary.app.inject({ url: '/library/sections/watchlist/all', headers: { 'x-plex-token': t, accept: 'application/json' } });
    expect((await ask('lib-token')).statusCode).toBe(200);
    expect((await ask('late-token')).statusCode).toBe(401);
    accounts.push({ id: 2, uuid: 'u2', username: 'k', title: 'K', token: 'late-token', managed: true });
    expect((await ask('late-token')).json()).toMatchObject({ MediaContainer: { size: 0, totalSize: 0 } });
  });
});
