/** Server-level answers: /identity (no token needed) and /accounts. */
import type { FastifyInstance } from 'fastify';
import { accountOf, isOwner } from '../auth';
import { sendContainer, sendPage } from '../container';
import type { PmsContext } from '../context';
import { renderAccount } from '../render';

export const pmsVersion = '1.41.3.9314-a0bfb8370';

export function registerServerRoutes(app: FastifyInstance, ctx: PmsContext): void {
  app.get('/identity', async (req, reply) =>
    sendContainer(req, reply, { size: 0, claimed: true, machineIdentifier: ctx.library.machineIdentifier, version: pmsVersion }),
  );

  app.get('/accounts', async (req, reply) => {
    // Account 0 is PMS's anonymous/local account; the owner is 1, Home users appear with their own ids.
    const all = [{ id: 0, name: '' }, ...ctx.library.accounts.map((a) => ({ id: a.id, name: a.title }))];
    const visible = isOwner(req) ? all : all.filter((a) => a.id === accountOf(req).id);
    return sendPage(req, reply, {
      attributes: { identifier: 'com.plexapp.system.accounts' },
      key: 'Account',
      entries: visible,
      render: renderAccount,
    });
  });
}
