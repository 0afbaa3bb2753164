import Fastify, { type FastifyInstance } from 'fastify';
import type { Catalog } from '../catalog';
import { FaultBoard, installFaults } from '../faults';
import { registerAccount } from './account';
import { registerAdmin } from './admin';
import { TraktSimControl } from './control';
import { apiScope } from './guard';
import type { SimContext } from './http';
import { TraktCatalog } from './media';
import { registerOAuth } from './oauth';
import { defaultRateLimits, RateLimiter, type RateLimits } from './ratelimit';
import { registerScrobble } from './scrobble';
import { registerSearch } from './search';
import { registerShows } from './shows';
import { TraktState, type UserOptions } from './state';
import { registerCollection } from './sync-collection';
import { registerHistory } from './sync-history';
import { registerRatings } from './sync-ratings';
import { registerSyncWatched } from './sync-watched';
import { registerWatchlist } from './sync-watchlist';
import type { TokenResponse } from './tokens';
import { registerUsers } from './users';

export type { FaultSpec, GroundTruth, SimTime } from './control';
export type { RateLimitRejection, RateLimits } from './ratelimit';
export { userSubject } from './ratelimit';
export type { UserOptions } from './state';
export type { TokenResponse } from './tokens';

export interface TraktSimOptions {
  catalog: Catalog;
  /** Epoch ms; tokens, rate limits, device codes, scrobble windows and default timestamps follow it. */
  clock?: () => number;
  enforceRateLimits?: boolean;
  limits?: Partial<RateLimits>;
  /** Access token lifetime; Trakt issues 7-day tokens. */
  accessTokenTtlS?: number;
  clientId?: string;
  clientSecret?: string;
  /** Users created (with tokens) at start, e.g. `[{ username: 'alice', vip: true }]`. */
  users?: UserOptions[];
  /** Largest page `limit`; Trakt clamps to 250 (2026). Benchmarks may raise it. */
  maxPageSize?: number;
  /** Seconds after a scrobble during which scrobbling the same item again answers 409. */
  scrobbleDuplicateWindowS?: number;
}

export interface TraktSim {
  /** Not listening: call `app.listen({ host: '127.0.0.1', port: 0 })`. Serves the API, OAuth and /__admin. */
  app: FastifyInstance;
  state: TraktState;
  faults: FaultBoard;
  /** Users, tokens, device approval, seeding, ground truth, learning titles, fault rules, reset. */
  control: TraktSimControl;
  rateLimiter: RateLimiter;
  clientId: string;
  clientSecret: string;
  /** Tokens of the users given in `options.users`, by username. */
  initialTokens: Map<string, TokenResponse>;
  /** The headers every API call needs (`Authorization` when a token is given). */
  headers(accessToken?: string): Record<string, string>;
}

export function createTraktSim(options: TraktSimOptions): TraktSim {
  const clock = options.clock ?? Date.now;
  const clientId = options.clientId ?? 'watchsync-sim-client-id';
  const clientSecret = options.clientSecret ?? 'watchsync-sim-client-secret';
  const state = new TraktState(new TraktCatalog(options.catalog), clock, options.accessTokenTtlS ?? 7 * 24 * 3600);
  const ctx: SimContext = { state, clock, maxPageSize: options.maxPageSize ?? 250, clientId, clientSecret };
  const rateLimiter = new RateLimiter(clock, { ...defaultRateLimits, ...options.limits }, options.enforceRateLimits ?? true);
  const faults = new FaultBoard();
  const control = new TraktSimControl(state, rateLimiter, faults);

  const app = Fastify({ logger: false });
  installFaults(app, faults);
  registerOAuth(app, ctx);
  registerAdmin(app, ctx, control, faults);
  apiScope(app, ctx, rateLimiter, 'optional', (scope) => {
    registerSearch(scope, ctx);
    registerShows(scope, ctx);
    registerUsers(scope, ctx);
  });
  apiScope(app, ctx, rateLimiter, 'required', (scope) => {
    registerAccount(scope);
    registerHistory(scope, ctx);
    registerSyncWatched(scope);
    registerRatings(scope, ctx);
    registerWatchlist(scope, ctx);
    registerCollection(scope, ctx);
    registerScrobble(scope, ctx, options.scrobbleDuplicateWindowS);
  });

  const initialTokens = new Map(
    (options.users ?? []).map((u) => {
      const { user, tokens } = control.createUser(u);
      return [user.username, tokens] as const;
    }),
  );

  return {
    app,
    state,
    faults,
    control,
    rateLimiter,
    clientId,
    clientSecret,
    initialTokens,
    headers: (accessToken) => ({
      'content-type': 'application/json',
      'trakt-api-key': clientId,
      'trakt-api-version': '2',
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
    }),
  };
}
