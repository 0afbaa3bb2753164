/** /status/…: live sessions (from the player's LiveSessions) and the play history. */
import type { FastifyInstance } from 'fastify';
import type { LiveSession } from '../../contracts';
import type { HistoryRow } from '../../library';
import { accountOf, isOwner } from '../auth';
import { sendContainer, sendPage, sendStatus } from '../container';
import type { PmsContext } from '../context';
import { compileQuery, type FieldTable, queryPairs } from '../filters';
import { renderHistoryRow, renderItem } from '../render';

const historyFields: FieldTable<HistoryRow> = {
  accountID: { kind: 'number', read: (r) => r.accountId },
  librarySectionID: { kind: 'number', read: (r) => r.sectionId },
  metadataItemID: { kind: 'number', read: (r) => (r.ratingKey === undefined ? undefined : Number(r.ratingKey)) },
  viewedAt: { kind: 'date', read: (r) => r.viewedAt },
  // History ids follow recording order, so this is PMS's natural order.
  id: { kind: 'number', read: (r) => r.id },
};

export function registerStatusRoutes(app: FastifyInstance, ctx: PmsContext): void {
  const { library } = ctx;

  app.get('/status/sessions', async (req, reply) => {
    const viewer = accountOf(req);
    const live = (ctx.sessions?.sessions() ?? []).filter((s) => isOwner(req) || s.accountId === viewer.id);
    const rendered = live.flatMap((s) => {
      const entry = renderSession(ctx, s);
      return entry ? [entry] : [];
    });
    return sendContainer(req, reply, { size: rendered.length, ...(rendered.length > 0 ? { Metadata: rendered } : {}) });
  });

  app.get('/status/sessions/history/all', async (req, reply) => {
    const compiled = compileQuery(queryPairs(req.url), historyFields, ctx.now());
    if (!compiled.ok) return sendStatus(reply, 400);
    const viewer = accountOf(req);
    // A managed user's token only ever sees that user's plays.
    const everyone = isOwner(req);
    const select = () => {
      const { filter, compare } = compiled;
      const selected = library.history.filter((r) => (everyone || r.accountId === viewer.id) && filter(r));
      if (compare) selected.sort(compare);
      return selected;
    };
    // History fields change only with the history itself, which bumps the library's version.
    const rows =
      compiled.cacheKey === undefined ? select() : library.memo(`history:${everyone ? '*' : viewer.id}|${compiled.cacheKey}`, select);
    return sendPage(req, reply, {
      attributes: {},
      key: 'Metadata',
      entries: rows,
      render: (r) => renderHistoryRow(library, r),
      pageFaults: ctx.pageFaults,
    });
  });

  app.delete<{ Params: { historyId: string } }>('/status/sessions/history/:historyId', async (req, reply) => {
    const row = library.history.find((r) => r.id === Number(req.params.historyId));
    if (!row || (!isOwner(req) && row.accountId !== accountOf(req).id)) return sendStatus(reply, 404);
    library.deleteHistoryRow(row.id);
    return sendContainer(req, reply, { size: 0 });
  });
}

function renderSession(ctx: PmsContext, session: LiveSession): Record<string, unknown> | undefined {
  const item = ctx.library.items.get(session.ratingKey);
  const account = ctx.library.accountById(session.accountId);
  if (!item || !account) return undefined;
  const rendered = renderItem(ctx.library, item, account, { includeGuids: true, withSection: true });
  // An item without a resume offset of its own gets the session's after sessionKey, as PMS writes it.
  if (rendered.viewOffset === undefined) delete rendered.viewOffset;
  return {
    ...rendered,
    sessionKey: session.sessionKey,
    viewOffset: session.viewOffsetMs,
    // PMS writes User.id as a string but Player.userID as a number.
    User: { id: String(account.id), thumb: `https://plex.tv/users/${account.uuid}/avatar`, title: account.title },
    Player: {
      address: '127.0.0.1',
      machineIdentifier: session.playerUuid,
      platform: 'Chrome',
      product: 'Plex Web',
      remotePublicAddress: '127.0.0.1',
      state: session.state,
      title: session.playerTitle,
      local: true,
      relayed: false,
      secure: true,
      userID: account.id,
    },
    Session: { id: `session-${session.sessionKey}`, bandwidth: 8000, location: 'lan' },
  };
}
