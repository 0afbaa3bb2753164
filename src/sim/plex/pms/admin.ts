/**
 * The simulators' admin API (`/__admin/…`): ground truth, reset, counters and fault rules. Not part of
 * any Plex API; tests and demos use it to set up and inspect scenarios. Shared by the PMS and plex.tv apps.
 */
import type { FastifyInstance } from 'fastify';
import type { FaultBoard, FaultRule } from '../../faults';
import type { PlexLibrary } from '../library';
import type { PageFaultRule, PageFaults } from './page-faults';

/** Counters and route fault rules (FaultBoard), keyed like "GET /library/sections/:sectionId/all". */
export function registerFaultAdmin(app: FastifyInstance, faults: FaultBoard): void {
  app.get('/__admin/counters', async () => faults.snapshot().counts);
  app.delete('/__admin/counters', async () => {
    faults.resetCounts();
    return { ok: true };
  });
  app.get('/__admin/faults', async () => faults.snapshot().rules);
  app.put<{ Body: { route: string; rule: FaultRule } }>('/__admin/faults', async (req) => {
    faults.set(req.body.route, req.body.rule);
    return { ok: true };
  });
  app.delete<{ Querystring: { route?: string } }>('/__admin/faults', async (req) => {
    faults.clear(req.query.route);
    return { ok: true };
  });
}

/** Tokens: issue one for an account, or revoke/expire one (PMS and plex.tv then answer 401). */
export function registerTokenAdmin(app: FastifyInstance, library: PlexLibrary): void {
  app.get('/__admin/accounts', async () => library.accounts);
  app.post<{ Body: { accountId: number } }>('/__admin/tokens', async (req, reply) => {
    if (!library.accountById(req.body.accountId)) return reply.code(404).send({ error: 'no such account' });
    return { token: library.issueToken(req.body.accountId) };
  });
  app.post<{ Body: { token: string } }>('/__admin/tokens/revoke', async (req) => ({ revoked: library.revokeToken(req.body.token) }));
}

/** PMS only: library ground truth, page faults and library changes. */
export function registerPmsAdmin(
  app: FastifyInstance,
  library: PlexLibrary,
  faults: FaultBoard,
  pageFaults: PageFaults,
  now: () => number,
): void {
  registerFaultAdmin(app, faults);
  registerTokenAdmin(app, library);

  app.get('/__admin/state', async () => ({
    machineIdentifier: library.machineIdentifier,
    sections: library.sections,
    accounts: library.accounts.map((a) => ({ id: a.id, title: a.title, states: library.statesOf(a.id).length })),
    history: library.history.length,
  }));
  app.get<{ Params: { accountId: string } }>('/__admin/accounts/:accountId/state', async (req) =>
    library.statesOf(Number(req.params.accountId)),
  );
  app.get<{ Querystring: { accountId?: string } }>('/__admin/history', async (req) =>
    req.query.accountId === undefined ? library.history : library.history.filter((r) => r.accountId === Number(req.query.accountId)),
  );
  app.post('/__admin/reset', async () => {
    library.reset();
    faults.clear();
    faults.resetCounts();
    pageFaults.clear();
    return { ok: true };
  });

  app.get('/__admin/page-faults', async () => pageFaults.snapshot());
  app.put<{ Body: { route: string; rule: PageFaultRule } }>('/__admin/page-faults', async (req) => {
    pageFaults.set(req.body.route, req.body.rule);
    return { ok: true };
  });
  app.delete<{ Querystring: { route?: string } }>('/__admin/page-faults', async (req) => {
    pageFaults.clear(req.query.route);
    return { ok: true };
  });

  app.post<{ Params: { ratingKey: string } }>('/__admin/items/:ratingKey/touch', async (req, reply) =>
    library.touch(req.params.ratingKey, now()) ? { ok: true } : reply.code(404).send({ error: 'no such item' }),
  );
  app.delete<{ Params: { ratingKey: string } }>('/__admin/items/:ratingKey', async (req, reply) =>
    library.deleteItem(req.params.ratingKey) ? { ok: true } : reply.code(404).send({ error: 'no such item' }),
  );
}
