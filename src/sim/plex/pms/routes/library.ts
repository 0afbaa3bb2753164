/** /library/…: sections, section listings with filters, metadata, children, leaves and lookup by GUID. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LibraryItem, LibraryItemType, PlexLibrary } from '../../library';
import { accountOf, isOwner } from '../auth';
import { sendContainer, sendPage, sendStatus } from '../container';
import type { PmsContext } from '../context';
import { compileQuery, type FieldTable, queryPairs, type Relatives } from '../filters';
import { renderMeta, typeNumbers } from '../meta';
import { isWatched, renderItem, renderSection, sectionContainer } from '../render';

type Query = Record<string, unknown>;

type ListingType = LibraryItemType | 'collection';

/** The `type=` parameter's numbers, back to types. */
const typeByNumber: Record<string, ListingType> = Object.fromEntries(
  Object.entries(typeNumbers).map(([type, number]) => [String(number), type as ListingType]),
);

/** epoch seconds of a `YYYY-MM-DD` date (UTC midnight). */
const epochOfDate = (date: string | undefined) => (date === undefined ? undefined : Date.parse(`${date}T00:00:00Z`) / 1000);

function itemFields(library: PlexLibrary, accountId: number): FieldTable<LibraryItem> {
  const leafStates = (item: LibraryItem) => library.leaves(item).map((leaf) => library.peekState(accountId, leaf.ratingKey));
  const lastViewedAt = (item: LibraryItem) => {
    const times = leafStates(item).flatMap((s) => (s?.lastViewedAt === undefined ? [] : [s.lastViewedAt]));
    return times.length > 0 ? Math.max(...times) : undefined;
  };
  const own = (item: LibraryItem) => library.peekState(accountId, item.ratingKey);
  return {
    id: { kind: 'number', read: (i) => Number(i.ratingKey) },
    title: { kind: 'text', read: (i) => i.title },
    titleSort: { kind: 'text', read: (i) => i.titleSort ?? i.title },
    studio: { kind: 'text', read: (i) => i.details?.studio },
    guid: { kind: 'exact', read: (i) => i.guid },
    year: { kind: 'number', read: (i) => i.year },
    index: { kind: 'number', read: (i) => i.index },
    parentIndex: { kind: 'number', read: (i) => i.parentIndex },
    duration: { kind: 'number', read: (i) => i.durationMs },
    originallyAvailableAt: { kind: 'date', read: (i) => epochOfDate(i.originallyAvailableAt) },
    addedAt: { kind: 'date', read: (i) => i.addedAt },
    updatedAt: { kind: 'date', read: (i) => i.updatedAt },
    lastViewedAt: { kind: 'date', read: lastViewedAt, stateful: true },
    viewCount: { kind: 'number', read: (i) => leafStates(i).reduce((n, s) => n + (s?.viewCount ?? 0), 0), stateful: true },
    viewOffset: { kind: 'number', read: (i) => own(i)?.viewOffset ?? 0, stateful: true },
    // Unrated items have no userRating at all (not 0): `userRating>>=-1` selects the rated ones.
    userRating: { kind: 'number', read: (i) => own(i)?.userRating, stateful: true },
    lastRatedAt: { kind: 'date', read: (i) => own(i)?.lastRatedAt, stateful: true },
    unwatched: { kind: 'boolean', read: (i) => (isWatched(library, i, accountId) ? 0 : 1), stateful: true },
    inProgress: {
      kind: 'boolean',
      read: (i) => (library.leaves(i).some((leaf) => (own(leaf)?.viewOffset ?? 0) > 0) ? 1 : 0),
      stateful: true,
    },
  };
}

/** For `show.title`, `episode.userRating`…: the item itself, its ancestors of that type, or its descendants of it. */
function relativesIn(library: PlexLibrary): Relatives<LibraryItem> {
  const ancestors = (item: LibraryItem) =>
    [item.parentRatingKey, item.grandparentRatingKey].flatMap((key) => {
      const found = key === undefined ? undefined : library.items.get(key);
      return found ? [found] : [];
    });
  const descendants = (item: LibraryItem): LibraryItem[] => library.children(item).flatMap((child) => [child, ...descendants(child)]);
  return (prefix) => {
    if (!(prefix in typeNumbers)) return undefined;
    return (item) => {
      if (item.type === prefix) return [item];
      const up = ancestors(item).filter((a) => a.type === prefix);
      return up.length > 0 ? up : descendants(item).filter((d) => d.type === prefix);
    };
  };
}

function flag(query: Query, name: string): boolean {
  return query[name] === '1';
}

interface Listing {
  entries: readonly LibraryItem[];
  defaultOrder?: (a: LibraryItem, b: LibraryItem) => number;
  /**
   * Names `entries` (and `defaultOrder`) while the library does not change: the filtered and sorted
   * selection is then kept (library.memo) for queries that depend on nothing else.
   */
  cacheKey?: string;
}

function sendItems(
  ctx: PmsContext,
  req: FastifyRequest,
  reply: FastifyReply,
  listing: Listing,
  attributes: Record<string, unknown>,
): FastifyReply {
  const query = req.query as Query;
  const account = accountOf(req);
  const compiled = compileQuery(queryPairs(req.url), itemFields(ctx.library, account.id), ctx.now(), relativesIn(ctx.library));
  if (!compiled.ok) return sendStatus(reply, 400);
  const { entries } = listing;
  const order = compiled.compare ?? listing.defaultOrder;
  const select = (): readonly LibraryItem[] => {
    if (!compiled.filtering && !order) return entries;
    const selected = compiled.filtering ? entries.filter(compiled.filter) : entries.slice();
    if (order) selected.sort(order);
    return selected;
  };
  const selected =
    listing.cacheKey !== undefined && compiled.cacheKey !== undefined
      ? ctx.library.memo(`items:${listing.cacheKey}|${compiled.cacheKey}`, select)
      : select();
  const options = { includeGuids: flag(query, 'includeGuids'), withSection: false };
  return sendPage(req, reply, {
    attributes,
    key: 'Metadata',
    entries: selected,
    render: (i) => renderItem(ctx.library, i, account, options),
    pageFaults: ctx.pageFaults,
  });
}

const byTitleSort = (a: LibraryItem, b: LibraryItem) =>
  (a.titleSort ?? a.title).toLowerCase() < (b.titleSort ?? b.title).toLowerCase() ? -1 : 1;

const libraryContainer = {
  allowSync: false,
  identifier: 'com.plexapp.plugins.library',
  mediaTagPrefix: '/system/bundle/media/flags/',
  mediaTagVersion: 1_700_000_000,
  title1: 'Plex Library',
};

export function registerLibraryRoutes(app: FastifyInstance, ctx: PmsContext): void {
  const { library } = ctx;

  // python-plexapi's `server.library` reads this first and, on an error other than 401/404, falls back to
  // /library/sections ("only the owner has access to /library"). Which status a Home user gets is not captured;
  // the simulator answers 403.
  app.get('/library', async (req, reply) => {
    if (!isOwner(req)) return sendStatus(reply, 403);
    return sendContainer(req, reply, {
      size: 3,
      ...libraryContainer,
      art: '/:/resources/library-art.png',
      content: '',
      title2: '',
      Directory: [
        { key: 'sections', title: 'Library Sections' },
        { key: 'recentlyAdded', title: 'Recently Added Content' },
        { key: 'onDeck', title: 'On Deck Content' },
      ],
    });
  });

  app.get('/library/sections', async (req, reply) =>
    sendPage(req, reply, { attributes: libraryContainer, key: 'Directory', entries: library.sections, render: renderSection }),
  );

  app.get<{ Params: { sectionId: string } }>('/library/sections/:sectionId/all', async (req, reply) => {
    const section = library.section(Number(req.params.sectionId));
    if (!section) return sendStatus(reply, 404);
    const rawType = (req.query as Query).type;
    const type = rawType === undefined ? section.type : typeByNumber[String(rawType)];
    if (!type) return sendStatus(reply, 400);
    // Collections are not simulated (see /collections below): a collection listing is empty.
    const entries = type === 'collection' || (section.type === 'movie') !== (type === 'movie') ? [] : library.itemsOfType(section.id, type);
    const attributes = {
      ...sectionContainer(section),
      art: `/:/resources/${section.type}-fanart.jpg`,
      thumb: `/:/resources/${section.type}.png`,
      title1: section.title,
      title2: `All ${type[0]?.toUpperCase()}${type.slice(1)}s`,
      viewGroup: type,
      viewMode: 65592,
      ...(flag(req.query as Query, 'includeMeta')
        ? { Meta: renderMeta(section, type === 'collection' ? 'collections' : 'all', type) }
        : {}),
    };
    return sendItems(
      ctx,
      req,
      reply,
      { entries, defaultOrder: type === 'movie' || type === 'show' ? byTitleSort : undefined, cacheKey: `section:${section.id}:${type}` },
      attributes,
    );
  });

  // Collections are not simulated: every section has none. The listing and its Meta (python-plexapi loads the
  // collection filter type from here before any filtered search) are answered as for a section without any.
  app.get<{ Params: { sectionId: string } }>('/library/sections/:sectionId/collections', async (req, reply) => {
    const section = library.section(Number(req.params.sectionId));
    if (!section) return sendStatus(reply, 404);
    const attributes = {
      ...sectionContainer(section),
      title1: section.title,
      title2: 'Collections',
      viewGroup: 'collection',
      viewMode: 65592,
      ...(flag(req.query as Query, 'includeMeta') ? { Meta: renderMeta(section, 'collections', section.type) } : {}),
    };
    return sendItems(ctx, req, reply, { entries: [] }, attributes);
  });

  app.get<{ Params: { ratingKey: string } }>('/library/metadata/:ratingKey', async (req, reply) => {
    // Clients fetch several items at once as /library/metadata/1,2,3.
    const items = req.params.ratingKey.split(',').map((k) => library.items.get(k));
    const found = items.filter((i): i is LibraryItem => i !== undefined);
    if (found.length === 0) return sendStatus(reply, 404);
    const account = accountOf(req);
    return sendContainer(req, reply, {
      size: found.length,
      ...sectionContainer(library.section(found[0]?.sectionId ?? 0)),
      Metadata: found.map((i) => renderItem(library, i, account, { includeGuids: true, withSection: true })),
    });
  });

  app.get<{ Params: { ratingKey: string } }>('/library/metadata/:ratingKey/children', async (req, reply) => {
    const parent = library.items.get(req.params.ratingKey);
    if (!parent) return sendStatus(reply, 404);
    const grandparent = parent.parentRatingKey ? library.items.get(parent.parentRatingKey) : undefined;
    const attributes = {
      ...sectionContainer(library.section(parent.sectionId)),
      key: parent.ratingKey,
      ...(grandparent ? { grandparentRatingKey: Number(grandparent.ratingKey), grandparentTitle: grandparent.title } : {}),
      parentIndex: parent.index,
      parentTitle: grandparent ? parent.title : '',
      title1: grandparent?.title ?? parent.title,
      title2: grandparent ? parent.title : '',
      viewGroup: parent.type === 'show' ? 'season' : 'episode',
      viewMode: 65592,
    };
    return sendItems(ctx, req, reply, { entries: library.children(parent) }, attributes);
  });

  app.get<{ Params: { ratingKey: string } }>('/library/metadata/:ratingKey/allLeaves', async (req, reply) => {
    const parent = library.items.get(req.params.ratingKey);
    if (!parent) return sendStatus(reply, 404);
    const attributes = {
      ...sectionContainer(library.section(parent.sectionId)),
      key: parent.ratingKey,
      title1: parent.title,
      title2: 'All Episodes',
      viewGroup: 'episode',
      viewMode: 65592,
    };
    return sendItems(ctx, req, reply, { entries: library.leaves(parent) }, attributes);
  });

  // Lookup by primary GUID (`?guid=plex://movie/…` or a legacy agent GUID). PMS cannot look up by the
  // external ids in Guid[]; clients list the section with includeGuids=1 for that.
  app.get('/library/all', async (req, reply) => {
    const query = req.query as Query;
    const type = query.type === undefined ? undefined : typeByNumber[String(query.type)];
    if (query.type !== undefined && !type) return sendStatus(reply, 400);
    const everything = [...library.items.values()];
    const entries = type
      ? everything.filter((i) => i.type === type)
      : query.guid !== undefined
        ? everything
        : [...library.sectionItems.values()].flat();
    return sendItems(ctx, req, reply, { entries }, { allowSync: false, identifier: 'com.plexapp.plugins.library', title1: 'All' });
  });
}
