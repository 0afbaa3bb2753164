import { afterEach, describe, expect, it } from 'vitest';
import { classifyTraktError, memoryTokenStore, TraktAuthError, TraktDeviceLoginError, type TraktTokens } from '../../src/providers/trakt';
import { startTraktTest, type TraktTest } from './trakt-harness';

let t: TraktTest;
afterEach(() => t.close());

const hourMs = 3600_000;

/** Makes the client believe alice's access token expires in `ms` (the simulator still honours it). */
async function expiringIn(ms: number): Promise<TraktTokens> {
  const tokens = (await t.store.load('alice'))!;
  const soon = { ...tokens, expiresAt: new Date(t.now.ms + ms).toISOString() };
  await t.store.save('alice', soon);
  return soon;
}

describe('trakt provider: device login', () => {
  it('answers pending, slow_down, then stores and returns the tokens once the user approves', async () => {
    t = await startTraktTest();
    const login = await t.client.startDeviceLogin();
    expect(login).toMatchObject({ verificationUrl: 'https://trakt.tv/activate', intervalS: 5 });
    expect(login.userCode).not.toBe('');
    const store = memoryTokenStore();
    const bob = t.makeClient({ account: 'bob', tokens: store });

    expect(await bob.pollDeviceLogin(login.deviceCode)).toBe('pending');
    expect(await bob.pollDeviceLogin(login.deviceCode)).toBe('slow_down');
    t.trakt.sim.control.approveDevice(login.userCode, 'bob');
    t.now.ms += login.intervalS * 1000;
    const tokens = await bob.pollDeviceLogin(login.deviceCode);
    expect(tokens).toMatchObject({ scope: 'public', expiresAt: new Date(t.now.ms + 7 * 24 * hourMs).toISOString() });
    expect(await store.load('bob')).toEqual(tokens);
    expect((await bob.settings()).username).toBe('bob');

    t.now.ms += login.intervalS * 1000;
    await expect(bob.pollDeviceLogin(login.deviceCode)).rejects.toMatchObject({ name: 'TraktDeviceLoginError', reason: 'used' });
  });

  it('throws typed errors for a denied, an expired and an unknown code', async () => {
    t = await startTraktTest();
    const denied = await t.client.startDeviceLogin();
    t.trakt.sim.control.denyDevice(denied.userCode);
    const error = await t.client.pollDeviceLogin(denied.deviceCode).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TraktDeviceLoginError);
    expect(error).toMatchObject({ reason: 'denied', permanent: true });
    expect(classifyTraktError(error)).toEqual({ kind: 'auth', permanent: true });

    const expired = await t.client.startDeviceLogin();
    t.now.ms += (expired.expiresInS + 1) * 1000;
    await expect(t.client.pollDeviceLogin(expired.deviceCode)).rejects.toMatchObject({ reason: 'expired' });
    await expect(t.client.pollDeviceLogin('no-such-code')).rejects.toMatchObject({ reason: 'invalid' });
  });
});

describe('trakt provider: token refresh', () => {
  it('does not refresh a token that is far from expiry', async () => {
    t = await startTraktTest();
    await t.client.settings();
    expect(t.count('POST /oauth/token')).toBe(0);
  });

  it('refreshes proactively when the token expires within the margin, saving the rotated pair', async () => {
    t = await startTraktTest();
    const old = await expiringIn(12 * hourMs);
    expect((await t.client.settings()).username).toBe('alice');
    expect(t.count('POST /oauth/token')).toBe(1);
    const fresh = (await t.store.load('alice'))!;
    expect(fresh.accessToken).not.toBe(old.accessToken);
    expect(fresh.refreshToken).not.toBe(old.refreshToken);
    expect(Date.parse(fresh.expiresAt) - t.now.ms).toBe(7 * 24 * hourMs);
    // The old refresh token is spent (rotation): only the saved pair works.
    expect(t.trakt.sim.state.tokens.refresh(old.refreshToken)).toBeUndefined();
  });

  it('refreshes once on a 401 and retries the request, saving the new pair before using it', async () => {
    t = await startTraktTest();
    const saves: number[] = [];
    const store = t.store;
    const client = t.makeClient({
      tokens: {
        ...store,
        save: async (account, tokens) => {
          saves.push(t.count('GET /users/settings'));
          await store.save(account, tokens);
        },
      },
    });
    t.trakt.sim.control.expireTokens('alice');
    expect((await client.settings()).username).toBe('alice');
    expect(t.count('POST /oauth/token')).toBe(1);
    expect(t.count('GET /users/settings')).toBe(2);
    // Saved after the rejected request and before the retry.
    expect(saves).toEqual([1]);
  });

  it('performs ONE refresh when concurrent requests of one account all need it', async () => {
    t = await startTraktTest();
    await expiringIn(hourMs);
    const other = t.makeClient();
    await Promise.all([t.client.settings(), t.client.lastActivities(), other.watchlist(), other.settings()]);
    expect(t.count('POST /oauth/token')).toBe(1);

    // The same after a 401: every request that saw the stale token reuses the one refresh.
    t.trakt.sim.control.expireTokens('alice');
    await Promise.all([t.client.settings(), t.client.lastActivities(), other.history(), other.settings()]);
    expect(t.count('POST /oauth/token')).toBe(2);
  });

  it('fails with TraktAuthError when there are no tokens, the refresh token is rejected, or a 401 outlives a refresh', async () => {
    t = await startTraktTest();
    const nobody = t.makeClient({ account: 'nobody', tokens: memoryTokenStore() });
    await expect(nobody.settings()).rejects.toMatchObject({ name: 'TraktAuthError', reason: 'no_tokens' });

    await t.store.save('alice', { ...(await expiringIn(hourMs)), refreshToken: 'spent' });
    const rejected = await t.client.settings().catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(TraktAuthError);
    expect(rejected).toMatchObject({ reason: 'refresh_rejected' });
    expect((rejected as Error).message).not.toContain('spent');
    expect(classifyTraktError(rejected)).toEqual({ kind: 'auth', permanent: true });

    const { tokens } = t.trakt.sim.control.createUser({ username: 'carol' });
    const carolStore = memoryTokenStore({
      carol: {
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        expiresAt: new Date(t.now.ms + 30 * 24 * hourMs).toISOString(),
      },
    });
    const carol = t.makeClient({ account: 'carol', tokens: carolStore });
    const refreshesBefore = t.count('POST /oauth/token');
    t.trakt.sim.control.setFault('GET /users/settings', { status: 401, failNext: 2 });
    await expect(carol.settings()).rejects.toMatchObject({ name: 'TraktAuthError', reason: 'unauthorized' });
    expect(t.count('POST /oauth/token')).toBe(refreshesBefore + 1);
  });
});
