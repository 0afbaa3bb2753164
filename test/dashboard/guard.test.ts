import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PairView } from '../../src/bridge/dashboard/data';
import { escapeHtml, html } from '../../src/bridge/dashboard/html';
import { attentionPage, pairsPage } from '../../src/bridge/dashboard/pages';
import { createBridgeServer } from '../../src/bridge/server';
import { parseConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createPool, type Pool } from '../../src/store/db';

/**
 * The dashboard without Temporal or PostgreSQL (both unreachable): what it renders, how it escapes, and who may
 * read and change things. The browser tests (browser.test.ts) do the same against the demo setup.
 */

const adminToken = randomBytes(32).toString('hex');
const webhookSecret = randomBytes(32).toString('hex');
const outsider = '203.0.113.7';

const hostile = '<img src=x onerror="alert(1)">';

function pairView(overrides: Partial<PairView> = {}): PairView {
  return {
    id: 'demo',
    source: 'plex',
    target: 'trakt',
    state: { kind: 'awaiting-approval', removals: 1 },
    features: [],
    held: { planId: 7, removals: 1, items: [{ destination: 'target', title: hostile }], expiresAt: new Date(Date.now() + 3600_000) },
    schedule: undefined,
    ...overrides,
  };
}

describe('dashboard rendering', () => {
  it('escapes every interpolated value, once, and keeps nested templates as markup', () => {
    expect(html`<p title="${'"x" & y'}">${hostile}</p>`.text).toBe(
      '<p title="&quot;x&quot; &amp; y">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>',
    );
    expect(html`<ul>${['a<', html`<li>b</li>`]}</ul>`.text).toBe('<ul>a&lt;<li>b</li></ul>');
    expect(html`${undefined}${null}${false}${0}`.text).toBe('0');
    expect(escapeHtml("it's")).toBe('it&#39;s');
  });

  it('shows a held removal with a hostile title as text, with approve and reject buttons', () => {
    const page = pairsPage([pairView()], { admin: true, loginPossible: true }).text;
    expect(page).not.toContain(hostile);
    expect(page).toContain(escapeHtml(hostile));
    expect(page).toContain('action="/ui/pairs/demo/approve"');
    expect(page).toContain('action="/ui/pairs/demo/reject"');
    expect(page).toMatch(/waiting for approval: 1 removals held/);
    expect(page).toMatch(/<main id="main">/);
    expect(page).toMatch(/<nav aria-label="Pages">/);
  });

  it('Needs attention lists a failed run with its cause, a changed account binding and the Trakt login', () => {
    const failed = pairView({ held: undefined, state: { kind: 'failed', cause: 'watchlist failed: AccountChanged: …' } });
    const page = attentionPage(
      {
        pairs: [failed],
        frozen: [],
        accountChanged: [
          { pairId: 'demo', errors: ['watchlist: pair demo syncs the Trakt account "a", but the token now belongs to "b"'] },
        ],
        trakt: {
          account: 'default',
          expiresAt: undefined,
          refused: [{ pairId: 'demo', errors: ['ratings: Trakt refused the token (401)'] }],
        },
      },
      { admin: true, loginPossible: true },
    ).text;
    expect(page).toContain('No removals wait for approval.');
    expect(page).toMatch(
      /<strong>demo<\/strong>: <span class="badge bad">failed<\/span> <span class="cause">watchlist failed: AccountChanged: …/,
    );
    expect(page).toContain('but the token now belongs to &quot;b&quot;. If intended: <code>watchsync forget demo</code>');
    expect(page).toContain('<span class="badge bad">not logged in</span> Run <code>watchsync auth trakt</code>');
    expect(page).toContain('<span class="badge bad">login refused</span> in the last run of demo: ratings: Trakt refused the token (401)');
    expect(page).toContain('No frozen items.');
  });

  it('a part that could not be read is said in place, not a broken page', () => {
    const page = pairsPage([{ failed: 'Temporal is not reachable at 127.0.0.1:1' }], { admin: false, loginPossible: false }).text;
    expect(page).toContain('unavailable: Temporal is not reachable at 127.0.0.1:1');
    expect(page).toContain('set <code>bridge.admin_token</code>');
  });
});

describe('dashboard access', () => {
  let app: FastifyInstance;
  let appWithoutToken: FastifyInstance;
  let db: Pool;
  let connection: Connection;

  beforeAll(async () => {
    // Nothing listens on port 1: every read fails fast, and each page says so.
    connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
    db = createPool('postgres://nobody@127.0.0.1:1/none', 1);
    const configOf = (withToken: boolean) =>
      parseConfig({
        temporal: { address: '127.0.0.1:1' },
        database: { url: 'postgres://nobody@127.0.0.1:1/none' },
        bridge: { webhook: { enabled: true }, webhook_secret: webhookSecret, ...(withToken ? { admin_token: adminToken } : {}) },
        pairs: [{ id: 'demo', source: 'plex', target: 'trakt', features: { watchlist: {} } }],
      });
    const log = createLogger({ level: 'silent' });
    const server = (withToken: boolean) => {
      const config = configOf(withToken);
      return createBridgeServer({ config, log, dashboard: { config, client: new Client({ connection }), db, readDeadlineMs: 500 } });
    };
    app = await server(true);
    appWithoutToken = await server(false);
  });
  afterAll(async () => {
    await app.close();
    await appWithoutToken.close();
    await db.end();
    await connection.close().catch(() => undefined);
  });

  it('reads from loopback; from elsewhere only with the admin token', async () => {
    const local = await app.inject({ url: '/ui/attention' });
    expect(local.statusCode).toBe(200);
    expect(local.headers['content-type']).toMatch(/text\/html/);
    expect(local.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(local.body).toContain('<h1>Needs attention</h1>');

    const away = await app.inject({ url: '/ui/attention', remoteAddress: outsider });
    expect(away.statusCode).toBe(401);
    expect(away.body).toContain('needs the admin token');
    expect(away.body).not.toContain('<h1>Needs attention</h1>');

    const withBearer = await app.inject({
      url: '/ui/attention',
      remoteAddress: outsider,
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(withBearer.statusCode).toBe(200);
    // The login page and the assets are for everyone (else nobody could log in from elsewhere).
    expect((await app.inject({ url: '/ui/login', remoteAddress: outsider })).statusCode).toBe(200);
    expect((await app.inject({ url: '/ui/assets/dashboard.css', remoteAddress: outsider })).statusCode).toBe(200);
  });

  it('refuses a change without the admin token, also from loopback', async () => {
    const post = (extra: { headers?: Record<string, string> } = {}) =>
      app.inject({ method: 'POST', url: '/ui/pairs/demo/approve', payload: '', ...extra });
    const refused = await post();
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain('Changes need the admin token');
    expect((await post({ headers: { authorization: 'Bearer not-the-token-at-all-0123456789' } })).statusCode).toBe(401);

    const noToken = await appWithoutToken.inject({
      method: 'POST',
      url: '/ui/unresolved/thaw',
      payload: 'pair=demo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.body).toContain('set <code>bridge.admin_token</code>');
  });

  it('a login sets an HttpOnly, SameSite=Strict cookie that holds no secret, and changes pass with it', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const wrong = await app.inject({ method: 'POST', url: '/ui/login', headers: form, payload: 'token=wrong&next=%2Fui' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const login = await app.inject({
      method: 'POST',
      url: '/ui/login',
      headers: form,
      payload: `token=${adminToken}&next=%2Fui%2Fattention`,
    });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/ui/attention');
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(adminToken);
    const session = cookie.split(';')[0]!;

    // Past the guard, the unknown pair is what refuses the change.
    const withCookie = await app.inject({ method: 'POST', url: '/ui/pairs/nope/sync', headers: { cookie: session } });
    expect(withCookie.statusCode).toBe(404);
    expect(withCookie.body).toContain('no pair &quot;nope&quot; in the config');

    const tampered = session.replace(/admin:\d+/, 'admin:99999999999999');
    expect((await app.inject({ method: 'POST', url: '/ui/pairs/nope/sync', headers: { cookie: tampered } })).statusCode).toBe(401);
    // A login never sends the reader elsewhere.
    const offsite = await app.inject({
      method: 'POST',
      url: '/ui/login',
      headers: form,
      payload: `token=${adminToken}&next=https%3A%2F%2Fevil.example%2F`,
    });
    expect(offsite.headers.location).toBe('/ui');
  });

  it('the Health page says which component is down and what to do about it', async () => {
    const page = (await app.inject({ url: '/ui/health' })).body;
    expect(page).toMatch(/<th scope="row">database<\/th><td><span class="badge bad">error<\/span>/);
    expect(page).toContain('What to do:</strong> Start PostgreSQL');
    expect(page).toMatch(
      /<th scope="row">temporal<\/th><td><span class="badge bad">error<\/span><\/td><td>Temporal is not reachable at 127.0.0.1:1/,
    );
    expect(page).toContain('<th scope="row">worker</th><td><span class="badge info">skipped</span>');
  });

  it('a bad form field is named and changes nothing', async () => {
    const answer = await app.inject({
      method: 'POST',
      url: '/ui/unresolved/thaw',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'pair=demo&feature=everything',
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('field &quot;feature&quot; must be one of');
  });

  it('no page or answer carries a secret', async () => {
    const urls = ['/ui', '/ui/attention', '/ui/playing', '/ui/playing/sessions', '/ui/library', '/ui/health', '/ui/login'];
    for (const url of urls) {
      const answer = await app.inject({ url, headers: { authorization: `Bearer ${adminToken}` } });
      expect(answer.statusCode, url).toBe(200);
      expect(answer.body, url).not.toContain(adminToken);
      expect(answer.body, url).not.toContain(webhookSecret);
    }
  });
});
