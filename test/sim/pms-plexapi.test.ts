/**
 * The simulated PMS's answers to what python-plexapi and PlexTraktSync ask beyond watchsync's own calls: the
 * server root, /library, section collections, the filter Meta (includeMeta=1), grouped and type-prefixed filters,
 * string operators, and unrated items having no userRating at all.
 */
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parsePmsXml } from '../../src/providers/plex/schemas';
import { generateCatalog } from '../../src/sim/catalog';
import { type LibraryItem, type PlexHomeAccount, seedPlexLibrary } from '../../src/sim/plex/library';
import { createPmsSim } from '../../src/sim/plex/pms';
import { listenOnLoopback } from '../../src/sim/plex/pms/listen';

const now = 1_760_000_000;
const library = seedPlexLibrary(generateCatalog({ movies: 40, shows: 4, episodes: 60 }, 5), { users: 3, plays: 150, ratings: 15, seed: 5 });
const sim = createPmsSim({ library, now: () => now });
const owner = library.owner;
const managed = library.accounts.find((a) => a.managed) as PlexHomeAccount;
const movieSection = library.sections.find((s) => s.type === 'movie')?.id as number;
const showSection = library.sections.find((s) => s.type === 'show')?.id as number;
const movies = () => library.itemsOfType(movieSection, 'movie');
let base = '';

beforeAll(async () => {
  base = await listenOnLoopback(sim.app);
});
afterAll(async () => {
  await sim.app.close();
});
beforeEach(() => {
  library.reset();
  sim.faults.clear();
  sim.faults.resetCounts();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire JSON and assert on it
type Json = Record<string, any>;

async function get(path: string, options: { token?: string; json?: boolean } = {}) {
  const headers: Record<string, string> = { 'X-Plex-Token': options.token ?? owner.token };
  if (options.json !== false) headers.accept = 'application/json';
  const res = await request(`${base}${path}`, { headers });
  const text = await res.body.text();
  return { status: res.statusCode, text, body: (text.startsWith('{') ? JSON.parse(text) : undefined) as Json };
}

/** Metadata of a listing; the query is written as python-plexapi encodes it (operator inside the key). */
async function listing(path: string, pairs: Array<[string, string | number]> = []): Promise<Json[]> {
  const query = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  const { status, body } = await get(query === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${query}`);
  expect(status).toBe(200);
  return body.MediaContainer.Metadata ?? [];
}

const keysOf = (items: readonly Json[]) => items.map((i) => String(i.ratingKey)).sort();
const rating = (item: LibraryItem) => library.peekState(owner.id, item.ratingKey)?.userRating;

describe('server root and /library', () => {
  it('describes the server at / in XML and JSON, with a token only', async () => {
    const xml = await get('/', { json: false });
    expect(xml.status).toBe(200);
    const root = parsePmsXml(xml.text).MediaContainer as Json;
    expect(root).toMatchObject({ machineIdentifier: library.machineIdentifier, myPlexUsername: owner.username, platform: 'Linux' });
    expect(root.Directory.map((d: Json) => d.key)).toContain('library');
    const json = await get('/');
    expect(json.body.MediaContainer).toMatchObject({
      machineIdentifier: library.machineIdentifier,
      myPlex: true,
      size: root.Directory.length,
    });
    expect((await request(`${base}/`)).statusCode).toBe(401);
  });

  it('answers /library to the owner and 403 to a Home user (plexapi then reads /library/sections/)', async () => {
    const owners = await get('/library');
    expect(owners.body.MediaContainer).toMatchObject({ identifier: 'com.plexapp.plugins.library', title1: 'Plex Library' });
    expect(owners.body.MediaContainer.Directory.map((d: Json) => d.key)).toEqual(['sections', 'recentlyAdded', 'onDeck']);
    expect((await get('/library', { token: managed.token })).status).toBe(403);
    expect((await get('/library/sections/', { token: managed.token })).body.MediaContainer.Directory).toHaveLength(library.sections.length);
  });

  it('counts the new routes and injects faults into them like any other', async () => {
    sim.faults.set('GET /', { failNext: 1, status: 503 });
    expect((await get('/')).status).toBe(503);
    expect((await get('/')).status).toBe(200);
    await get(`/library/sections/${movieSection}/collections`);
    expect(sim.faults.count('GET /')).toBe(2);
    expect(sim.faults.count('GET /library/sections/:sectionId/collections')).toBe(1);
  });
});

describe('filter Meta (includeMeta=1)', () => {
  it('describes a movie section: one active type, unprefixed fields, operators per field type', async () => {
    const { body } = await get(`/library/sections/${movieSection}/all?includeMeta=1&X-Plex-Container-Start=0&X-Plex-Container-Size=0`);
    const container = body.MediaContainer;
    expect(container).toMatchObject({ size: 0, totalSize: movies().length });
    expect(container.Metadata).toBeUndefined();
    expect(container.Meta.Type.map((t: Json) => [t.type, t.active])).toEqual([['movie', true]]);
    const fields = container.Meta.Type[0].Field.map((f: Json) => f.key);
    expect(fields).toEqual(expect.arrayContaining(['title', 'userRating', 'lastViewedAt', 'unwatched']));
    const operators = Object.fromEntries(container.Meta.FieldType.map((t: Json) => [t.type, t.Operator.map((o: Json) => o.key)]));
    expect(operators.integer).toEqual(['=', '!=', '>>=', '<<=']);
    expect(operators.string).toEqual(['=', '!=', '==', '!==', '<=', '>=']);
    expect(operators.date).toEqual(['<<=', '>>=']);
    expect((await get(`/library/sections/${movieSection}/all`)).body.MediaContainer.Meta).toBeUndefined();
  });

  it('describes a show section with show, season and episode types whose fields carry the type, in XML too', async () => {
    const { text } = await get(`/library/sections/${showSection}/all?includeMeta=1&X-Plex-Container-Size=0`, { json: false });
    expect(text).toMatch(/<Meta><Type key="\/library\/sections\/\d+\/all\?type=2" type="show" title="TV Shows" active="1">/);
    expect(text).toContain('<Field key="episode.userRating" title="Episode Rating" type="integer"/>');
    expect(text).toContain('<FieldType type="integer"><Operator key="=" title="is"/>');
    // The product's XML reader makes a list of every element it does not know to occur once.
    const [meta] = (parsePmsXml(text).MediaContainer as Json).Meta;
    expect(meta.Type.map((t: Json) => t.type)).toEqual(['show', 'season', 'episode']);
    expect(meta.Type.map((t: Json) => t.active)).toEqual(['1', '0', '0']);
  });

  it('lists only fields that filter: each answers 200 with its first operator', async () => {
    const { body } = await get(`/library/sections/${showSection}/all?includeMeta=1&X-Plex-Container-Size=0`);
    const operators = Object.fromEntries(body.MediaContainer.Meta.FieldType.map((t: Json) => [t.type, t.Operator[0].key]));
    const sample: Record<string, string> = { integer: '1', string: 'a', boolean: '1', date: '-30d' };
    for (const type of body.MediaContainer.Meta.Type as Json[]) {
      for (const field of type.Field as Json[]) {
        const operator = String(operators[field.type]);
        const key = `${field.key}${operator.slice(0, -1)}`;
        const status = (await get(`/library/sections/${showSection}/all?type=4&${encodeURIComponent(key)}=${sample[field.type]}`)).status;
        expect({ field: field.key, status }).toEqual({ field: field.key, status: 200 });
      }
    }
  });

  it('answers a section without collections, with the collection filter type', async () => {
    const { body } = await get(
      `/library/sections/${movieSection}/collections?includeMeta=1&X-Plex-Container-Start=0&X-Plex-Container-Size=0`,
    );
    expect(body.MediaContainer).toMatchObject({ size: 0, totalSize: 0 });
    expect(body.MediaContainer.Meta.Type.map((t: Json) => t.type)).toEqual(['collection']);
    expect((await get('/library/sections/99/collections')).status).toBe(404);
    // python-plexapi's section.collections() lists type 18 (collection) from /all.
    const asType = await get(`/library/sections/${showSection}/all?type=18&includeMeta=1`);
    expect(asType.body.MediaContainer).toMatchObject({ size: 0, viewGroup: 'collection' });
    expect(asType.body.MediaContainer.Meta.Type.map((t: Json) => t.type)).toEqual(['collection']);
  });
});

describe('unrated items', () => {
  it('have no userRating attribute, so userRating>>=-1 selects exactly the rated ones', async () => {
    const rated = movies().filter((m) => rating(m) !== undefined);
    expect(rated.length).toBeGreaterThan(0);
    expect(rated.length).toBeLessThan(movies().length);
    expect(keysOf(await listing(`/library/sections/${movieSection}/all`, [['userRating>>', -1]]))).toEqual(keysOf(rated));
    const unrated = movies().find((m) => rating(m) === undefined) as LibraryItem;
    const { text } = await get(`/library/metadata/${unrated.ratingKey}`, { json: false });
    expect(text).toMatch(/<Video ratingKey=/);
    expect(text).not.toContain('userRating=');
  });
});

describe('grouped filters (push/or/and/pop)', () => {
  it('matches either side of or=1 inside a group and both sides of and=1', async () => {
    const [a, b] = movies() as LibraryItem[];
    const either = await listing(`/library/sections/${movieSection}/all`, [
      ['push', 1],
      ['title=', a?.title as string],
      ['or', 1],
      ['title=', b?.title as string],
      ['pop', 1],
    ]);
    expect(keysOf(either)).toEqual(keysOf([a, b] as LibraryItem[]));
    const both = await listing(`/library/sections/${movieSection}/all`, [
      ['push', 1],
      ['title=', a?.title as string],
      ['and', 1],
      ['year', a?.year as number],
      ['pop', 1],
    ]);
    expect(keysOf(both)).toEqual([a?.ratingKey]);
  });

  it('nests groups: (title is A or title is B) and rated', async () => {
    const rated = movies().filter((m) => rating(m) !== undefined);
    const unrated = movies().find((m) => rating(m) === undefined) as LibraryItem;
    const [first] = rated as LibraryItem[];
    const found = await listing(`/library/sections/${movieSection}/all`, [
      ['push', 1],
      ['push', 1],
      ['title=', first?.title as string],
      ['or', 1],
      ['title=', unrated.title],
      ['pop', 1],
      ['and', 1],
      ['userRating>>', -1],
      ['pop', 1],
    ]);
    expect(keysOf(found)).toEqual([first?.ratingKey]);
  });

  it('refuses unbalanced groups with 400', async () => {
    expect((await get(`/library/sections/${movieSection}/all?push=1&title=a`)).status).toBe(400);
    expect((await get(`/library/sections/${movieSection}/all?title=a&pop=1`)).status).toBe(400);
  });
});

describe('type-prefixed fields', () => {
  const show = () => library.itemsOfType(showSection, 'show')[1] as LibraryItem;

  it("filters episodes by their show's id or title and their season's number", async () => {
    const episodes = library.leaves(show());
    expect(keysOf(await listing(`/library/sections/${showSection}/all?type=4`, [['show.id', show().ratingKey]]))).toEqual(keysOf(episodes));
    expect(keysOf(await listing(`/library/sections/${showSection}/all?type=4`, [['show.title=', show().title]]))).toEqual(keysOf(episodes));
    const firstSeason = episodes.filter((e) => e.parentIndex === 1);
    const bySeason = await listing(`/library/sections/${showSection}/all?type=4`, [
      ['show.id', show().ratingKey],
      ['season.index', 1],
    ]);
    expect(keysOf(bySeason)).toEqual(keysOf(firstSeason));
  });

  it('finds episodes rated with episode.userRating>>=-1, and shows having one', async () => {
    const [episode] = library.leaves(show());
    library.rate(owner.id, episode?.ratingKey as string, 6, now);
    const ratedEpisodes = library.itemsOfType(showSection, 'episode').filter((e) => rating(e) !== undefined);
    const found = await listing(`/library/sections/${showSection}/all?type=4`, [['episode.userRating>>', -1]]);
    expect(keysOf(found)).toEqual(keysOf(ratedEpisodes));
    const showsWithRated = library.itemsOfType(showSection, 'show').filter((s) => library.leaves(s).some((e) => rating(e) !== undefined));
    expect(keysOf(await listing(`/library/sections/${showSection}/all`, [['episode.userRating>>', -1]]))).toEqual(keysOf(showsWithRated));
  });

  it('sorts by a prefixed field and refuses an unknown prefix', async () => {
    const sorted = await listing(`/library/sections/${movieSection}/all?sort=movie.addedAt:desc`);
    expect(sorted.map((m) => m.addedAt)).toEqual([...sorted.map((m) => m.addedAt)].sort((x, y) => y - x));
    expect((await get(`/library/sections/${movieSection}/all?artist.title=a`)).status).toBe(400);
  });
});

describe('string operators', () => {
  it('reads = as contains, == as is, != / !== as their negations, <= as begins with and >= as ends with', async () => {
    const target = movies()[2] as LibraryItem;
    const title = target.title;
    const all = movies();
    const path = `/library/sections/${movieSection}/all`;
    const word = title.slice(1, 5).toLowerCase();
    expect(keysOf(await listing(path, [['title', word]]))).toEqual(keysOf(all.filter((m) => m.title.toLowerCase().includes(word))));
    expect(keysOf(await listing(path, [['title=', title]]))).toEqual([target.ratingKey]);
    // Written by hand instead of encoded, `title==x` arrives as key `title` with value `=x`: the same operator.
    expect(keysOf(await listing(`${path}?title==${encodeURIComponent(title)}`))).toEqual([target.ratingKey]);
    expect(await listing(path, [['title!=', title]])).toHaveLength(all.length - 1);
    const prefix = title.slice(0, 3);
    expect(keysOf(await listing(path, [['title<', prefix]]))).toEqual(keysOf(all.filter((m) => m.title.startsWith(prefix))));
    const suffix = title.slice(-2);
    expect(keysOf(await listing(path, [['title>', suffix]]))).toEqual(keysOf(all.filter((m) => m.title.endsWith(suffix))));
    expect((await get(`${path}?${encodeURIComponent('title>>')}=a`)).status).toBe(400);
  });
});
