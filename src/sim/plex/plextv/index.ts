/**
 * The simulated plex.tv (a different host from the PMS in reality, so a separate app): account, Plex Home
 * users and switching, resources (where the server is and which token to use) and the PIN login.
 * API v2 answers JSON to clients that ask for it (watchsync always does) and XML otherwise (python-plexapi);
 * the older `/api/…` routes answer XML (./legacy.ts).
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { FaultBoard, installFaults } from '../../faults';
import type { PlexHomeAccount, PlexLibrary } from '../library';
import { registerFaultAdmin, registerTokenAdmin } from '../pms/admin';
import { tokenOf } from '../pms/auth';
import { homeUsersXml, legacyResourcesXml, usersXml } from './legacy';
import { PinStore } from './pins';
import { renderHomeUsers, renderPin, renderResources, renderSwitchedUser, renderUser } from './render';
import { sendPlexTv, sendPlexTvError } from './xml';

export interface PlexTvSimOptions {
  library: PlexLibrary;
  /** Where clients reach the PMS (the connection uri in /api/v2/resources). */
  pmsBaseUrl?: string;
  faults?: FaultBoard;
  /** Epoch ms (default: the wall clock). */
  nowMs?: () => number;
}

export interface PlexTvSim {
  app: FastifyInstance;
  faults: FaultBoard;
  pins: PinStore;
}

type Query = Record<string, string | undefined>;

function authenticated(
  library: PlexLibrary,
  req: FastifyRequest,
  reply: FastifyReply,
): { account: PlexHomeAccount; token: string } | undefined {
  const token = tokenOf(req);
  const account = token === undefined ? undefined : library.accountByToken(token);
  if (!account || token === undefined) {
    sendPlexTvError(req, reply, 401, 1001, 'User could not be authenticated');
    return undefined;
  }
  return { account, token };
}

function clientIdentifierOf(req: FastifyRequest): string | undefined {
  const header = req.headers['x-plex-client-identifier'];
  return typeof header === 'string' ? header : (req.query as Query)['X-Plex-Client-Identifier'];
}

export function createPlexTvSim(options: PlexTvSimOptions): PlexTvSim {
  const { library } = options;
  const faults = options.faults ?? new FaultBoard();
  const pins = new PinStore(options.nowMs ?? Date.now);
  const pmsBaseUrl = options.pmsBaseUrl ?? 'http://127.0.0.1:32400';
  // python-plexapi asks for `/api/users/` with a trailing slash.
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });
  installFaults(app, faults);

  const sendXml = (reply: FastifyReply, xml: string) => reply.type('application/xml; charset=utf-8').send(xml);

  app.get('/api/v2/user', async (req, reply) => {
    const auth = authenticated(library, req, reply);
    return auth && sendPlexTv(req, reply, 'user', renderUser(library, auth.account, auth.token));
  });

  app.get(
    '/api/v2/home/users',
    async (req, reply) => authenticated(library, req, reply) && sendPlexTv(req, reply, 'home', renderHomeUsers(library)),
  );

  app.get('/api/home/users', async (req, reply) => authenticated(library, req, reply) && sendXml(reply, homeUsersXml(library)));

  app.get('/api/users', async (req, reply) => {
    const auth = authenticated(library, req, reply);
    return auth && sendXml(reply, usersXml(library, auth.account));
  });

  /** Switching needs the PIN of a protected user; the new token is the switched user's. */
  const switchTo = (req: FastifyRequest, reply: FastifyReply, target: PlexHomeAccount | undefined) => {
    if (!target) return { error: sendPlexTvError(req, reply, 404, 1002, 'User could not be found') };
    if (target.protected && (req.query as Query).pin !== target.pin) {
      return { error: sendPlexTvError(req, reply, 403, 1041, 'A valid PIN is required to perform this action') };
    }
    return { user: renderSwitchedUser(library, target, library.issueToken(target.id)) };
  };

  app.post<{ Params: { uuid: string } }>('/api/v2/home/users/:uuid/switch', async (req, reply) => {
    if (!authenticated(library, req, reply)) return reply;
    const switched = switchTo(
      req,
      reply,
      library.accounts.find((a) => a.uuid === req.params.uuid),
    );
    return switched.error ?? sendPlexTv(req, reply, 'user', switched.user);
  });

  // python-plexapi's switchHomeUser: by plex.tv user id, reading the token from `authenticationToken`. Only
  // that attribute is known of this answer; the rest is the v2 user.
  app.post<{ Params: { id: string } }>('/api/home/users/:id/switch', async (req, reply) => {
    if (!authenticated(library, req, reply)) return reply;
    const switched = switchTo(
      req,
      reply,
      library.accounts.find((a) => String(a.plexTvId) === req.params.id),
    );
    if (switched.error) return switched.error;
    return sendPlexTv(req, reply, 'user', { ...switched.user, authenticationToken: switched.user.authToken });
  });

  app.get('/api/v2/resources', async (req, reply) => {
    const auth = authenticated(library, req, reply);
    return auth && sendPlexTv(req, reply, 'resources', renderResources(library, auth.account, auth.token, pmsBaseUrl));
  });

  app.get('/api/resources', async (req, reply) => {
    const auth = authenticated(library, req, reply);
    return auth && sendXml(reply, legacyResourcesXml(renderResources(library, auth.account, auth.token, pmsBaseUrl)));
  });

  app.post('/api/v2/pins', async (req, reply) => {
    const clientIdentifier = clientIdentifierOf(req);
    if (!clientIdentifier) return sendPlexTvError(req, reply, 400, 1000, 'X-Plex-Client-Identifier is missing');
    const query = req.query as Query;
    const product = (req.headers['x-plex-product'] as string | undefined) ?? query['X-Plex-Product'] ?? '0';
    return sendPlexTv(req, reply.code(201), 'pin', renderPin(pins.create(clientIdentifier, product, query.strong === 'true')));
  });

  app.get<{ Params: { id: string } }>('/api/v2/pins/:id', async (req, reply) => {
    const pin = pins.get(Number(req.params.id));
    return pin ? sendPlexTv(req, reply, 'pin', renderPin(pin)) : sendPlexTvError(req, reply, 404, 1020, 'Code not found or expired');
  });

  registerFaultAdmin(app, faults);
  registerTokenAdmin(app, library);
  app.get('/__admin/pins', async () => pins.all());
  // What the user does on plex.tv/link: the PIN gets a token of the owner (or of the given account).
  app.post<{ Params: { id: string }; Body: { accountId?: number } | undefined }>('/__admin/pins/:id/link', async (req, reply) => {
    const pin = pins.link(Number(req.params.id), library, req.body?.accountId ?? library.owner.id);
    return pin ? renderPin(pin) : reply.code(404).send({ error: 'no such pin' });
  });
  app.post<{ Params: { id: string } }>('/__admin/pins/:id/expire', async (req) => ({ expired: pins.expire(Number(req.params.id)) }));
  app.post('/__admin/reset', async () => {
    pins.clear();
    faults.clear();
    faults.resetCounts();
    return { ok: true };
  });

  return { app, faults, pins };
}
