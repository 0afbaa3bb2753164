/** The dashboard under /ui (README "Dashboard", DESIGN.md §1): pages for reading, form posts for changes. */
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import { ScheduleNotFoundError } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decideHeldRemovals, NothingToDecideError, PairRunBusyError, startPairRun } from '../../client/pair-runs';
import { thawStashScenes } from '../../client/stash-status';
import { workflowUrl } from '../../client/temporal';
import { features } from '../../domain/items';
import type { Logger } from '../../log';
import { redactText } from '../../secrets';
import { thaw, type UnresolvedFeature } from '../../store/unresolved';
import { pairScheduleId, pairWorkflowId } from '../../workflows/pair-sync-api';
import { secretMatches } from '../secret';
import { script, stylesheet } from './assets';
import { dashboardAuth } from './auth';
import { type DashboardSources, readAttention, readHealth, readLibrary, readNowPlaying, readPairs, withReadDeadline } from './data';
import { type Html, html } from './html';
import type { Viewer } from './layout';
import { attentionPage, healthPage, libraryPage, loginPage, pairsPage, playingPage, resultPage, sessionsFragment } from './pages';

export interface DashboardOptions {
  sources: DashboardSources;
  adminToken: string | undefined;
  log: Logger;
}

/** Who started a run from here, for the Temporal UI. */
const dashboardStarter = 'the watchsync dashboard';

/** A page may not be framed, may load only its own stylesheet and script, and is never cached (it may show frozen titles). */
const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  // Same-origin only: a form post names the page it came from (where to go back to), no other site learns a URL.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** Only a dashboard page may be the target after a login (never another site). */
const safeNext = (next: unknown): string => (typeof next === 'string' && /^\/ui(\/[\w/-]*)?$/.test(next) ? next : '/ui');

/** The dashboard page a form was posted from, to go back to. */
const pageOf = (req: FastifyRequest): string => safeNext(req.headers.referer && new URL(req.headers.referer, 'http://localhost').pathname);

/** 4xx errors keep their status (a body fastify could not parse); anything else is a 500. */
const statusOf = (error: unknown): number => {
  if (error instanceof RefusedChange) return error.status;
  const status = (error as { statusCode?: number }).statusCode;
  return status !== undefined && status >= 400 && status < 500 ? status : 500;
};

const thawable = new Set<string>([...features, 'stash-push']);

type Form = Record<string, string | undefined>;

/** A change the dashboard could not make, with the status it answers. */
class RefusedChange extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RefusedChange';
  }
}

export async function registerDashboard(app: FastifyInstance, options: DashboardOptions): Promise<void> {
  const { sources, adminToken, log } = options;
  const { config, client, db } = sources;
  const auth = dashboardAuth(adminToken);
  const viewerOf = (req: FastifyRequest): Viewer => ({ admin: auth.isAdmin(req), loginPossible: auth.loginPossible });
  const send = (reply: FastifyReply, page: Html, status = 200) =>
    reply.code(status).headers(securityHeaders).type('text/html; charset=utf-8').send(page.text);

  await app.register(
    async (ui) => {
      // The cookie's signature key is the admin token: a new token ends every session.
      await ui.register(fastifyCookie, adminToken ? { secret: adminToken } : {});
      await ui.register(fastifyFormbody);

      ui.setErrorHandler((error, req, reply) => {
        const status = statusOf(error);
        if (status >= 500) log.error({ err: error, url: req.url }, 'dashboard request failed');
        const message = redactText(error instanceof Error ? error.message : String(error));
        return send(reply, resultPage({ viewer: viewerOf(req), title: 'Not done', message, ok: false, back: pageOf(req) }), status);
      });

      // Reading needs loopback or the admin token; the login page and the assets are for everyone.
      ui.addHook('onRequest', async (req, reply) => {
        const path = req.url.split('?')[0]!;
        if (path === '/ui/login' || path.startsWith('/ui/assets/')) return;
        if (!auth.canRead(req))
          return send(
            reply,
            loginPage({ viewer: viewerOf(req), next: safeNext(path), error: 'From another machine, the dashboard needs the admin token.' }),
            401,
          );
      });

      /** Every change needs the admin token, on loopback too. */
      const requireAdmin = async (req: FastifyRequest, reply: FastifyReply) => {
        if (auth.isAdmin(req)) return;
        const viewer = viewerOf(req);
        const why = auth.loginPossible ? 'Changes need the admin token: log in first.' : undefined;
        return send(reply, loginPage({ viewer, next: pageOf(req), error: why }), auth.loginPossible ? 401 : 403);
      };

      ui.get('/assets/dashboard.css', (_req, reply) => reply.headers(securityHeaders).type('text/css; charset=utf-8').send(stylesheet));
      ui.get('/assets/dashboard.js', (_req, reply) => reply.headers(securityHeaders).type('text/javascript; charset=utf-8').send(script));

      ui.get('/', async (req, reply) => send(reply, pairsPage(await withReadDeadline(sources, () => readPairs(sources)), viewerOf(req))));
      ui.get('/attention', async (req, reply) =>
        send(reply, attentionPage(await withReadDeadline(sources, () => readAttention(sources)), viewerOf(req))),
      );
      ui.get('/playing', async (req, reply) =>
        send(reply, playingPage(await withReadDeadline(sources, () => readNowPlaying(sources)), viewerOf(req))),
      );
      ui.get('/playing/sessions', async (_req, reply) =>
        send(reply, sessionsFragment(await withReadDeadline(sources, () => readNowPlaying(sources)))),
      );
      ui.get('/library', async (req, reply) =>
        send(reply, libraryPage(await withReadDeadline(sources, () => readLibrary(sources)), viewerOf(req))),
      );
      ui.get('/health', async (req, reply) => send(reply, healthPage(await readHealth(sources), viewerOf(req))));

      ui.get('/login', async (req, reply) => send(reply, loginPage({ viewer: viewerOf(req), next: safeNext((req.query as Form).next) })));
      ui.post('/login', async (req, reply) => {
        const form = (req.body ?? {}) as Form;
        const next = safeNext(form.next);
        const viewer = viewerOf(req);
        if (!adminToken) return send(reply, loginPage({ viewer, next }), 403);
        if (!secretMatches(form.token, adminToken))
          return send(reply, loginPage({ viewer, next, error: 'That is not the admin token.' }), 401);
        auth.startSession(req, reply);
        return reply.code(303).header('location', next).send();
      });
      ui.post('/logout', async (_req, reply) => {
        auth.endSession(reply);
        return reply.code(303).header('location', '/ui').send();
      });

      const pairOf = (req: FastifyRequest): string => {
        const { pair } = req.params as { pair: string };
        if (!config.pairs.some((p) => p.id === pair)) throw new RefusedChange(404, `no pair "${pair}" in the config`);
        return pair;
      };
      const done = (req: FastifyRequest, reply: FastifyReply, title: string, message: Html | string, back = '/ui') =>
        send(reply, resultPage({ viewer: viewerOf(req), title, message, ok: true, back }));

      for (const dryRun of [false, true]) {
        ui.post(`/pairs/:pair/${dryRun ? 'plan' : 'sync'}`, { preHandler: requireAdmin }, async (req, reply) => {
          const pairId = pairOf(req);
          const said: string[] = [];
          try {
            const { handle, joined } = await startPairRun(
              client,
              config,
              { pairId, dryRun, startedBy: dashboardStarter },
              (line) => said.push(line),
              { waitForOtherKind: false },
            );
            const { runId } = await handle.describe();
            const what = dryRun ? 'Dry-run plan' : 'Sync';
            return done(
              req,
              reply,
              `${what} of ${pairId}`,
              html`${what} ${joined ? 'already running: joined it' : 'started'}. <a href="${workflowUrl(config, pairWorkflowId(pairId), runId)}">Follow it in the Temporal UI</a>.`,
            );
          } catch (error) {
            if (error instanceof PairRunBusyError) throw new RefusedChange(409, error.message);
            throw error;
          }
        });
      }

      for (const decision of ['approve', 'reject'] as const) {
        ui.post(`/pairs/:pair/${decision}`, { preHandler: requireAdmin }, async (req, reply) => {
          const pairId = pairOf(req);
          try {
            const decided = await decideHeldRemovals(client, pairId, decision);
            return done(
              req,
              reply,
              `Held removals of ${pairId}`,
              `${decision === 'approve' ? 'Approved' : 'Rejected'} ${decided.removals} removals of plan ${decided.planId} in the ${decided.run}.`,
            );
          } catch (error) {
            if (error instanceof NothingToDecideError) throw new RefusedChange(409, error.message);
            throw error;
          }
        });
      }

      for (const [verb, change] of [
        ['pause', 'paused'],
        ['resume', 'resumed'],
      ] as const) {
        ui.post(`/pairs/:pair/${verb}`, { preHandler: requireAdmin }, async (req, reply) => {
          const pairId = pairOf(req);
          const schedule = client.schedule.getHandle(pairScheduleId(pairId));
          try {
            await (verb === 'pause'
              ? schedule.pause(`paused from ${dashboardStarter}`)
              : schedule.unpause(`resumed from ${dashboardStarter}`));
          } catch (error) {
            if (error instanceof ScheduleNotFoundError) throw new RefusedChange(404, `pair "${pairId}" has no schedule`);
            throw error;
          }
          return done(req, reply, `Schedule of ${pairId}`, `The schedule of ${pairId} is ${change}.`);
        });
      }

      ui.post('/unresolved/thaw', { preHandler: requireAdmin }, async (req, reply) => {
        const form = (req.body ?? {}) as Form;
        const pairId = form.pair;
        if (!pairId) throw new RefusedChange(400, 'thaw needs the field "pair"');
        if (form.feature !== undefined && !thawable.has(form.feature))
          throw new RefusedChange(400, `field "feature" must be one of ${[...thawable].join(', ')} (got "${form.feature}")`);
        if (pairId === 'stash') {
          const scenes = await thawStashScenes(client, config, db, 'dashboard', form.key);
          return done(req, reply, 'Thawed', `${scenes.length} scene(s) thawed and queued for a push.`, '/ui/attention');
        }
        const count = await thaw(db, { pairId, feature: form.feature as UnresolvedFeature | undefined, itemKey: form.key });
        return done(req, reply, 'Thawed', `Thawed ${count} item(s) of ${pairId}: they are tried again on the next run.`, '/ui/attention');
      });
    },
    { prefix: '/ui' },
  );
}
