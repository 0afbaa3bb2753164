/**
 * Library entries as PMS writes them in JSON (key names, order and value types of the captured fixtures).
 * The XML answer is derived from these objects by ./xml.ts.
 */
import type { HistoryRow, LibraryItem, LibrarySection, PlexHomeAccount, PlexLibrary } from '../library';
import { editedFields } from './render-edits';
import { renderMedia } from './render-media';

type Json = Record<string, unknown>;

export interface RenderOptions {
  /** Guid[] children: always on /library/metadata, on listings only with includeGuids=1. */
  includeGuids: boolean;
  /** librarySection* attributes on the item (metadata endpoints, sessions, history). */
  withSection: boolean;
}

export function metadataKey(ratingKey: string): string {
  return `/library/metadata/${ratingKey}`;
}

interface UserFields {
  userRating?: number;
  lastRatedAt?: number;
  viewCount?: number;
  viewOffset?: number;
  lastViewedAt?: number;
  leafCount?: number;
  viewedLeafCount?: number;
}

/** What an account has done with an item; shows and seasons aggregate their episodes as PMS does. */
function userFields(library: PlexLibrary, item: LibraryItem, accountId: number): UserFields {
  const own = library.peekState(accountId, item.ratingKey);
  if (item.type === 'movie' || item.type === 'episode') {
    if (!own) return {};
    return {
      userRating: own.userRating,
      lastRatedAt: own.lastRatedAt,
      viewCount: own.viewCount || undefined,
      viewOffset: own.viewOffset,
      lastViewedAt: own.lastViewedAt,
    };
  }
  const leaves = library.leaves(item);
  let viewCount = 0;
  let viewedLeafCount = 0;
  let lastViewedAt: number | undefined;
  for (const leaf of leaves) {
    const s = library.peekState(accountId, leaf.ratingKey);
    if (!s || s.viewCount === 0) continue;
    viewCount += s.viewCount;
    viewedLeafCount += 1;
    lastViewedAt = Math.max(lastViewedAt ?? 0, s.lastViewedAt ?? 0);
  }
  return {
    userRating: own?.userRating,
    lastRatedAt: own?.lastRatedAt,
    viewCount: viewCount || undefined,
    lastViewedAt,
    leafCount: leaves.length,
    viewedLeafCount,
  };
}

/** Whether the account has seen all of it (PMS's `unwatched` filter is the negation). */
export function isWatched(library: PlexLibrary, item: LibraryItem, accountId: number): boolean {
  return library.leaves(item).every((leaf) => (library.peekState(accountId, leaf.ratingKey)?.viewCount ?? 0) > 0);
}

function media(item: LibraryItem): Json[] | undefined {
  if (item.details?.media) return renderMedia(item, item.details.media);
  if (!item.file || item.mediaId === undefined) return undefined;
  const container = 'mkv';
  return [
    {
      id: item.mediaId,
      duration: item.durationMs,
      bitrate: 6000,
      width: 1920,
      height: 1080,
      aspectRatio: 1.78,
      audioChannels: 6,
      audioCodec: 'eac3',
      videoCodec: 'h264',
      videoResolution: '1080',
      container,
      videoFrameRate: '24p',
      Part: [
        {
          id: item.mediaId,
          key: `/library/parts/${item.mediaId}/${item.addedAt}/file.${container}`,
          duration: item.durationMs,
          file: item.file,
          size: Math.round(((item.durationMs ?? 0) / 1000) * 750_000),
          container,
        },
      ],
    },
  ];
}

/**
 * One item. Absent values stay as `undefined` keys, which neither JSON.stringify nor the XML writer
 * emits: every item then has the same shape, which keeps rendering and serialising cheap.
 */
export function renderItem(library: PlexLibrary, item: LibraryItem, account: PlexHomeAccount, options: RenderOptions): Json {
  const user = userFields(library, item, account.id);
  const hasChildren = item.type === 'show' || item.type === 'season';
  const key = metadataKey(item.ratingKey);
  const parent = item.parentRatingKey ? library.items.get(item.parentRatingKey) : undefined;
  const grandparent = item.grandparentRatingKey ? library.items.get(item.grandparentRatingKey) : undefined;
  const section = options.withSection ? library.section(item.sectionId) : undefined;
  return {
    ratingKey: item.ratingKey,
    key: hasChildren ? `${key}/children` : key,
    parentRatingKey: item.parentRatingKey,
    grandparentRatingKey: item.grandparentRatingKey,
    parentGuid: parent?.guid,
    grandparentGuid: grandparent?.guid,
    parentKey: parent ? metadataKey(parent.ratingKey) : undefined,
    grandparentKey: grandparent ? metadataKey(grandparent.ratingKey) : undefined,
    parentTitle: parent?.title,
    grandparentTitle: grandparent?.title,
    guid: item.guid,
    type: item.type,
    title: item.title,
    titleSort: item.titleSort,
    librarySectionTitle: section?.title,
    librarySectionID: section?.id,
    librarySectionKey: section ? `/library/sections/${section.id}` : undefined,
    studio: item.details?.studio,
    contentRating: item.details?.contentRating,
    summary: item.details?.summary ?? '',
    index: item.index,
    parentIndex: item.parentIndex ?? (item.type === 'season' ? 1 : undefined),
    userRating: user.userRating,
    lastRatedAt: user.lastRatedAt,
    viewCount: user.viewCount,
    viewOffset: user.viewOffset,
    lastViewedAt: user.lastViewedAt,
    year: item.year,
    thumb: `${key}/thumb/${item.updatedAt}`,
    art: `${key}/art/${item.updatedAt}`,
    duration: item.durationMs,
    originallyAvailableAt: item.originallyAvailableAt,
    leafCount: user.leafCount,
    viewedLeafCount: user.viewedLeafCount,
    childCount: item.type === 'show' ? item.childKeys.length : undefined,
    addedAt: item.addedAt,
    updatedAt: item.updatedAt,
    Media: media(item),
    Genre: item.details?.genres?.map((tag) => ({ tag })),
    Guid: options.includeGuids && item.externalGuids.length > 0 ? item.externalGuids.map((id) => ({ id })) : undefined,
    ...editedFields(library.edits.get(item.ratingKey), key),
  };
}

export function renderSection(section: LibrarySection): Json {
  const base = section.type === 'movie' ? 'movie' : 'show';
  return {
    allowSync: true,
    art: `/:/resources/${base}-fanart.jpg`,
    composite: `/library/sections/${section.id}/composite/${section.scannedAt}`,
    filters: true,
    refreshing: false,
    thumb: `/:/resources/${base}.png`,
    key: String(section.id),
    type: section.type,
    title: section.title,
    agent: section.agent,
    scanner: section.scanner,
    language: section.language,
    uuid: section.uuid,
    updatedAt: section.updatedAt,
    createdAt: section.createdAt,
    scannedAt: section.scannedAt,
    content: true,
    directory: true,
    contentChangedAt: section.scannedAt - section.createdAt,
    hidden: false,
    Location: [section.locationPath, ...(section.extraLocations ?? [])].map((path, n) => ({
      id: n === 0 ? section.id : section.id * 100 + n,
      path,
    })),
  };
}

/** Container attributes of a section's listing and of metadata answers. */
export function sectionContainer(section: LibrarySection | undefined): Json {
  if (!section) return { allowSync: true, identifier: 'com.plexapp.plugins.library' };
  return {
    allowSync: true,
    identifier: 'com.plexapp.plugins.library',
    librarySectionID: section.id,
    librarySectionTitle: section.title,
    librarySectionUUID: section.uuid,
    mediaTagPrefix: '/system/bundle/media/flags/',
    mediaTagVersion: 1_700_000_000,
  };
}

/** A history row; rows of deleted media keep only what the row itself stores, as PMS does. Absent values stay `undefined` (not written). */
export function renderHistoryRow(library: PlexLibrary, row: HistoryRow): Json {
  const item = row.ratingKey ? library.items.get(row.ratingKey) : undefined;
  const historyKey = `/status/sessions/history/${row.id}`;
  if (!item)
    return {
      historyKey,
      librarySectionID: String(row.sectionId),
      title: row.title,
      type: row.type,
      viewedAt: row.viewedAt,
      accountID: row.accountId,
    };
  const parent = item.parentRatingKey ? library.items.get(item.parentRatingKey) : undefined;
  const grandparent = item.grandparentRatingKey ? library.items.get(item.grandparentRatingKey) : undefined;
  const key = metadataKey(item.ratingKey);
  return {
    historyKey,
    key,
    ratingKey: item.ratingKey,
    librarySectionID: String(row.sectionId),
    parentKey: parent ? metadataKey(parent.ratingKey) : undefined,
    grandparentKey: grandparent ? metadataKey(grandparent.ratingKey) : undefined,
    title: item.title,
    grandparentTitle: grandparent?.title,
    type: item.type,
    thumb: `${key}/thumb/${item.updatedAt}`,
    index: item.index,
    parentIndex: item.parentIndex,
    originallyAvailableAt: item.originallyAvailableAt,
    viewedAt: row.viewedAt,
    accountID: row.accountId,
    deviceID: row.deviceId,
  };
}

export function renderAccount(account: { id: number; name: string }): Json {
  return {
    id: account.id,
    key: `/accounts/${account.id}`,
    name: account.name,
    defaultAudioLanguage: 'en',
    autoSelectAudio: true,
    defaultSubtitleLanguage: 'en',
    subtitleMode: 1,
    thumb: '',
  };
}
