import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MinimalItem } from '../../src/domain/items';
import { HttpError } from '../../src/providers/http';
import {
  createHomeUserClient,
  createPlexClient,
  HomeUserError,
  memoryGuidMemo,
  type PlexClientOptions,
  toTraktRating,
} from '../../src/providers/plex';
import { toMinimalItem } from '../../src/providers/plex/normalize';
import { type pmsHistorySchema, pmsMetadataContainerSchema } from '../../src/providers/plex/schemas';
import { createTransport } from '../../src/providers/plex/transport';
import { generateCatalog } from '../../src/sim/catalog';
import type { LiveSession } from '../../src/sim/plex/contracts';
import { createDiscoverSim } from '../../src/sim/plex/discover';
import { type HistoryRow, type LibraryItem, type PlexHomeAccount, seedPlexLibrary } from '../../src/sim/plex/library';
import { createPlexTvSim } from '../../src/sim/plex/plextv';
import { createPmsSim } from '../../src/sim/plex/pms';
import { listenOnLoopback } from '../../src/sim/plex/pms/listen';

// Seed 5 has every GUID style the provider must handle among the owner's plays: modern, legacy imdb/tmdb/
// thetvdb, plex-only movies and shows, local movies, and rows of deleted media; > 500 owner rows (two pages).
const seed = 5;
const catalog = generateCatalog({ movies: 150, shows: 10, episodes: 200 }, seed);
const library = seedPlexLibrary(catalog, { users: 4, plays: 1200, ratings: 60, seed });
const liveSessions: LiveSession[] = [];
const pms = createPmsSim({ library, sessions: { sessions: () => liveSessions } });
const discover = createDiscoverSim({ catalog, accounts: library });
let plexTv: ReturnType<typeof createPlexTvSim>;
const urls = { pms: '', plextv: '', discover: '' };
const owner = library.owner;
const managed = library.accounts.find((a) => a.managed && a.protected) as PlexHomeAccount;

// PMS metadata reads (`/library/metadata/1,2,3`), counted on the server side: requests, and in-flight
// requests with latency so reads overlap. (The fault board's latency runs before this hook would count,
// so the test adds its own.)
const metadataReads = { requests: 0, inFlight: 0, max: 0, latencyMs: 0, vanishing: undefined as string | undefined };
pms.app.addHook('onRequest', async (req, reply) => {
  if (req.routeOptions.url !== '/library/metadata/:ratingKey') return;
  metadataReads.requests += 1;
  metadataReads.inFlight += 1;
  metadataReads.max = Math.max(metadataReads.max, metadataReads.inFlight);
  // An item deleted between the history listing and its metadata read: PMS leaves it out of the answer
  // (answered here: the sim's deleteItem would outlive library.reset()).
  const params = req.params as { ratingKey: string };
  params.ratingKey = params.ratingKey
    .split(',')
    .filter((key) => key !== metadataReads.vanishing)
    .join(',');
  if (params.ratingKey === '') return reply.code(404).send('Not Found');
  if (metadataReads.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, metadataReads.latencyMs));
});
pms.app.addHook('onResponse', async (req) => {
  if (req.routeOptions.url === '/library/metadata/:ratingKey') metadataReads.inFlight -= 1;
});

beforeAll(async () => {
  urls.pms = await listenOnLoopback(pms.app);
  urls.discover = await listenOnLoopback(discover.app);
  plexTv = createPlexTvSim({ library, pmsBaseUrl: urls.pms });
  urls.plextv = await listenOnLoopback(plexTv.app);
});
afterAll(async () => {
  await Promise.all([pms.app.close(), discover.app.close(), plexTv.app.close()]);
});
beforeEach(() => {
  library.reset();
  pms.faults.clear();
  pms.faults.resetCounts();
  pms.pageFaults.clear();
  discover.faults.clear();
  discover.faults.resetCounts();
  discover.state.watchlists.reset();
  liveSessions.length = 0;
  metadataReads.requests = 0;
  metadataReads.max = 0;
  metadataReads.latencyMs = 0;
  metadataReads.vanishing = undefined;
});

function options(overrides: Partial<PlexClientOptions> = {}): PlexClientOptions {
  return {
    pmsUrl: urls.pms,
    accountToken: owner.token,
    plextvUrl: urls.plextv,
    discoverUrl: urls.discover,
    metadataUrl: urls.discover,
    clientIdentifier: 'watchsync-test',
    watchlistWriteDelayMs: 0,
    ...overrides,
  };
}

const client = (overrides: Partial<PlexClientOptions> = {}) => createPlexClient(options(overrides));

const iso = (epochS: number) => new Date(epochS * 1000).toISOString();
const item = (ratingKey: string) => library.items.get(ratingKey) as LibraryItem;
/** Items another service can identify: not local, and not plex-only (a plex:// guid without Guid[]). */
const identifiable = (i: LibraryItem) => !i.guid.startsWith('local://') && !(i.guid.startsWith('plex://') && i.externalGuids.length === 0);
const rowsOf = (accountId: number) =>
  library.history.filter((r): r is HistoryRow & { ratingKey: string } => r.accountId === accountId && r.ratingKey !== undefined);
const playKey = (p: { ratingKey: string; watched_at: string }) => `${p.ratingKey}|${p.watched_at}`;
const countDiscover = (route: string) => discover.faults.count(route);

describe('identity and Plex Home', () => {
  it('resolves the owner: PMS account 1, plex.tv username and uuid', async () => {
    expect(await client().identity()).toEqual({
      accountId: 1,
      username: 'owner',
      uuid: owner.uuid,
      title: 'owner',
      managed: false,
      plexTvId: expect.any(Number),
    });
  });

  it('switches to a protected managed user with its PIN and resolves that user on the PMS', async () => {
    const owners = client();
    expect((await owners.homeUsers()).map((u) => u.uuid)).toContain(managed.uuid);
    const token = await owners.switchHomeUser(managed.uuid, managed.pin);
    const identity = await client({ accountToken: token }).identity();
    expect(identity).toMatchObject({ accountId: managed.id, username: managed.title, uuid: managed.uuid, managed: true });
  });

  it('acts as a Home member chosen by name: its own identity, ratings and plays, even given the admin PMS token', async () => {
    const [movie, other] = [...library.items.values()].filter((i) => i.type === 'movie' && identifiable(i));
    library.rate(managed.id, movie!.ratingKey, 6, 1_710_000_000);
    library.rate(owner.id, other!.ratingKey, 9, 1_710_000_000);
    const member = await createHomeUserClient(options({ pmsToken: owner.token }), { user: managed.title.toUpperCase(), pin: managed.pin });
    expect(await member.identity()).toMatchObject({ uuid: managed.uuid, accountId: managed.id, managed: true });
    const memberRatings = (await member.ratingsIndex()).ratings.map((r) => r.ratingKey).sort();
    const expected = library
      .statesOf(managed.id)
      .filter((s) => s.userRating !== undefined && identifiable(item(s.ratingKey)))
      .map((s) => s.ratingKey);
    expect(memberRatings).toEqual(expected.sort());
    expect(memberRatings).toContain(movie!.ratingKey);
    expect(memberRatings).not.toContain(other!.ratingKey);
    const plays = (await member.historyIndex()).plays.map(playKey);
    expect(plays.length).toBeGreaterThan(0);
    expect(plays).toEqual((await client().historyIndex({ accountId: managed.id })).plays.map(playKey));
  });

  it('finds a member by uuid, and switches to an unprotected one without a PIN', async () => {
    const open = library.accounts.find((a) => !a.protected && !a.admin) as PlexHomeAccount;
    const member = await createHomeUserClient(options(), { user: open.uuid });
    expect((await member.identity()).uuid).toBe(open.uuid);
  });

  it('says what is wrong with a Home member choice: unknown (naming the members), PIN missing, PIN refused', async () => {
    const problem = (choice: { user: string; pin?: string }) =>
      createHomeUserClient(options(), choice).then(
        () => undefined,
        (error: unknown) => error as HomeUserError,
      );
    const unknown = await problem({ user: 'Nobody' });
    expect(unknown).toBeInstanceOf(HomeUserError);
    expect(unknown).toMatchObject({ problem: 'not_found' });
    expect(unknown?.message).toContain(managed.title);
    expect(await problem({ user: managed.title })).toMatchObject({ problem: 'pin_required' });
    const refused = await problem({ user: managed.title, pin: '0000' });
    expect(refused).toMatchObject({ problem: 'pin_refused' });
    expect(refused?.message).not.toContain('0000');
  });

  it('refuses a wrong PIN with a 403 that does not repeat the PIN', async () => {
    const error = await client()
      .switchHomeUser(managed.uuid, '0000')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(403);
    expect((error as HttpError).message).not.toContain('0000');
  });
});

describe('history index', () => {
  it('equals the ground truth of the account: other users excluded, deleted media skipped, sorted', async () => {
    const { plays, skipped, complete } = await client().historyIndex({ accountId: 1 });
    expect(complete).toBe(true);
    const expected = new Set(
      rowsOf(1)
        .filter((r) => identifiable(item(r.ratingKey)))
        .map((r) => `${r.ratingKey}|${iso(r.viewedAt)}`),
    );
    expect(new Set(plays.map(playKey))).toEqual(expected);
    expect(plays).toHaveLength(expected.size);
    expect(plays.map((p) => p.watched_at)).toEqual([...plays.map((p) => p.watched_at)].sort());
    const deleted = library.history.filter((r) => r.accountId === 1 && r.ratingKey === undefined);
    expect(skipped.filter((s) => s.reason === 'deleted_media')).toHaveLength(deleted.length);
    expect(skipped.some((s) => s.reason === 'local_guid')).toBe(true);
    expect(skipped.some((s) => s.reason === 'no_external_ids')).toBe(true);
  });

  it('finds the account by username, and a managed user token sees only its own plays', async () => {
    const byName = await client().historyIndex({ username: managed.title });
    const expected = rowsOf(managed.id).filter((r) => identifiable(item(r.ratingKey)));
    expect(byName.plays.length).toBe(new Set(expected.map((r) => `${r.ratingKey}|${r.viewedAt}`)).size);
    const token = await client().switchHomeUser(managed.uuid, managed.pin);
    const own = await client({ accountToken: token }).historyIndex();
    expect(own.plays.map(playKey)).toEqual(byName.plays.map(playKey));
  });

  it('de-duplicates the same item at the same time and keeps rewatches', async () => {
    const [first] = rowsOf(1).filter((r) => identifiable(item(r.ratingKey)));
    if (!first) throw new Error('seed has no plays');
    library.addHistory({ ...first, viewedAt: first.viewedAt });
    library.addHistory({ ...first, viewedAt: first.viewedAt + 86_400 });
    const { plays } = await client().historyIndex({ accountId: 1 });
    expect(plays.filter((p) => p.ratingKey === first.ratingKey && p.watched_at === iso(first.viewedAt))).toHaveLength(1);
    expect(plays.some((p) => p.ratingKey === first.ratingKey && p.watched_at === iso(first.viewedAt + 86_400))).toBe(true);
  });

  it('describes episodes by their ids, show ids, season and number, legacy thetvdb episodes by show ids', async () => {
    const { plays } = await client().historyIndex({ accountId: 1 });
    const episodes = plays.filter((p) => p.item.type === 'episode');
    const modern = episodes.find((p) => item(p.ratingKey).guid.startsWith('plex://'));
    const legacy = episodes.find((p) => item(p.ratingKey).guid.startsWith('com.plexapp.agents.thetvdb://'));
    for (const play of [modern, legacy]) {
      if (!play) throw new Error('seed lacks an episode style');
      const episode = item(play.ratingKey);
      const show = catalog.shows.find((s) =>
        s.seasons.some((season) => season.episodes.some((e) => e.plexId === episode.guid.split('/').pop())),
      );
      expect(play.item).toMatchObject({ type: 'episode', season: episode.parentIndex, episode: episode.index });
      expect(play.item.show_ids?.tvdb).toBeGreaterThan(0);
      if (show) expect(play.item.show_ids).toMatchObject({ tvdb: show.ids.tvdb, imdb: show.ids.imdb, tmdb: show.ids.tmdb });
    }
    expect(modern?.item.ids.tvdb).toBeGreaterThan(0);
    expect(legacy?.item.ids).toEqual({});
  });

  it('keeps local items when neither filter drops them, and honours GUID prefixes', async () => {
    const all = await client().historyIndex({ accountId: 1, ignoreLocalGuids: false, requireExternalIds: false });
    expect(all.plays.some((p) => item(p.ratingKey).guid.startsWith('local://'))).toBe(true);
    const noLegacy = await client().historyIndex({ accountId: 1, ignoreGuidPrefixes: ['com.plexapp.agents.'] });
    expect(noLegacy.plays.some((p) => item(p.ratingKey).guid.startsWith('com.plexapp.agents.'))).toBe(false);
    expect(noLegacy.skipped.some((s) => s.reason === 'ignored_guid_prefix')).toBe(true);
  });

  it('filters by library section and reads incrementally from `since`', async () => {
    const { plays } = await client().historyIndex({ accountId: 1, sectionIds: [2] });
    expect(plays.length).toBeGreaterThan(0);
    expect(plays.every((p) => item(p.ratingKey).sectionId === 2)).toBe(true);
    const all = await client().historyIndex({ accountId: 1 });
    const since = all.plays[Math.floor(all.plays.length / 2)]?.watched_at as string;
    const recent = await client().historyIndex({ accountId: 1, since });
    expect(recent.plays.map(playKey)).toEqual(all.plays.filter((p) => p.watched_at >= since).map(playKey));
  });

  it('reads metadata in batches of 100 keys with at most history_workers requests in flight', async () => {
    // Every movie and episode played once more: enough distinct items for more batches than workers.
    const leaves = [...library.items.values()].filter((i) => i.type === 'movie' || i.type === 'episode');
    for (const leaf of leaves)
      library.addHistory({
        ratingKey: leaf.ratingKey,
        accountId: 1,
        viewedAt: 1_600_000_000,
        sectionId: leaf.sectionId,
        title: leaf.title,
        type: leaf.type as 'movie' | 'episode',
      });
    metadataReads.latencyMs = 10;
    const { plays } = await client({ historyWorkers: 2 }).historyIndex({ accountId: 1 });
    expect(new Set(plays.map((p) => p.ratingKey)).size).toBe(leaves.filter(identifiable).length);
    expect(metadataReads.max).toBe(2);
    // One request per 100 items, and at most one more per batch for the shows not read yet.
    const batches = Math.ceil(leaves.length / 100);
    expect(metadataReads.requests).toBeGreaterThanOrEqual(batches);
    expect(metadataReads.requests).toBeLessThanOrEqual(2 * batches);
  });

  it('throws when a page fails half-way instead of returning a partial list', async () => {
    pms.pageFaults.set('GET /status/sessions/history/all', { fromOffset: 500 });
    await expect(client().historyIndex({ accountId: 1 })).rejects.toMatchObject({ name: 'HttpError', status: 500 });
    pms.pageFaults.set('GET /status/sessions/history/all', { fromOffset: 500, refuse: true });
    await expect(client().historyIndex({ accountId: 1 })).rejects.toMatchObject({ name: 'NetworkError' });
  });

  it('adds items marked watched without a play as extra plays, never duplicating a history play', async () => {
    const played = new Set(rowsOf(1).map((r) => r.ratingKey));
    const unplayed = [...library.items.values()].find(
      (i) => i.type === 'movie' && identifiable(i) && !played.has(i.ratingKey),
    ) as LibraryItem;
    const marked = library.stateOf(1, unplayed.ratingKey);
    marked.viewCount = 1;
    marked.lastViewedAt = 1_700_000_000;
    const before = await client().historyIndex({ accountId: 1 });
    const after = await client().historyIndex({ accountId: 1, includeMarkedWatched: true });
    const extra = after.plays.filter((p) => p.source === 'marked_watched');
    expect(extra).toEqual([expect.objectContaining({ ratingKey: unplayed.ratingKey, watched_at: iso(1_700_000_000) })]);
    expect(after.plays.length).toBe(before.plays.length + 1);
    // Un-marking removes the extra play from the index; it is flagged `marked_watched` so a planner never turns that into a removal.
    marked.viewCount = 0;
    const unmarked = await client().historyIndex({ accountId: 1, includeMarkedWatched: true });
    expect(unmarked.plays.some((p) => p.source === 'marked_watched')).toBe(false);
  });
});

describe('ratings index', () => {
  it('lists rated movies, shows, seasons and episodes with rated_at, halves rounded', async () => {
    const episode = [...library.items.values()].find((i) => i.type === 'episode' && identifiable(i)) as LibraryItem;
    const season = [...library.items.values()].find((i) => i.type === 'season' && i.externalGuids.length > 0) as LibraryItem;
    library.rate(1, episode.ratingKey, 7.5, 1_710_000_000);
    library.rate(1, season.ratingKey, 4, 1_710_000_100);
    const { ratings, complete } = await client().ratingsIndex();
    expect(complete).toBe(true);
    const expected = library.statesOf(1).filter((s) => s.userRating !== undefined && identifiable(item(s.ratingKey)));
    expect(ratings).toHaveLength(expected.length);
    for (const state of expected) {
      const rating = ratings.find((r) => r.ratingKey === state.ratingKey);
      expect(rating).toMatchObject({ rating: toTraktRating(state.userRating), rated_at: iso(state.lastRatedAt as number) });
    }
    expect(ratings.find((r) => r.ratingKey === episode.ratingKey)).toMatchObject({
      rating: 8,
      item: { type: 'episode', season: episode.parentIndex },
    });
    expect(ratings.find((r) => r.ratingKey === season.ratingKey)?.item).toMatchObject({
      type: 'season',
      season: season.index,
      show_ids: { tvdb: expect.any(Number) },
    });
  });

  it('rounds PMS ratings to Trakt integers 1–10', () => {
    expect([undefined, 0, 0.4, 0.5, 1, 7.5, 9.49, 10, 12].map(toTraktRating)).toEqual([undefined, undefined, 1, 1, 1, 8, 9, 10, 10]);
  });
});

describe('watchlist index', () => {
  it('pages past the 100-item cap and carries external ids', async () => {
    const titles = [
      ...catalog.movies.filter((m) => m.guidStyle !== 'local').slice(0, 120),
      ...catalog.shows.filter((s) => s.guidStyle !== 'local').slice(0, 5),
    ];
    discover.state.watchlists.replace(
      owner.token,
      titles.map((t) => t.plexId),
    );
    const { entries, complete } = await client().watchlistIndex();
    expect(complete).toBe(true);
    expect(entries.map((e) => e.ratingKey)).toEqual(titles.map((t) => t.plexId));
    expect(countDiscover('GET /library/sections/watchlist/:filter')).toBe(2);
    for (const [i, entry] of entries.entries())
      expect(entry.item).toMatchObject({ type: titles[i]?.kind, ids: { imdb: titles[i]?.ids.imdb, plex: titles[i]?.plexId } });
  });
});

describe('writes', () => {
  const movie = catalog.movies.find((m) => m.guidStyle === 'modern') as (typeof catalog.movies)[number];
  const movieKey = String(Number(movie.key.slice(1)));
  const traktMovie: MinimalItem = { type: 'movie', title: movie.title, ids: { imdb: movie.ids.imdb as string, trakt: movie.ids.trakt } };

  it('scrobbles and unscrobbles a movie found by its external id; the play lands at "now"', async () => {
    const now = Date.UTC(2026, 0, 2);
    const result = await client({ now: () => now }).markWatched(traktMovie);
    expect(result).toEqual({ status: 'written', ratingKey: movieKey, at: new Date(now).toISOString() });
    expect(library.peekState(1, movieKey)?.viewCount).toBeGreaterThan(0);
    expect(await client().markUnwatched({ ratingKey: movieKey })).toMatchObject({ status: 'written' });
    expect(library.peekState(1, movieKey)?.viewCount).toBe(0);
  });

  it('finds a legacy thetvdb episode by show ids, season and number', async () => {
    const show = catalog.shows.find((s) => s.guidStyle === 'legacy-tvdb') as (typeof catalog.shows)[number];
    const episode = show.seasons[0]?.episodes[1] as (typeof show.seasons)[number]['episodes'][number];
    const target: MinimalItem = {
      type: 'episode',
      ids: {},
      show_ids: { tvdb: show.ids.tvdb as number },
      season: episode.season,
      episode: episode.number,
    };
    const result = await client().markWatched(target);
    expect(result).toMatchObject({ status: 'written', ratingKey: String(3_000_000 + Number(episode.key.slice(1))) });
  });

  it('answers not_found and invalid instead of throwing for items it cannot write', async () => {
    const writer = client();
    expect(await writer.markWatched({ type: 'movie', ids: { imdb: 'tt99999999' } })).toMatchObject({ status: 'not_found' });
    expect(await writer.markWatched({ type: 'movie', title: 'No ids', ids: {} })).toMatchObject({ status: 'invalid' });
    expect(await writer.rate(traktMovie, 11)).toMatchObject({ status: 'invalid' });
    expect(await writer.markWatched({ ratingKey: '987654321' })).toMatchObject({ status: 'not_found' });
  });

  it('rates 1–10 and clears', async () => {
    expect(await client().rate(traktMovie, 7)).toMatchObject({ status: 'written', ratingKey: movieKey });
    expect(library.peekState(1, movieKey)?.userRating).toBe(7);
    await client().rate(traktMovie, null);
    expect(library.peekState(1, movieKey)?.userRating).toBeUndefined();
  });

  it('adds to and removes from the Discover watchlist by external id, paced', async () => {
    const sleeps: number[] = [];
    const writer = client({ watchlistWriteDelayMs: 500, now: () => 1_000, sleep: async (ms) => void sleeps.push(ms) });
    expect(await writer.addToWatchlist(traktMovie)).toMatchObject({ status: 'written', ratingKey: movie.plexId });
    expect(discover.state.watchlists.find(owner.token, movie.plexId)).toBeDefined();
    expect(await writer.removeFromWatchlist(traktMovie)).toMatchObject({ status: 'written' });
    expect(discover.state.watchlists.find(owner.token, movie.plexId)).toBeUndefined();
    expect(sleeps).toEqual([500]);
    expect(await writer.addToWatchlist({ type: 'episode', ids: { tvdb: 1 } })).toMatchObject({ status: 'invalid' });
    expect(await writer.addToWatchlist({ type: 'movie', ids: { imdb: 'tt99999999' } })).toMatchObject({ status: 'not_found' });
  });
});

describe('fallback GUID', () => {
  it('enriches plex-only items from the metadata service and memoises hits and misses', async () => {
    const memo = memoryGuidMemo();
    const options = { accountId: 1, ignoreLocalGuids: false };
    const first = await client({ fallbackGuid: true, memo }).historyIndex(options);
    const plexOnly = first.plays.filter(
      (p) => item(p.ratingKey).guid.startsWith('plex://') && item(p.ratingKey).externalGuids.length === 0,
    );
    expect(plexOnly.length).toBeGreaterThan(0);
    for (const play of plexOnly) expect(play.item.ids.imdb ?? play.item.ids.tvdb).toBeDefined();
    const misses = [...memo.entries.entries()].filter(([, ids]) => ids === null);
    expect(misses.length).toBeGreaterThan(0);
    expect(misses.every(([key]) => key.includes('local://'))).toBe(true);
    expect(
      first.skipped.filter((s) => s.reason === 'no_external_ids').every((s) => item(s.ratingKey as string).guid.startsWith('local://')),
    ).toBe(true);

    discover.faults.resetCounts();
    const second = await client({ fallbackGuid: true, memo }).historyIndex(options);
    expect(second.plays.map(playKey)).toEqual(first.plays.map(playKey));
    expect(Object.values(discover.faults.snapshot().counts).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('finds an item deleted before its metadata was read by a Discover title + year search', async () => {
    const { ratingKey } = rowsOf(1).find((r) => item(r.ratingKey).type === 'movie' && item(r.ratingKey).guid.startsWith('plex://')) as {
      ratingKey: string;
    };
    const movie = catalog.movies.find((m) => m.plexId === item(ratingKey).guid.split('/').pop()) as (typeof catalog.movies)[number];
    metadataReads.vanishing = ratingKey;
    const without = await client().historyIndex({ accountId: 1 });
    expect(without.skipped).toContainEqual({ ratingKey, title: movie.title, reason: 'not_found' });
    const withFallback = await client({ fallbackGuid: true }).historyIndex({ accountId: 1 });
    const play = withFallback.plays.find((p) => p.ratingKey === ratingKey);
    expect(play?.item).toEqual({ type: 'movie', title: movie.title, ids: { imdb: movie.ids.imdb, tmdb: movie.ids.tmdb } });
    expect(countDiscover('GET /library/search')).toBeGreaterThan(0);
  });
});

describe('scrobble enrichment', () => {
  it('describes an item and lists sessions with user and player', async () => {
    const episode = [...library.items.values()].find(
      (i) => i.type === 'episode' && i.guid.startsWith('plex://') && i.externalGuids.length > 0,
    ) as LibraryItem;
    const metadata = await client().metadata(episode.ratingKey);
    expect(metadata).toMatchObject({
      type: 'episode',
      durationMs: episode.durationMs,
      librarySectionId: 2,
      item: { season: episode.parentIndex, episode: episode.index },
    });
    expect(metadata?.item.show_ids?.tvdb).toBeDefined();
    liveSessions.push({
      sessionKey: '7',
      ratingKey: episode.ratingKey,
      accountId: managed.id,
      state: 'paused',
      viewOffsetMs: 60_000,
      playerUuid: 'p-1',
      playerTitle: 'TV',
    });
    expect(await client().sessions()).toEqual([
      {
        sessionKey: '7',
        ratingKey: episode.ratingKey,
        user: { id: managed.id, title: managed.title },
        player: { uuid: 'p-1', title: 'TV', state: 'paused' },
        viewOffsetMs: 60_000,
      },
    ]);
  });
});

describe('wire formats', () => {
  it('normalises XML answers like JSON ones', async () => {
    const transport = createTransport({ clientIdentifier: 'watchsync-test' });
    const host = { baseUrl: urls.pms, token: owner.token };
    const episode = [...library.items.values()].find((i) => i.type === 'episode' && i.externalGuids.length > 1) as LibraryItem;
    const read = (accept: string, path: string, schema: typeof pmsMetadataContainerSchema | typeof pmsHistorySchema) =>
      transport.get(host, { path, headers: { accept } }, schema);
    const [json, xml] = await Promise.all(
      ['application/json', 'application/xml'].map((accept) =>
        read(accept, `/library/metadata/${episode.ratingKey}`, pmsMetadataContainerSchema),
      ),
    );
    const normalise = (body: unknown) =>
      toMinimalItem((body as { MediaContainer: { Metadata: [Parameters<typeof toMinimalItem>[0]] } }).MediaContainer.Metadata[0]);
    expect(normalise(xml?.data)).toEqual(normalise(json?.data));
    expect(normalise(xml?.data)?.ids.tvdb).toBeDefined();
  });
});

describe('health', () => {
  it('reports PMS down and the features that need it, Discover still ready', async () => {
    expect(await client().health()).toEqual({
      pms: { status: 'ok' },
      discover: { status: 'ok' },
      features: { history: { status: 'ready' }, ratings: { status: 'ready' }, watchlist: { status: 'ready' } },
    });
    pms.faults.set('*', { outageUntil: Date.now() + 60_000, status: 503 });
    const health = await client().health();
    expect(health.pms).toMatchObject({ status: 'error', reason: expect.stringContaining('503') });
    expect(health.features.history).toMatchObject({ status: 'not_ready' });
    expect(health.features.watchlist).toEqual({ status: 'ready' });
    expect(JSON.stringify(health)).not.toContain(owner.token);
  });
});
