import { XMLParser } from 'fast-xml-parser';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parsePmsXml,
  plexTvErrorsSchema,
  plexTvHomeUsersSchema,
  plexTvLegacyResourcesSchema,
  plexTvPinSchema,
  plexTvResourcesSchema,
  plexTvSharedUsersSchema,
  plexTvUserSchema,
} from '../../src/providers/plex/schemas';
import { generateCatalog } from '../../src/sim/catalog';
import { type PlexHomeAccount, seedPlexLibrary } from '../../src/sim/plex/library';
import { createPlexTvSim } from '../../src/sim/plex/plextv';
import { createPmsSim } from '../../src/sim/plex/pms';
import { listenOnLoopback } from '../../src/sim/plex/pms/listen';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire JSON and assert on it
type Json = Record<string, any>;

const library = seedPlexLibrary(generateCatalog({ movies: 10, shows: 1, episodes: 3 }, 9), { users: 4, plays: 10, ratings: 2, seed: 9 });
const pms = createPmsSim({ library });
let plexTv: ReturnType<typeof createPlexTvSim>;
let pmsBase = '';
let base = '';
const owner = library.owner;
const unprotectedManaged = library.accounts.find((a) => a.managed && !a.protected) as PlexHomeAccount;
const protectedManaged = library.accounts.find((a) => a.managed && a.protected) as PlexHomeAccount;

beforeAll(async () => {
  pmsBase = await listenOnLoopback(pms.app);
  plexTv = createPlexTvSim({ library, pmsBaseUrl: pmsBase });
  base = await listenOnLoopback(plexTv.app);
});
afterAll(async () => {
  await Promise.all([pms.app.close(), plexTv.app.close()]);
});

async function call(method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, json?: unknown) {
  const res = await request(`${base}${path}`, {
    method,
    headers: { accept: 'application/json', ...headers, ...(json ? { 'content-type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  return { status: res.statusCode, body: (await res.body.json()) as Json };
}

describe('account', () => {
  it('GET /api/v2/user answers 200 for a valid token, 401 with errors[] otherwise', async () => {
    const ok = await call('GET', '/api/v2/user', { 'X-Plex-Token': owner.token });
    expect(ok.status).toBe(200);
    expect(plexTvUserSchema.parse(ok.body)).toMatchObject({
      id: owner.plexTvId,
      uuid: owner.uuid,
      authToken: owner.token,
      homeAdmin: true,
    });
    const bad = await call('GET', '/api/v2/user', { 'X-Plex-Token': 'wrong' });
    expect(bad.status).toBe(401);
    expect(plexTvErrorsSchema.parse(bad.body).errors[0]?.code).toBe(1001);
    expect((await call('GET', `/api/v2/user?X-Plex-Token=${owner.token}`)).status).toBe(200);
  });

  it('lists Home users: admin, managed users without username/email, protected flags', async () => {
    const { body } = await call('GET', '/api/v2/home/users', { 'X-Plex-Token': owner.token });
    const home = plexTvHomeUsersSchema.parse(body);
    expect(home.users).toHaveLength(library.accounts.length);
    expect(home.users.find((u) => u.admin)?.uuid).toBe(owner.uuid);
    const managed = home.users.find((u) => u.uuid === unprotectedManaged.uuid);
    expect(managed).toMatchObject({ username: null, email: null, protected: false, admin: false });
    expect(home.users.find((u) => u.uuid === protectedManaged.uuid)?.protected).toBe(true);
  });
});

describe('home user switch', () => {
  it('switches to an unprotected user without a PIN; the new token reaches PMS as that user', async () => {
    const res = await call('POST', `/api/v2/home/users/${unprotectedManaged.uuid}/switch`, { 'X-Plex-Token': owner.token });
    expect(res.status).toBe(200);
    const user = plexTvUserSchema.parse(res.body);
    expect(user.uuid).toBe(unprotectedManaged.uuid);
    expect(user.authToken).not.toBe(unprotectedManaged.token);
    expect(library.accountByToken(user.authToken)?.id).toBe(unprotectedManaged.id);
    const history = await request(`${pmsBase}/status/sessions/history/all`, {
      headers: { 'X-Plex-Token': user.authToken, accept: 'application/json' },
    });
    const rows = ((await history.body.json()) as Json).MediaContainer.Metadata ?? [];
    expect(rows.every((r: Json) => r.accountID === unprotectedManaged.id)).toBe(true);
  });

  it('requires the PIN of a protected user: missing or wrong → 403 with code 1041, right → token', async () => {
    const path = `/api/v2/home/users/${protectedManaged.uuid}/switch`;
    for (const query of ['', '?pin=0000']) {
      const denied = await call('POST', `${path}${query}`, { 'X-Plex-Token': owner.token });
      expect(denied.status).toBe(403);
      expect(plexTvErrorsSchema.parse(denied.body).errors[0]?.code).toBe(1041);
    }
    const ok = await call('POST', `${path}?pin=${protectedManaged.pin}`, { 'X-Plex-Token': owner.token });
    expect(ok.status).toBe(200);
    expect(library.accountByToken(ok.body.authToken)?.id).toBe(protectedManaged.id);
    expect((await call('POST', '/api/v2/home/users/nope/switch', { 'X-Plex-Token': owner.token })).status).toBe(404);
    expect((await call('POST', path, { 'X-Plex-Token': 'bad' })).status).toBe(401);
  });
});

describe('resources', () => {
  it('is a bare array; the server resource points at the PMS with its machineIdentifier and a usable token', async () => {
    const { status, body } = await call('GET', '/api/v2/resources', { 'X-Plex-Token': owner.token });
    expect(status).toBe(200);
    const resources = plexTvResourcesSchema.parse(body);
    const server = resources.find((r) => r.provides.split(',').includes('server'));
    expect(server).toMatchObject({ clientIdentifier: library.machineIdentifier, owned: true });
    expect(server?.connections[0]?.uri).toBe(pmsBase);
    const identity = await request(`${server?.connections[0]?.uri}/identity`, { headers: { accept: 'application/json' } });
    expect(((await identity.body.json()) as Json).MediaContainer.machineIdentifier).toBe(server?.clientIdentifier);
    const sections = await request(`${pmsBase}/library/sections`, { headers: { 'X-Plex-Token': server?.accessToken ?? '' } });
    await sections.body.text();
    expect(sections.statusCode).toBe(200);
    expect(resources.some((r) => !r.provides.includes('server'))).toBe(true);
  });
});

describe('PIN login', () => {
  it('creates a PIN (201, authToken null), polls it until linked, then the token works', async () => {
    expect((await call('POST', '/api/v2/pins')).status).toBe(400);
    const created = await call('POST', '/api/v2/pins?strong=true', {
      'X-Plex-Client-Identifier': 'watchsync-test',
      'X-Plex-Product': 'watchsync',
    });
    expect(created.status).toBe(201);
    const pin = plexTvPinSchema.parse(created.body);
    expect(pin).toMatchObject({ authToken: null, expiresIn: 900, clientIdentifier: 'watchsync-test' });
    expect(pin.code).toHaveLength(25);
    expect((await call('GET', `/api/v2/pins/${pin.id}`)).body.authToken).toBeNull();
    await call('POST', `/__admin/pins/${pin.id}/link`, {}, {});
    const linked = plexTvPinSchema.parse((await call('GET', `/api/v2/pins/${pin.id}`)).body);
    expect(linked.authToken).toEqual(expect.any(String));
    expect((await call('GET', '/api/v2/user', { 'X-Plex-Token': linked.authToken ?? '' })).body.id).toBe(owner.plexTvId);
  });

  it('answers 404 for an expired or unknown PIN', async () => {
    const created = await call('POST', '/api/v2/pins', { 'X-Plex-Client-Identifier': 'watchsync-test' });
    expect(created.body.code).toHaveLength(4);
    await call('POST', `/__admin/pins/${created.body.id}/expire`);
    expect((await call('GET', `/api/v2/pins/${created.body.id}`)).status).toBe(404);
    expect((await call('GET', '/api/v2/pins/1')).status).toBe(404);
  });
});

describe('faults', () => {
  it('has its own FaultBoard and admin API', async () => {
    await call('POST', '/__admin/reset');
    await call('GET', '/api/v2/user', { 'X-Plex-Token': owner.token });
    expect((await call('GET', '/__admin/counters')).body['GET /api/v2/user']).toBe(1);
    plexTv.faults.set('GET /api/v2/resources', { failNext: 1, status: 502 });
    expect((await call('GET', '/api/v2/resources', { 'X-Plex-Token': owner.token })).status).toBe(502);
    expect((await call('GET', '/api/v2/resources', { 'X-Plex-Token': owner.token })).status).toBe(200);
  });
});

/** A request as python-plexapi sends it: no Accept header, so plex.tv answers XML. */
async function xml(method: 'GET' | 'POST', path: string, token: string | undefined = owner.token) {
  const res = await request(`${base}${path}`, { method, headers: token === undefined ? {} : { 'X-Plex-Token': token } });
  return { status: res.statusCode, type: String(res.headers['content-type']), text: await res.body.text() };
}

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false });

describe('XML for clients that do not ask for JSON', () => {
  it('answers /api/v2/user as <user> with subscription, profile and roles as child elements', async () => {
    const res = await xml('GET', '/api/v2/user');
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/xml');
    const { user } = xmlParser.parse(res.text) as Json;
    expect(user).toMatchObject({ id: String(owner.plexTvId), uuid: owner.uuid, authToken: owner.token, homeAdmin: '1', scrobbleTypes: '' });
    expect(user.subscription).toMatchObject({ active: '1', status: 'Active', plan: 'lifetime' });
    expect(user.profile).toMatchObject({ defaultAudioLanguage: 'en' });
    expect(user.roles.role).toEqual({ id: 'plexpass' });
    // JSON nulls are left out, as in PMS XML.
    expect(user).not.toHaveProperty('locale');
  });

  it('answers errors as <errors><error …/></errors> with the same status', async () => {
    const res = await xml('GET', '/api/v2/user', 'wrong');
    expect(res.status).toBe(401);
    expect((xmlParser.parse(res.text) as Json).errors.error).toMatchObject({ code: '1001', status: '401' });
  });

  it('answers /api/v2/resources as <resources> with <connections><connection/></connections>', async () => {
    const { resources } = xmlParser.parse((await xml('GET', '/api/v2/resources')).text) as Json;
    const server = resources.resource.find((r: Json) => r.provides === 'server');
    expect(server).toMatchObject({ clientIdentifier: library.machineIdentifier, accessToken: owner.token, owned: '1' });
    expect(server.connections.connection).toMatchObject({ uri: pmsBase, local: '1', relay: '0' });
  });

  it('answers /api/v2/home/users as <home> with a <user> per Home user', async () => {
    const { home } = xmlParser.parse((await xml('GET', '/api/v2/home/users')).text) as Json;
    expect(home.users.user.map((u: Json) => u.uuid)).toEqual(library.accounts.map((a) => a.uuid));
  });
});

describe('the older XML-only API', () => {
  it('lists resources as the captured /api/resources: <Device> with <Connection>, times in epoch seconds', async () => {
    const res = await xml('GET', '/api/resources');
    const parsed = plexTvLegacyResourcesSchema.parse(parsePmsXml(res.text));
    const server = parsed.MediaContainer.Device?.find((d) => d.provides === 'server');
    expect(server).toMatchObject({ clientIdentifier: library.machineIdentifier, accessToken: owner.token, owned: true });
    expect(server?.Connection?.[0]?.uri).toBe(pmsBase);
    expect(res.text).toMatch(/createdAt="\d{10}"/);
  });

  it('lists the Home users in /api/users (trailing slash as python-plexapi writes it), and a Home user sees none', async () => {
    const parsed = plexTvSharedUsersSchema.parse(parsePmsXml((await xml('GET', '/api/users/')).text));
    const others = library.accounts.filter((a) => !a.admin);
    expect([parsed.MediaContainer.User ?? []].flat().map((u) => u.id)).toEqual(others.map((a) => a.plexTvId));
    expect((await xml('GET', '/api/users', unprotectedManaged.token)).text).toContain('size="0"');
    expect((await xml('GET', '/api/home/users')).text.match(/<User /g)).toHaveLength(library.accounts.length);
  });

  it('switches Home users by plex.tv id, answering the new token as authenticationToken', async () => {
    expect((await xml('POST', `/api/home/users/${protectedManaged.plexTvId}/switch`)).status).toBe(403);
    const res = await xml('POST', `/api/home/users/${protectedManaged.plexTvId}/switch?pin=${protectedManaged.pin}`);
    const token = /authenticationToken="([^"]+)"/.exec(res.text)?.[1] ?? '';
    expect(library.accountByToken(token)?.id).toBe(protectedManaged.id);
  });

  it('counts the routes and injects faults into them', async () => {
    await call('POST', '/__admin/reset');
    plexTv.faults.set('GET /api/users', { failNext: 1, status: 503 });
    expect((await xml('GET', '/api/users')).status).toBe(503);
    expect((await xml('GET', '/api/users')).status).toBe(200);
    expect(plexTv.faults.count('GET /api/users')).toBe(2);
  });
});
