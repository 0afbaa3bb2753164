import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toActivityFailure } from '../../src/activities/failures';
import { createLogger } from '../../src/log';
import { createPlexClient } from '../../src/providers/plex';
import { pollPinLogin, startPinLogin } from '../../src/providers/plex/pin-login';
import { type OAuthOptions, pollDeviceLogin, refreshTokens, startDeviceLogin } from '../../src/providers/trakt/oauth';
import { type Simulator, startSimulator } from '../../src/sim';
import type { BodyMangling, FaultBoard } from '../../src/sim/faults';
import { credentialsIn, quotedPart } from '../support/credentials';

/** Everything a failed auth call leaves behind: the error itself, the activity failure Temporal keeps, log lines. */
function tracesOf(error: unknown): string {
  const lines: string[] = [];
  const log = createLogger(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  const failure = toActivityFailure(error, 1);
  log.error({ err: error }, 'auth call failed');
  // What the Temporal SDK logs for a failed activity, and what it writes into the workflow history.
  log.warn({ error: failure }, 'Activity failed');
  const asError = error as Error;
  return [
    asError.message,
    asError.stack,
    JSON.stringify(error),
    failure.message,
    failure.stack,
    JSON.stringify(failure),
    JSON.stringify((failure as { details?: unknown }).details ?? null),
    ...lines,
  ].join('\n');
}

const manglings: BodyMangling[] = ['truncate', 'garble', 'html'];

describe('garbled, truncated and HTML answers to auth calls', () => {
  let sim: Simulator;
  let oauth: OAuthOptions;
  const plex = () =>
    createPlexClient({
      pmsUrl: sim.urls.pms,
      accountToken: sim.tokens.plexOwner,
      plextvUrl: sim.urls.plextv,
      discoverUrl: sim.urls.discover,
      metadataUrl: sim.urls.metadata,
      clientIdentifier: 'watchsync-test',
    });

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 41 });
    oauth = {
      authUrl: sim.urls.trakt,
      clientId: sim.tokens.traktClientId,
      clientSecret: sim.tokens.traktClientSecret,
      userAgent: 'watchsync-test',
    };
  });
  afterAll(() => sim?.close());

  const calls: { name: string; board: () => FaultBoard; route: string; call: () => Promise<unknown> }[] = [
    {
      name: 'Trakt token refresh',
      board: () => sim.trakt.faults,
      route: 'POST /oauth/token',
      call: () => refreshTokens(oauth, sim.trakt.control.issueTokens(sim.tokens.traktUsername).refresh_token),
    },
    {
      name: 'Trakt device code',
      board: () => sim.trakt.faults,
      route: 'POST /oauth/device/code',
      call: () => startDeviceLogin(oauth),
    },
    {
      name: 'Trakt device token poll',
      board: () => sim.trakt.faults,
      route: 'POST /oauth/device/token',
      call: async () => {
        sim.trakt.faults.clear();
        const login = await startDeviceLogin(oauth);
        sim.trakt.control.approveDevice(login.userCode, sim.tokens.traktUsername);
        sim.trakt.faults.set('POST /oauth/device/token', { mangleBody: current });
        return pollDeviceLogin(oauth, login.deviceCode);
      },
    },
    { name: 'plex.tv user', board: () => sim.plextv.faults, route: 'GET /api/v2/user', call: () => plex().identity() },
    {
      name: 'plex.tv Home user switch',
      board: () => sim.plextv.faults,
      route: 'POST /api/v2/home/users/:uuid/switch',
      call: () => {
        const member = sim.library.accounts.find((account) => !account.admin)!;
        return plex().switchHomeUser(member.uuid, member.pin);
      },
    },
    { name: 'plex.tv resources', board: () => sim.plextv.faults, route: 'GET /api/v2/resources', call: () => plex().serverAccessToken() },
    {
      name: 'plex.tv PIN poll',
      board: () => sim.plextv.faults,
      route: 'GET /api/v2/pins/:id',
      call: async () => {
        const pin = await startPinLogin(sim.urls.plextv, 'watchsync-test');
        sim.plextv.pins.link(pin.id, sim.library, sim.library.owner.id);
        return pollPinLogin(sim.urls.plextv, 'watchsync-test', pin.id);
      },
    },
  ];
  let current: BodyMangling = 'truncate';

  for (const { name, board, route, call } of calls) {
    it.each(manglings)(`${name}: a %s answer fails with an error that quotes no credential`, async (mangling) => {
      current = mangling;
      board().mangled.length = 0;
      board().set(route, { mangleBody: mangling });
      try {
        const error = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, 'the spoiled answer was taken as valid').toBeInstanceOf(Error);
        const secrets = credentialsIn(board());
        expect(secrets.length, 'the spoiled answer carried a credential').toBeGreaterThan(0);
        const traces = tracesOf(error);
        for (const secret of secrets) expect(quotedPart(traces, secret), 'a credential is quoted').toBeUndefined();
        // Still says what went wrong, and where.
        expect((error as Error).message).toMatch(/not JSON|neither JSON nor XML|unexpected payload/);
      } finally {
        board().clear();
      }
    });
  }
});
