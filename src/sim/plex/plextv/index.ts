/**
 * The simulated plex.tv (a different host from the PMS in reality, so a separate app): account, Plex Home
 * users and switching, resources (where the server is and which token to use) and the PIN login.
 * JSON only; watchsync always asks plex.tv for `Accept: application/json`.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { FaultBoard, installFaults } from '../../faults';
import type { PlexHomeAccount, PlexLibrary } from '../library';
import { registerFaultAdmin, registerTokenAdmin } from '../pms/admin';
import { tokenOf } from '../pms/auth';
import { PinStore } from './pins';
import { plexTvError, renderHomeUsers, renderPin, renderResources, renderSwitchedUser, renderUser } from './render';

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
    reply.code(401).send(plexTvError(1001, 'User could not be authenticated', 401));
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
  const app = Fastify({ logger: false });
  installFaults(app, faults);

  app.get('/api/v2/user', async (req, reply) => {
    const auth = authenticated(library, req, reply);
    return auth && renderUser(library, auth.account, auth.token);
  });

  app.get('/api/v2/home/users', async (req, reply) => authenticated(library, req, reply) && renderHomeUsers(library));

  app.post<{ Params: { uuid: string } }>('/api/v2/home/users/:uuid/switch', async (req, reply) => {
    if (!authenticated(library, req, reply)) return reply;
    const target = library.accounts.find((a) => a.uuid === req.params.uuid);
    if (!target) return reply.code(404).send(plexTvError(1002, 'User could not be found', 404));
    if (target.protected && (req.query as Query).pin !== target.pin) {
      return reply.code(403).send(plexTvError(1041, 'A valid PIN is required to perform this action', 403));
    }
    const token = library.issueToken(target.id);
    return renderSwitchedUser(library, target, token);
  });

  app.get('/api/v2/resources', async (req, reply) => {
    const auth = authenticated(library, req, reply);
    return auth && renderResources(library, auth.account, auth.token, pmsBaseUrl);
  });

  app.post('/api/v2/pins', async (req, reply) => {
    const clientIdentifier = clientIdentifierOf(req);
    if (!clientIdentifier) return reply.code(400).send(plexTvError(1000, 'X-Plex-Client-Identifier is missing', 400));
    const query = req.query as Query;
    const product = (req.headers['x-plex-product'] as string | undefined) ?? query['X-Plex-Product'] ?? '0';
    return reply.code(201).send(renderPin(pins.create(clientIdentifier, product, query.strong === 'true')));
  });

  app.get<{ Params: { id: string } }>('/api/v2/pins/:id', async (req, reply) => {
    const pin = pins.get(Number(req.params.id));
    return pin ? renderPin(pin) : reply.code(404).send(plexTvError(1020, 'Code not found or expired', 404));
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
