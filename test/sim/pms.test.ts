import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  parsePmsXml,
  pmsHistorySchema,
  pmsMetadataContainerSchema,
  pmsSectionsSchema,
  pmsSessionsSchema,
} from '../../src/providers/plex/schemas';
import { generateCatalog } from '../../src/sim/catalog';
import type { LiveSession } from '../../src/sim/plex/contracts';
import { type PlexHomeAccount, seedPlexLibrary } from '../../src/sim/plex/library';
import { createPmsSim } from '../../src/sim/plex/pms';
import { listenOnLoopback } from '../../src/sim/plex/pms/listen';

const now = 1_760_000_000;
const catalog = generateCatalog({ movies: 60, shows: 6, episodes: 120 }, 7);
const library = seedPlexLibrary(catalog, { users: 4, plays: 400, ratings: 40, seed: 7 });
const liveSessions: LiveSession[] = [];
const sim = createPmsSim({ library, sessions: { sessions: () => liveSessions }, now: () => now });
let base = '';
const owner = library.owner;
const managed = library.accounts.find((a) => a.managed) as PlexHomeAccount;

beforeAll(async () => {
  base = await listenOnLoopback(sim.app);
});
afterAll(async () => {
  await sim.app.close();
});
beforeEach(() => {
  library.reset();
  liveSessions.length = 0;
});

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire JSON and assert on it
type Json = Record<string, any>;

async function get(path: string, options: { token?: string | null; json?: boolean; headers?: Record<string, string> } = {}) {
  const token = options.token === undefined ? owner.token : options.token;
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (token !== null) headers['X-Plex-Token'] = token;
  if (options.json !== false) headers.accept = 'application/json';
  const res = await request(`${base}${path}`, { headers });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    headers: res.headers,
    text,
    body: (options.json !== false && text.startsWith('{') ? JSON.parse(text) : undefined) as Json,
  };
}

async function metadata(path: string, token = owner.token): Promise<Json[]> {
  const { body, status } = await get(path, { token });
  expect(status).toBe(200);
  return body.MediaContainer.Metadata ?? [];
}

describe('authentication', () => {
  it('answers 401 without or with a bad token, accepts header and query tokens, and /identity is public', async () => {
    expect((await get('/library/sections', { token: null })).status).toBe(401);
    expect((await get('/library/sections', { token: 'nope' })).status).toBe(401);
    expect((await get(`/library/sections?X-Plex-Token=${owner.token}`, { token: null })).status).toBe(200);
    const identity = await get('/identity', { token: null });
    expect(identity.body.MediaContainer).toEqual({
      size: 0,
      claimed: true,
      machineIdentifier: library.machineIdentifier,
      version: expect.any(String),
    });
  });
});

describe('wire formats', () => {
  it('uses XML by default with string attributes and "1"/"0" booleans, JSON with numbers and booleans', async () => {
    const xml = await get('/library/sections', { json: false });
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(xml.text).toMatch(/<Directory allowSync="1"[^>]* key="1" type="movie"/);
    expect(xml.text).toContain('hidden="0"');
    const json = await get('/library/sections');
    const directory = json.body.MediaContainer.Directory[0];
    expect(directory.key).toBe('1');
    expect(directory.allowSync).toBe(true);
    expect(typeof directory.updatedAt).toBe('number');
    expect(pmsSectionsSchema.parse(parsePmsXml(xml.text))).toEqual(pmsSectionsSchema.parse(json.body));
  });

  it('writes ratingKey as a string and librarySectionID as a number on items, a string in history', async () => {
    const [movie] = await metadata('/library/metadata/1');
    expect(movie?.ratingKey).toBe('1');
    expect(movie?.key).toBe('/library/metadata/1');
    expect(typeof movie?.librarySectionID).toBe('number');
    const history = await get('/status/sessions/history/all?X-Plex-Container-Size=1');
    expect(typeof history.body.MediaContainer.Metadata[0].librarySectionID).toBe('string');
  });

  it('gives the same normalised object from XML and JSON for listings, history and metadata', async () => {
    for (const [path, schema] of [
      ['/library/sections/2/all?type=4&includeGuids=1&X-Plex-Container-Size=20', pmsMetadataContainerSchema],
      ['/library/metadata/1000001/children', pmsMetadataContainerSchema],
      ['/status/sessions/history/all?X-Plex-Container-Size=50', pmsHistorySchema],
    ] as const) {
      const json = schema.parse((await get(path)).body);
      const xml = schema.parse(parsePmsXml((await get(path, { json: false })).text));
      expect(xml).toEqual(json);
    }
  });
});

describe('GUIDs', () => {
  it('renders every catalog style: modern with Guid[], legacy agents without, plex-only and local', async () => {
    const byStyle = (style: string) => catalog.movies.find((m) => m.guidStyle === style);
    const modern = byStyle('modern');
    const [m] = await metadata(`/library/metadata/${modern?.key.slice(1)}`);
    expect(m?.guid).toBe(`plex://movie/${modern?.plexId}`);
    expect(m?.Guid).toEqual([{ id: `imdb://${modern?.ids.imdb}` }, { id: `tmdb://${modern?.ids.tmdb}` }]);
    for (const [style, pattern] of [
      ['legacy-imdb', /^com\.plexapp\.agents\.imdb:\/\/tt\d+\?lang=en$/],
      ['legacy-tmdb', /^com\.plexapp\.agents\.themoviedb:\/\/\d+\?lang=en$/],
      ['local', /^local:\/\/\d+$/],
    ] as const) {
      const movie = byStyle(style);
      if (!movie) continue;
      const [item] = await metadata(`/library/metadata/${movie.key.slice(1)}`);
      expect(item?.guid).toMatch(pattern);
      expect(item?.Guid).toBeUndefined();
    }
  });

  it('gives legacy-agent episodes thetvdb://show/season/episode and onlyTvdb episodes a single tvdb Guid', async () => {
    const legacyShow = catalog.shows.find((s) => s.guidStyle === 'legacy-tvdb');
    if (legacyShow) {
      const episodes = await metadata(`/library/metadata/${1_000_000 + Number(legacyShow.key.slice(1))}/allLeaves`);
      expect(episodes[0]?.guid).toBe(`com.plexapp.agents.thetvdb://${legacyShow.ids.tvdb}/1/1?lang=en`);
    }
    const onlyTvdb = catalog.episodes.find(
      (e) =>
        e.onlyTvdb &&
        catalog.byKey.get(e.showKey)?.kind === 'show' &&
        (catalog.byKey.get(e.showKey) as { guidStyle: string }).guidStyle === 'modern',
    );
    expect(onlyTvdb).toBeDefined();
    const [episode] = await metadata(`/library/metadata/${3_000_000 + Number(onlyTvdb?.key.slice(1))}`);
    expect(episode?.Guid).toEqual([{ id: `tvdb://${onlyTvdb?.ids.tvdb}` }]);
    expect(episode?.guid).toBe(`plex://episode/${onlyTvdb?.plexId}`);
  });

  it('includes Guid[] in listings only with includeGuids=1, and finds items by primary GUID', async () => {
    const plain = await metadata('/library/sections/1/all');
    expect(plain.every((m) => m.Guid === undefined)).toBe(true);
    const withGuids = await metadata('/library/sections/1/all?includeGuids=1');
    expect(withGuids.some((m) => Array.isArray(m.Guid))).toBe(true);
    const target = withGuids[3] as Json;
    const found = await metadata(`/library/all?guid=${encodeURIComponent(target.guid)}`);
    expect(found.map((m) => m.ratingKey)).toEqual([target.ratingKey]);
    const episode = library.items.get('3000005');
    expect((await metadata(`/library/all?guid=${encodeURIComponent(episode?.guid ?? '')}`)).map((m) => m.ratingKey)).toEqual(['3000005']);
  });
});

describe('section listings: types, filters and sort', () => {
  it('lists shows by default in a show section, seasons with type=3 and episodes with type=4', async () => {
    expect((await metadata('/library/sections/2/all')).every((m) => m.type === 'show')).toBe(true);
    expect((await metadata('/library/sections/2/all?type=3')).every((m) => m.type === 'season')).toBe(true);
    const episodes = await metadata('/library/sections/2/all?type=4');
    expect(episodes).toHaveLength(120);
    expect(episodes[0]).toMatchObject({ type: 'episode', parentIndex: 1, index: 1, grandparentTitle: expect.any(String) });
    expect((await get('/library/sections/2/all?type=9')).status).toBe(400);
    expect((await get('/library/sections/99/all')).status).toBe(404);
  });

  it('sorts by titleSort by default and by any field with :asc/:desc', async () => {
    const titles = (await metadata('/library/sections/1/all')).map((m) => (m.titleSort ?? m.title).toLowerCase());
    expect(titles).toEqual([...titles].sort());
    const updated = (await metadata('/library/sections/1/all?sort=updatedAt:desc')).map((m) => m.updatedAt);
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
    expect((await get('/library/sections/1/all?sort=bogus')).status).toBe(400);
  });

  it('filters unwatched=1 and userRating / updatedAt / lastViewedAt comparisons per account', async () => {
    const all = await metadata('/library/sections/1/all');
    const unwatched = await metadata('/library/sections/1/all?unwatched=1');
    expect(unwatched.length).toBeGreaterThan(0);
    expect(unwatched.every((m) => m.viewCount === undefined)).toBe(true);
    expect(unwatched.length).toBe(all.filter((m) => m.viewCount === undefined).length);

    const rated = await metadata('/library/sections/1/all?userRating!=0');
    expect(rated.length).toBe(all.filter((m) => m.userRating !== undefined).length);
    expect(rated.length).toBeGreaterThan(0);
    const high = await metadata('/library/sections/1/all?userRating>>=6');
    expect(high.every((m) => m.userRating > 6)).toBe(true);

    const middle = [...all].sort((a, b) => a.updatedAt - b.updatedAt)[30]?.updatedAt as number;
    const newer = await metadata(`/library/sections/1/all?updatedAt>>=${middle}`);
    expect(newer.length).toBe(all.filter((m) => m.updatedAt > middle).length);
    const inclusive = await metadata(`/library/sections/1/all?${encodeURIComponent('updatedAt>=')}=${middle}`);
    expect(inclusive.length).toBe(all.filter((m) => m.updatedAt >= middle).length);

    const viewed = all.filter((m) => m.lastViewedAt !== undefined).map((m) => m.lastViewedAt as number);
    const since = [...viewed].sort()[Math.floor(viewed.length / 2)] as number;
    const recent = await metadata(`/library/sections/1/all?lastViewedAt>>=${since}`);
    expect(recent.length).toBe(viewed.filter((t) => t > since).length);
    expect((await metadata('/library/sections/1/all?lastViewedAt>>=-1d')).length).toBe(0);
    expect((await get('/library/sections/1/all?madeUp>>=3')).status).toBe(400);
  });

  it('filters shows as watched only when every episode is', async () => {
    const show = library.items.get('1000001');
    for (const leaf of library.leaves(show!)) library.markPlayed(owner.id, leaf.ratingKey, now - 100);
    const unwatched = (await metadata('/library/sections/2/all?unwatched=1')).map((m) => m.ratingKey);
    expect(unwatched).not.toContain('1000001');
    const [listed] = await metadata('/library/metadata/1000001');
    expect(listed?.viewedLeafCount).toBe(listed?.leafCount);
  });
});

describe('pagination', () => {
  it('pages by headers and by query, with offset/size/totalSize and the response headers', async () => {
    const total = (await metadata('/library/sections/1/all')).length;
    const byHeader = await get('/library/sections/1/all', { headers: { 'X-Plex-Container-Start': '5', 'X-Plex-Container-Size': '10' } });
    expect(byHeader.headers['x-plex-container-start']).toBe('5');
    expect(byHeader.headers['x-plex-container-total-size']).toBe(String(total));
    expect(byHeader.body.MediaContainer).toMatchObject({ size: 10, totalSize: total, offset: 5 });
    const byQuery = await get('/library/sections/1/all?X-Plex-Container-Start=5&X-Plex-Container-Size=10');
    expect(byQuery.body.MediaContainer.Metadata).toEqual(byHeader.body.MediaContainer.Metadata);
    const pages: string[] = [];
    for (let start = 0; start < total; start += 7) {
      const page = await get(`/library/sections/1/all?X-Plex-Container-Start=${start}&X-Plex-Container-Size=7`);
      pages.push(...page.body.MediaContainer.Metadata.map((m: Json) => m.ratingKey));
    }
    expect(new Set(pages).size).toBe(total);
  });

  it('answers past the end with size 0 and no Metadata key, and size 0 requests with the total', async () => {
    const past = await get('/library/sections/1/all?X-Plex-Container-Start=5000&X-Plex-Container-Size=10');
    expect(past.body.MediaContainer.size).toBe(0);
    expect(past.body.MediaContainer.offset).toBe(5000);
    expect(past.body.MediaContainer).not.toHaveProperty('Metadata');
    const xml = await get('/library/sections/1/all?X-Plex-Container-Start=5000&X-Plex-Container-Size=10', { json: false });
    expect(xml.text).not.toContain('<Video');
    const countOnly = await get('/status/sessions/history/all?X-Plex-Container-Start=0&X-Plex-Container-Size=0');
    expect(countOnly.body.MediaContainer).toMatchObject({ size: 0, totalSize: library.history.length });
    expect((await get('/library/sections/1/all?X-Plex-Container-Start=-1')).status).toBe(400);
  });

  it('omits offset/totalSize when no page was asked for', async () => {
    const all = await get('/library/sections/1/all');
    expect(all.body.MediaContainer).not.toHaveProperty('totalSize');
    expect(all.body.MediaContainer).toMatchObject({ librarySectionID: 1, size: all.body.MediaContainer.Metadata.length });
  });
});

describe('managed users', () => {
  it('see only their own watch state, history, accounts and sessions', async () => {
    const movie = '2';
    library.markPlayed(managed.id, movie, now - 50);
    library.markUnplayed(owner.id, movie);
    const [asManaged] = await metadata(`/library/metadata/${movie}`, managed.token);
    const [asOwner] = await metadata(`/library/metadata/${movie}`, owner.token);
    expect(asManaged?.viewCount).toBeGreaterThanOrEqual(1);
    expect(asOwner?.viewCount).toBeUndefined();

    const own = await metadata('/status/sessions/history/all', managed.token);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.accountID === managed.id)).toBe(true);
    const theirs = await metadata(`/status/sessions/history/all?accountID=${owner.id}`, managed.token);
    expect(theirs).toEqual([]);

    const accounts = (await get('/accounts', { token: managed.token })).body.MediaContainer.Account;
    expect(accounts.map((a: Json) => a.id)).toEqual([managed.id]);
    const all = (await get('/accounts')).body.MediaContainer.Account;
    expect(all.map((a: Json) => a.id)).toEqual([0, ...library.accounts.map((a) => a.id)]);

    liveSessions.push(session('1', owner.id, '3'), session('2', managed.id, '4'));
    expect((await metadata('/status/sessions', managed.token)).map((s) => s.sessionKey)).toEqual(['2']);
    expect((await metadata('/status/sessions')).map((s) => s.sessionKey)).toEqual(['1', '2']);
  });
});

function session(sessionKey: string, accountId: number, ratingKey: string): LiveSession {
  return {
    sessionKey,
    accountId,
    ratingKey,
    state: 'playing',
    viewOffsetMs: 60_000,
    playerUuid: `player-${sessionKey}`,
    playerTitle: 'Chrome',
  };
}

describe('/status/sessions', () => {
  it('renders live sessions with User, Player, Session and Guid[] in both formats', async () => {
    const modern = catalog.movies.find((m) => m.guidStyle === 'modern');
    liveSessions.push(session('7', managed.id, String(modern?.key.slice(1))));
    const json = await get('/status/sessions');
    const [s] = json.body.MediaContainer.Metadata;
    expect(s).toMatchObject({
      sessionKey: '7',
      viewOffset: 60_000,
      User: { id: String(managed.id) },
      Player: { state: 'playing', userID: managed.id, local: true },
      Session: { location: 'lan' },
    });
    expect(s.Guid.length).toBeGreaterThan(0);
    const xml = await get('/status/sessions', { json: false });
    expect(xml.text).toContain('<Player ');
    expect(xml.text).toContain('local="1"');
    expect(pmsSessionsSchema.parse(parsePmsXml(xml.text))).toEqual(pmsSessionsSchema.parse(json.body));
    liveSessions.length = 0;
    expect((await get('/status/sessions')).body.MediaContainer).toEqual({ size: 0 });
  });
});

describe('history', () => {
  it('filters by accountID, librarySectionID, metadataItemID and viewedAt, sorts by viewedAt:desc', async () => {
    const rows = library.history;
    const byAccount = await metadata(`/status/sessions/history/all?accountID=${managed.id}`);
    expect(byAccount.length).toBe(rows.filter((r) => r.accountId === managed.id).length);
    const tv = await metadata('/status/sessions/history/all?librarySectionID=2');
    expect(tv.every((r) => r.librarySectionID === '2' && r.type === 'episode')).toBe(true);
    const someRow = rows.find((r) => r.ratingKey !== undefined);
    const byItem = await metadata(`/status/sessions/history/all?metadataItemID=${someRow?.ratingKey}`);
    expect(byItem.every((r) => r.ratingKey === someRow?.ratingKey)).toBe(true);
    const pivot = rows[Math.floor(rows.length / 2)]?.viewedAt as number;
    const after = await metadata(`/status/sessions/history/all?viewedAt>=${pivot}`);
    expect(after.length).toBe(rows.filter((r) => r.viewedAt >= pivot).length);
    const strictly = await metadata(`/status/sessions/history/all?viewedAt>>=${pivot}`);
    expect(strictly.length).toBe(rows.filter((r) => r.viewedAt > pivot).length);
    const desc = (await metadata('/status/sessions/history/all?sort=viewedAt:desc')).map((r) => r.viewedAt);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
  });

  it('keeps rows of deleted media without ratingKey/key, and has repeat plays across users', async () => {
    const rows = await metadata('/status/sessions/history/all');
    const deleted = rows.filter((r) => r.ratingKey === undefined);
    expect(deleted.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(deleted[0] ?? {}).sort()).toEqual(['accountID', 'historyKey', 'librarySectionID', 'title', 'type', 'viewedAt']);
    const perItem = new Map<string, Set<number>>();
    const counts = new Map<string, number>();
    for (const r of rows.filter((x) => x.ratingKey)) {
      counts.set(r.ratingKey, (counts.get(r.ratingKey) ?? 0) + 1);
      perItem.set(r.ratingKey, (perItem.get(r.ratingKey) ?? new Set()).add(r.accountID));
    }
    expect([...counts.values()].some((n) => n > 1)).toBe(true);
    expect([...perItem.values()].some((s) => s.size > 1)).toBe(true);
    expect(new Set(rows.map((r) => r.accountID)).size).toBe(library.accounts.length);
  });

  it('deletes a row with DELETE /status/sessions/history/{id}', async () => {
    const first = library.history[0];
    const res = await request(`${base}/status/sessions/history/${first?.id}`, {
      method: 'DELETE',
      headers: { 'X-Plex-Token': owner.token },
    });
    await res.body.text();
    expect(res.statusCode).toBe(200);
    expect(library.history.find((r) => r.id === first?.id)).toBeUndefined();
  });
});

describe('scrobble, unscrobble, rate', () => {
  const action = async (path: string, token = owner.token, method: 'GET' | 'PUT' = 'GET') => {
    const res = await request(`${base}${path}`, { method, headers: { 'X-Plex-Token': token } });
    await res.body.text();
    return res.statusCode;
  };
  const id = 'identifier=com.plexapp.plugins.library';

  it('scrobble marks watched now (viewCount+1, history row), unscrobble clears, only for the caller', async () => {
    const before = library.peekState(managed.id, '9')?.viewCount ?? 0;
    const rowsBefore = library.history.length;
    expect(await action(`/:/scrobble?key=9&${id}`, managed.token)).toBe(200);
    expect(library.peekState(managed.id, '9')).toMatchObject({ viewCount: before + 1, lastViewedAt: now });
    expect(library.history.at(-1)).toMatchObject({ ratingKey: '9', accountId: managed.id, viewedAt: now });
    expect(library.history.length).toBe(rowsBefore + 1);
    expect(await action(`/:/unscrobble?key=9&${id}`, managed.token, 'PUT')).toBe(200);
    const [item] = await metadata('/library/metadata/9', managed.token);
    expect(item?.viewCount).toBeUndefined();
    expect(item?.lastViewedAt).toBeUndefined();
    expect(await action(`/:/scrobble?key=999999&${id}`)).toBe(404);
    expect(await action('/:/scrobble?key=9')).toBe(400);
  });

  it('scrobbling a show marks every episode', async () => {
    expect(await action(`/:/scrobble?key=1000002&${id}`)).toBe(200);
    const leaves = await metadata('/library/metadata/1000002/allLeaves');
    expect(leaves.every((e) => e.viewCount >= 1)).toBe(true);
  });

  it('rate sets 0–10 with lastRatedAt, -1 clears, out of range is 400', async () => {
    expect(await action(`/:/rate?key=11&${id}&rating=7`, owner.token, 'PUT')).toBe(200);
    let [item] = await metadata('/library/metadata/11');
    expect(item).toMatchObject({ userRating: 7, lastRatedAt: now });
    expect(await action(`/:/rate?key=11&${id}&rating=-1`)).toBe(200);
    [item] = await metadata('/library/metadata/11');
    expect(item?.userRating).toBeUndefined();
    expect(await action(`/:/rate?key=11&${id}&rating=11`)).toBe(400);
  });
});

describe('/:/timeline', () => {
  const report = async (state: string, time: number, duration: number, method: 'GET' | 'POST' = 'POST') => {
    const res = await request(`${base}/:/timeline?ratingKey=12&key=/library/metadata/12&state=${state}&time=${time}&duration=${duration}`, {
      method,
      headers: { 'X-Plex-Token': managed.token, accept: 'application/json' },
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: (res.statusCode === 200 ? JSON.parse(text) : text) as Json };
  };

  it('stores the resume offset, marks played once at 90 % and answers the official shape', async () => {
    library.markUnplayed(managed.id, '12');
    const duration = library.items.get('12')?.durationMs as number;
    const first = await report('playing', 60_000, duration, 'GET');
    expect(first).toEqual({ status: 200, body: { MediaContainer: { size: 0 } } });
    expect(library.peekState(managed.id, '12')?.viewOffset).toBe(60_000);
    await report('playing', Math.ceil(duration * 0.9), duration);
    await report('playing', Math.ceil(duration * 0.95), duration);
    await report('stopped', Math.ceil(duration * 0.96), duration);
    expect(library.peekState(managed.id, '12')).toMatchObject({ viewCount: 1, lastViewedAt: now });
    expect(library.peekState(managed.id, '12')?.viewOffset).toBeUndefined();
    expect((await report('sideways', 1, duration)).status).toBe(400);
  });
});

describe('children and leaves', () => {
  it('walks show → seasons → episodes with the container attributes PMS sets', async () => {
    const seasons = await get('/library/metadata/1000001/children');
    expect(seasons.body.MediaContainer).toMatchObject({ key: '1000001', viewGroup: 'season', librarySectionID: 2 });
    const first = seasons.body.MediaContainer.Metadata[0];
    expect(first).toMatchObject({
      type: 'season',
      index: 1,
      parentRatingKey: '1000001',
      key: `/library/metadata/${first.ratingKey}/children`,
    });
    const episodes = await get(`/library/metadata/${first.ratingKey}/children`);
    expect(episodes.body.MediaContainer).toMatchObject({ viewGroup: 'episode', grandparentRatingKey: 1000001, parentIndex: 1 });
    const leaves = await metadata('/library/metadata/1000001/allLeaves');
    expect(leaves.length).toBe(library.leaves(library.items.get('1000001')!).length);
    expect((await get('/library/metadata/424242/children')).status).toBe(404);
  });

  it('fetches several items at once as /library/metadata/1,2,3', async () => {
    expect((await metadata('/library/metadata/1,2,3')).map((m) => m.ratingKey)).toEqual(['1', '2', '3']);
  });
});

describe('seeding', () => {
  it('is deterministic and spreads plays over every user', () => {
    const again = seedPlexLibrary(catalog, { users: 4, plays: 400, ratings: 40, seed: 7 });
    expect(again.history).toEqual(library.history);
    expect(again.accounts.map((a) => a.token)).toEqual(library.accounts.map((a) => a.token));
    expect(library.accounts.filter((a) => a.managed).length).toBeGreaterThan(0);
    expect(library.accounts.filter((a) => a.protected && a.pin).length).toBeGreaterThan(0);
  });

  // Seeding time is measured by bench/sim.ts; this checks the seeded library at that size.
  it('seeds 5,000 movies + 50,000 episodes + 20,000 plays', () => {
    const big = generateCatalog({ movies: 5000, shows: 1000, episodes: 50_000 }, 3);
    const seeded = seedPlexLibrary(big, { users: 5, plays: 20_000, ratings: 2_000, seed: 3 });
    expect(seeded.history).toHaveLength(20_000);
    expect(seeded.items.size).toBe(5000 + 1000 + 50_000 + seeded.itemsOfType(2, 'season').length);
  });
});
