/**
 * Contract: every captured Plex payload parses with the schema the product uses for it, and the simulator's
 * answers to the same endpoints pass the same schemas and have the fixtures' shape (keys, value types, units,
 * status codes, paging headers) in JSON and XML.
 *
 * Skipped fixtures: plex/pms_pagination_headers.md (documentation prose, checked via the paging assertions)
 * and websocket/playing_states_plexapi_repr.txt (a Python repr; its JSON conversion is checked instead).
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as s from '../../src/providers/plex/schemas';
import { generateCatalog } from '../../src/sim/catalog';
import type { LiveSession } from '../../src/sim/plex/contracts';
import { seedPlexLibrary } from '../../src/sim/plex/library';
import { createPlexTvSim } from '../../src/sim/plex/plextv';
import { createPmsSim } from '../../src/sim/plex/pms';
import { listenOnLoopback } from '../../src/sim/plex/pms/listen';
import { fixturesDir } from '../support/fixtures';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire JSON and assert on it
type Json = Record<string, any>;
const root = fixturesDir;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Fixture → how to load it → the schema it must pass. */
const sessionsOfficialSchema = z.object({ MediaContainer: z.object({ size: z.number(), Metadata: z.array(s.pmsSessionPartsSchema) }) });
const homeUsersCapture = (): unknown[] =>
  [...read('plex/plextv_api_v2_home_users_capture.md').matchAll(/```\n(\{[\s\S]*?\})\n```/g)].map((m) =>
    // The capture is redacted by hand: bare REDACTED values, // comments and a trailing comma.
    JSON.parse(
      (m[1] ?? '')
        .replace(/(?<=\s)\/\/.*$/gm, '')
        .replace(/: REDACTED/g, ': 0')
        .replace(/,(\s*})/g, '$1'),
    ),
  );
const table: Array<[string, z.ZodType, ((path: string) => unknown[])?]> = [
  ['plex/discover_metadata_episode_official.json', s.discoverMetadataContainerSchema],
  ['plex/discover_metadata_movie.json', s.discoverMetadataContainerSchema],
  ['plex/discover_metadata_show.json', s.discoverMetadataContainerSchema],
  ['plex/discover_provider_index.json', s.discoverProviderSchema],
  ['plex/discover_watchlist_all.json', s.discoverWatchlistSchema],
  ['plex/discover_watchlist_empty_page.json', s.discoverWatchlistSchema],
  ['plex/plextv_api_resources.xml', s.plexTvLegacyResourcesSchema],
  ['plex/plextv_api_users_shared.xml', s.plexTvSharedUsersSchema],
  [
    'plex/plextv_api_v2_home_users_capture.md',
    z.union([s.plexTvHomeUsersSchema, s.plexTvSwitchResponseSchema.extend({ authToken: z.string() }), s.plexTvErrorsSchema]),
    homeUsersCapture,
  ],
  ['plex/plextv_api_v2_pins_linked.json', s.plexTvPinSchema],
  ['plex/plextv_api_v2_pins_new.json', s.plexTvPinSchema],
  ['plex/plextv_api_v2_resources.json', s.plexTvResourcesSchema],
  ['plex/plextv_api_v2_user.json', s.plexTvUserSchema],
  ['plex/plextv_community_friend_watchlist.graphql.json', s.plexCommunityWatchlistSchema],
  ['plex/pms_accounts.xml', s.pmsAccountsSchema],
  ['plex/pms_identity.json', s.pmsIdentitySchema],
  ['plex/pms_library_metadata_episode.json', s.pmsMetadataContainerSchema],
  ['plex/pms_library_metadata_movie.json', s.pmsMetadataContainerSchema],
  ['plex/pms_library_metadata_movie_inprogress.json', s.pmsMetadataContainerSchema],
  ['plex/pms_library_metadata_movie_legacy.xml', s.pmsMetadataContainerSchema],
  ['plex/pms_library_metadata_movie_official.json', s.pmsMetadataContainerSchema],
  ['plex/pms_library_metadata_season_children_episodes.json', s.pmsMetadataContainerSchema],
  ['plex/pms_library_section_all_official.json', s.pmsMetadataContainerSchema],
  ['plex/pms_library_section_movies_all.json', s.pmsMetadataContainerSchema],
  ['plex/pms_library_section_shows_all.json', s.pmsMetadataContainerSchema],
  ['plex/pms_library_sections.json', s.pmsSectionsSchema],
  ['plex/pms_library_sections.xml', s.pmsSectionsSchema],
  // Home Assistant fills {user_id} at test time.
  ['plex/pms_status_sessions.xml', s.pmsSessionsSchema, (p) => [s.parsePmsXml(read(p).replaceAll('{user_id}', '1'))]],
  ['plex/pms_status_sessions_history_all.json', s.pmsHistorySchema],
  ['plex/pms_status_sessions_history_all.xml', s.pmsHistorySchema],
  // The official example elides the item ("details": "omitted"): only the session parts are real.
  ['plex/pms_status_sessions_official.json', sessionsOfficialSchema],
  ['plex/pms_timeline_responses_official.json', s.pmsTimelineResponseSchema, (p) => Object.values(JSON.parse(read(p)))],
  ['webhook/media_pause_episode_legacy_agent.json', s.webhookPayloadSchema],
  ['webhook/media_play_track_official.json', s.webhookPayloadSchema],
  ['webhook/media_rate_movie.json', s.webhookPayloadSchema],
  ['webhook/media_resume_episode.json', s.webhookPayloadSchema],
  ['webhook/media_scrobble_movie.json', s.webhookPayloadSchema],
  ['webhook/media_stop_movie_legacy_agent.json', s.webhookPayloadSchema],
  ['websocket/activity_and_update_statechange.jsonl', s.websocketFrameSchema],
  ['websocket/activity_library_refresh_ended.json', s.notificationContainerSchema],
  ['websocket/activity_library_refresh_sequence.json', s.notificationContainerSchema, (p) => JSON.parse(read(p))],
  ['websocket/playing_buffering_and_transcode_end.jsonl', s.websocketFrameSchema],
  ['websocket/playing_states.converted.jsonl', s.websocketFrameSchema],
  ['websocket/timeline_deleted.jsonl', s.websocketFrameSchema],
];

function load(path: string): unknown[] {
  const text = read(path);
  if (path.endsWith('.xml')) return [s.parsePmsXml(text)];
  if (path.endsWith('.jsonl'))
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l));
  return [JSON.parse(text)];
}

describe('fixtures parse with the product schemas', () => {
  it('covers every fixture file except the documented skips', () => {
    const skipped = ['plex/pms_pagination_headers.md', 'websocket/playing_states_plexapi_repr.txt'];
    const all = ['plex', 'webhook', 'websocket'].flatMap((dir) => readdirSync(join(root, dir)).map((f) => `${dir}/${f}`));
    expect(all.filter((f) => !skipped.includes(f)).sort()).toEqual(table.map(([f]) => f).sort());
  });

  it.each(table)('%s', (path, schema, loader) => {
    const payloads = (loader ?? load)(path);
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) {
      const result = schema.safeParse(payload);
      expect(result.error?.issues ?? []).toEqual([]);
    }
  });

  it('normalises XML strings to the JSON types (numbers, booleans, string ids)', () => {
    const xml = s.pmsSectionsSchema.parse(s.parsePmsXml(read('plex/pms_library_sections.xml'))).MediaContainer.Directory?.[0];
    expect(xml).toMatchObject({ key: '1', hidden: false, updatedAt: 1602461679 });
    const history = s.pmsHistorySchema.parse(s.parsePmsXml(read('plex/pms_status_sessions_history_all.xml'))).MediaContainer.Metadata ?? [];
    expect(history[0]).toMatchObject({ ratingKey: '218860', librarySectionID: '2', viewedAt: 1419652344, accountID: 1 });
    expect(history[2]?.ratingKey).toBeUndefined();
  });
});

// --- the simulator against the same shapes ---

const catalog = generateCatalog({ movies: 40, shows: 4, episodes: 40 }, 11);
const library = seedPlexLibrary(catalog, { users: 3, plays: 120, ratings: 20, seed: 11 });
const modernMovie = catalog.movies.find((m) => m.guidStyle === 'modern');
const live: LiveSession[] = [
  {
    sessionKey: '1',
    ratingKey: String(modernMovie?.key.slice(1)),
    accountId: 1,
    state: 'playing',
    viewOffsetMs: 90_000,
    playerUuid: 'p1',
    playerTitle: 'Chrome',
  },
];
const pms = createPmsSim({ library, sessions: { sessions: () => live } });
let plexTv: ReturnType<typeof createPlexTvSim>;
let pmsBase = '';
let plexTvBase = '';

beforeAll(async () => {
  pmsBase = await listenOnLoopback(pms.app);
  plexTv = createPlexTvSim({ library, pmsBaseUrl: pmsBase });
  plexTvBase = await listenOnLoopback(plexTv.app);
});
afterAll(async () => {
  await Promise.all([pms.app.close(), plexTv.app.close()]);
});

async function fetchPms(path: string, json: boolean) {
  const res = await request(`${pmsBase}${path}`, {
    headers: { 'X-Plex-Token': library.owner.token, ...(json ? { accept: 'application/json' } : {}) },
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: (json ? JSON.parse(text) : s.parsePmsXml(text)) as Json };
}

const typeOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/** Keys the simulator writes that no fixture happens to show, with why they are real. */
const documentedExtras = new Set([
  'userRating', // python-plexapi Video.userRating; set by /:/rate
  'lastRatedAt', // python-plexapi Video.lastRatedAt
  'viewCount', // on watched items (pms_library_metadata_movie.json, webhook Metadata); listings of unwatched captures lack it
  'lastViewedAt', // likewise (pms_library_metadata_movie_inprogress.json)
  'viewOffset', // likewise
]);

/**
 * Every sim key appears in some fixture entry (or is documented), with the type the JSON fixtures give it.
 * XML fixtures (`keyOnly`) vouch for a key's existence only: every value is a string there.
 */
function expectFixtureShape(sim: Json, fixtures: Json[], keyOnly: Json[] = []) {
  for (const [key, value] of Object.entries(sim)) {
    const seen = fixtures.filter((f) => key in f);
    if (seen.length === 0) {
      expect(documentedExtras.has(key) || keyOnly.some((f) => key in f), `unexpected key ${key}`).toBe(true);
      continue;
    }
    const types = new Set(seen.map((f) => typeOf(f[key])));
    expect([...types], `type of ${key}`).toContain(typeOf(value));
  }
}

/** XML attributes carry the JSON values as strings, booleans as "1"/"0". */
function expectXmlMirrorsJson(json: Json, xml: Json) {
  for (const [key, value] of Object.entries(json)) {
    if (typeof value === 'object' && value !== null) continue;
    expect(xml[key], key).toBe(typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
}

const fixture = (path: string): Json => (load(path)[0] as Json).MediaContainer;
const timestamps = ['addedAt', 'updatedAt', 'lastViewedAt', 'viewedAt', 'lastRatedAt', 'createdAt', 'scannedAt'];

function expectUnits(item: Json) {
  for (const key of timestamps) {
    if (!(key in item)) continue;
    expect(item[key], key).toBeGreaterThan(1e9);
    expect(item[key], key).toBeLessThan(1e10);
  }
  if ('duration' in item) expect(item.duration).toBeGreaterThan(60_000);
}

describe('simulator answers match the fixtures', () => {
  const cases: Array<{ path: string; schema: z.ZodType; fixtures: string[]; list: 'Metadata' | 'Directory' | 'Account' }> = [
    {
      path: '/library/sections',
      schema: s.pmsSectionsSchema,
      fixtures: ['plex/pms_library_sections.json', 'plex/pms_library_sections.xml'],
      list: 'Directory',
    },
    {
      path: '/library/sections/1/all',
      schema: s.pmsMetadataContainerSchema,
      fixtures: [
        'plex/pms_library_section_movies_all.json',
        'plex/pms_library_section_all_official.json',
        'plex/pms_library_metadata_movie_inprogress.json',
      ],
      list: 'Metadata',
    },
    {
      path: '/library/sections/2/all',
      schema: s.pmsMetadataContainerSchema,
      fixtures: ['plex/pms_library_section_shows_all.json'],
      list: 'Metadata',
    },
    {
      path: `/library/metadata/${modernMovie?.key.slice(1)}`,
      schema: s.pmsMetadataContainerSchema,
      fixtures: ['plex/pms_library_metadata_movie.json', 'plex/pms_library_metadata_movie_inprogress.json'],
      list: 'Metadata',
    },
    {
      path: '/library/metadata/3000001',
      schema: s.pmsMetadataContainerSchema,
      fixtures: ['plex/pms_library_metadata_episode.json', 'plex/pms_library_metadata_season_children_episodes.json'],
      list: 'Metadata',
    },
    {
      path: '/library/metadata/2000101/children',
      schema: s.pmsMetadataContainerSchema,
      fixtures: ['plex/pms_library_metadata_season_children_episodes.json', 'plex/pms_library_metadata_episode.json'],
      list: 'Metadata',
    },
    {
      path: '/status/sessions/history/all?X-Plex-Container-Start=0&X-Plex-Container-Size=200',
      schema: s.pmsHistorySchema,
      fixtures: ['plex/pms_status_sessions_history_all.json', 'plex/pms_status_sessions_history_all.xml'],
      list: 'Metadata',
    },
    { path: '/accounts', schema: s.pmsAccountsSchema, fixtures: ['plex/pms_accounts.xml'], list: 'Account' },
  ];

  it.each(cases)('$path', async ({ path, schema, fixtures, list }) => {
    const json = await fetchPms(path, true);
    const xml = await fetchPms(path, false);
    expect(json.status).toBe(200);
    expect(schema.parse(xml.body)).toEqual(schema.parse(json.body));
    const containerOf = (c: Json) => Object.fromEntries(Object.entries(c).filter(([, v]) => typeof v !== 'object'));
    const jsonFixtures = fixtures.filter((f) => f.endsWith('.json')).map(fixture);
    const xmlFixtures = fixtures.filter((f) => f.endsWith('.xml')).map(fixture);
    expectFixtureShape(containerOf(json.body.MediaContainer), jsonFixtures.map(containerOf), xmlFixtures.map(containerOf));
    const entriesOf = (containers: Json[]) => containers.flatMap((c) => (c[list] ?? []) as Json[]);
    const jsonEntries = json.body.MediaContainer[list] as Json[];
    expect(jsonEntries.length).toBeGreaterThan(0);
    for (const [i, entry] of jsonEntries.entries()) {
      expectFixtureShape(entry, entriesOf(jsonFixtures), entriesOf(xmlFixtures));
      expectUnits(entry);
      expectXmlMirrorsJson(entry, (xml.body.MediaContainer[list] as Json[])[i] as Json);
    }
    expectXmlMirrorsJson(containerOf(json.body.MediaContainer), xml.body.MediaContainer);
  });

  it('/status/sessions has the fixture session parts and the Player/User value types', async () => {
    const json = await fetchPms('/status/sessions', true);
    const xml = await fetchPms('/status/sessions', false);
    const official = fixture('plex/pms_status_sessions_official.json').Metadata[0] as Json;
    const captured = fixture('plex/pms_status_sessions.xml').Metadata[0] as Json;
    const entry = json.body.MediaContainer.Metadata[0] as Json;
    expect(s.pmsSessionsSchema.parse(xml.body)).toEqual(s.pmsSessionsSchema.parse(json.body));
    for (const part of ['User', 'Player', 'Session']) expectFixtureShape(entry[part], [official[part]]);
    expect(Object.keys(entry.Player).every((k) => k in captured.Player)).toBe(true);
    expect(entry.sessionKey).toEqual(expect.any(String));
    expect(xml.body.MediaContainer.Metadata[0].Player.local).toBe('1');
  });

  it('/identity, /:/timeline and the past-the-end page have the fixtures shape', async () => {
    const identity = await fetchPms('/identity', true);
    expectFixtureShape(identity.body.MediaContainer, [fixture('plex/pms_identity.json')]);
    expect(Object.keys(identity.body.MediaContainer).sort()).toEqual(Object.keys(fixture('plex/pms_identity.json')).sort());
    const timeline = await fetchPms('/:/timeline?ratingKey=1&state=playing&time=1000&duration=6000000', true);
    expect(timeline.body).toEqual((load('plex/pms_timeline_responses_official.json')[0] as Json).normal);
    const past = await fetchPms('/library/sections/1/all?X-Plex-Container-Start=300&X-Plex-Container-Size=50', true);
    const empty = fixture('plex/discover_watchlist_empty_page.json');
    expect(past.body.MediaContainer).toMatchObject({ size: 0, offset: 300, totalSize: expect.any(Number) });
    expect('Metadata' in past.body.MediaContainer).toBe('Metadata' in empty);
    expect(past.headers['x-plex-container-start']).toBe('300');
    expect(past.headers['x-plex-container-total-size']).toBe(String(past.body.MediaContainer.totalSize));
  });
});

describe('plex.tv simulator answers match the fixtures', () => {
  async function fetchPlexTv(method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}) {
    const res = await request(`${plexTvBase}${path}`, {
      method,
      headers: { accept: 'application/json', 'X-Plex-Token': library.owner.token, ...headers },
    });
    return { status: res.statusCode, body: (await res.body.json()) as Json };
  }

  it('user, home users, resources and pins', async () => {
    const user = await fetchPlexTv('GET', '/api/v2/user');
    expect(s.plexTvUserSchema.safeParse(user.body).success).toBe(true);
    expectFixtureShape(user.body, load('plex/plextv_api_v2_user.json') as Json[]);

    const [homeFixture, switchFixture, errorFixture] = homeUsersCapture() as Json[];
    const home = await fetchPlexTv('GET', '/api/v2/home/users');
    expectFixtureShape(home.body, [homeFixture as Json]);
    for (const u of home.body.users) expectFixtureShape(u, homeFixture?.users);
    const unprotected = library.accounts.find((a) => !a.admin && !a.protected);
    const switched = await fetchPlexTv('POST', `/api/v2/home/users/${unprotected?.uuid}/switch`);
    expect(switched.status).toBe(200);
    for (const key of Object.keys(switchFixture ?? {})) expect(switched.body, key).toHaveProperty(key);
    const protectedUser = library.accounts.find((a) => a.managed && a.protected);
    const denied = await fetchPlexTv('POST', `/api/v2/home/users/${protectedUser?.uuid}/switch?pin=9`);
    expect(denied.body.errors[0]).toMatchObject(errorFixture?.errors[0]);

    const resources = await fetchPlexTv('GET', '/api/v2/resources');
    const resourceFixture = load('plex/plextv_api_v2_resources.json')[0] as Json[];
    for (const r of resources.body as Json[]) expectFixtureShape(r, resourceFixture);
    expectFixtureShape(resources.body[0].connections[0], resourceFixture[0]?.connections);

    const pin = await fetchPlexTv('POST', '/api/v2/pins', { 'X-Plex-Client-Identifier': 'contract' });
    expect(pin.status).toBe(201);
    const newPin = load('plex/plextv_api_v2_pins_new.json')[0] as Json;
    expect(Object.keys(pin.body).sort()).toEqual(Object.keys(newPin).sort());
    expectFixtureShape(pin.body, [newPin]);
    expect(pin.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});
