import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { traktDeviceCodeSchema, traktTokenErrorSchema, traktTokenSchema } from '../../src/providers/trakt/schemas';
import { generateCatalog } from '../../src/sim/catalog';
import { type RunningTraktSim, startTraktSim } from '../../src/sim/trakt/harness';

let now = Date.parse('2026-03-01T12:00:00.000Z');
let trakt: RunningTraktSim;

beforeEach(async () => {
  now = Date.parse('2026-03-01T12:00:00.000Z');
  trakt = await startTraktSim({
    catalog: generateCatalog({ movies: 5, shows: 1, episodes: 2 }, 1),
    clock: () => now,
    enforceRateLimits: false,
  });
});
afterEach(() => trakt.close());

const client = () => ({ client_id: trakt.sim.clientId, client_secret: trakt.sim.clientSecret });

async function startDeviceFlow() {
  const res = await trakt.call('POST', '/oauth/device/code', { body: { client_id: trakt.sim.clientId } });
  expect(res.status).toBe(200);
  return traktDeviceCodeSchema.parse(res.body);
}

const poll = (code: string) => trakt.call('POST', '/oauth/device/token', { body: { code, ...client() } });

describe('trakt sim: device flow', () => {
  it('answers 400 while pending, 429 when polled too fast, tokens once approved, then 409', async () => {
    const code = await startDeviceFlow();
    expect(code).toMatchObject({ expires_in: 600, interval: 5, verification_url: 'https://trakt.tv/activate' });

    expect((await poll(code.device_code)).status).toBe(400);
    now += 1000;
    expect((await poll(code.device_code)).status).toBe(429);

    expect(trakt.sim.control.approveDevice(code.user_code, 'alice')).toBe(true);
    now += 5000;
    const granted = await poll(code.device_code);
    expect(granted.status).toBe(200);
    const tokens = traktTokenSchema.parse(granted.body);
    expect(tokens.expires_in).toBe(7 * 24 * 3600);
    expect(tokens.created_at).toBe(Math.floor(now / 1000));

    const settings = await trakt.call('GET', '/users/settings', { token: tokens.access_token });
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ user: { username: 'alice' } });

    now += 5000;
    expect((await poll(code.device_code)).status).toBe(409);
  });

  it('answers 418 when denied, 410 when expired, 404 for an unknown code', async () => {
    const denied = await startDeviceFlow();
    trakt.sim.control.denyDevice(denied.user_code);
    expect((await poll(denied.device_code)).status).toBe(418);

    const expired = await startDeviceFlow();
    now += 601_000;
    expect((await poll(expired.device_code)).status).toBe(410);

    expect((await poll('no-such-code')).status).toBe(404);
  });

  it('lets the admin API approve a code over HTTP', async () => {
    const code = await startDeviceFlow();
    const approved = await trakt.call('POST', `/__admin/device/${code.user_code}/approve?username=bob`);
    expect(approved).toMatchObject({ status: 200, body: { approved: true, username: 'bob' } });
    expect((await poll(code.device_code)).status).toBe(200);
  });
});

describe('trakt sim: tokens', () => {
  it('rotates refresh tokens: each is single-use, and the old access token dies with it', async () => {
    const { tokens } = trakt.sim.control.createUser({ username: 'alice' });
    const refresh = (refresh_token: string) =>
      trakt.call('POST', '/oauth/token', {
        body: { refresh_token, grant_type: 'refresh_token', redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', ...client() },
      });

    const first = await refresh(tokens.refresh_token);
    expect(first.status).toBe(200);
    const rotated = traktTokenSchema.parse(first.body);
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);

    const replay = await refresh(tokens.refresh_token);
    expect(replay.status).toBe(400);
    expect(traktTokenErrorSchema.parse(replay.body).error).toBe('invalid_grant');

    expect((await trakt.call('GET', '/sync/last_activities', { token: tokens.access_token })).status).toBe(401);
    expect((await trakt.call('GET', '/sync/last_activities', { token: rotated.access_token })).status).toBe(200);
    expect((await refresh(rotated.refresh_token)).status).toBe(200);
  });

  it('expires access tokens after 7 days and on admin request; refresh still works', async () => {
    const { tokens } = trakt.sim.control.createUser({ username: 'alice' });
    now += 7 * 24 * 3600 * 1000 - 1;
    expect((await trakt.call('GET', '/sync/last_activities', { token: tokens.access_token })).status).toBe(200);
    now += 1;
    expect((await trakt.call('GET', '/sync/last_activities', { token: tokens.access_token })).status).toBe(401);

    const fresh = trakt.sim.control.issueTokens('alice');
    expect((await trakt.call('POST', '/__admin/users/alice/expire-tokens')).status).toBe(200);
    expect((await trakt.call('GET', '/sync/last_activities', { token: fresh.access_token })).status).toBe(401);
    const refreshed = await trakt.call('POST', '/oauth/token', {
      body: { refresh_token: fresh.refresh_token, grant_type: 'refresh_token', ...client() },
    });
    expect(refreshed.status).toBe(200);
  });

  it('revokes tokens', async () => {
    const { tokens } = trakt.sim.control.createUser({ username: 'alice' });
    expect((await trakt.call('POST', '/oauth/revoke', { body: { token: tokens.access_token, ...client() } })).status).toBe(200);
    expect((await trakt.call('GET', '/sync/last_activities', { token: tokens.access_token })).status).toBe(401);
  });

  it('requires the api key (403), OAuth on sync routes (401) and JSON on writes (412)', async () => {
    const { tokens } = trakt.sim.control.createUser({ username: 'alice' });
    expect(
      (await trakt.call('GET', '/sync/last_activities', { token: tokens.access_token, headers: { 'trakt-api-key': 'wrong' } })).status,
    ).toBe(403);
    expect((await trakt.call('GET', '/sync/last_activities')).status).toBe(401);
    expect((await trakt.call('GET', '/sync/last_activities', { token: 'garbage' })).status).toBe(401);
    const textBody = await trakt.call('POST', '/sync/history', {
      token: tokens.access_token,
      body: {},
      headers: { 'content-type': 'text/plain' },
    });
    expect(textBody.status).toBe(412);
    // Search needs no user.
    expect((await trakt.call('GET', '/search/trakt/1')).status).toBe(200);
  });
});
