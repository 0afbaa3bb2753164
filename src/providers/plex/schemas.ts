/**
 * zod schemas of every Plex payload watchsync reads: PMS (JSON and XML), plex.tv, Discover, webhooks and
 * the PMS websocket. PMS XML is first turned into the JSON object shape by `parsePmsXml`; the schemas
 * then coerce XML's string attributes ("1234", "1"/"0") so both formats come out as one normalised shape.
 * Objects strip keys they do not name: PMS adds fields between versions and nothing here depends on them.
 */
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

// --- value coercions shared by JSON and XML ---

/** A number written as a JSON number or as a (XML attribute / doc example) string. */
const num = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number());
const int = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number().int());
/** JSON true/false, XML "1"/"0" (also 1/0 numbers, which some PMS JSON fields use). */
const bool = z.preprocess((v) => {
  if (v === '1' || v === 1 || v === 'true') return true;
  if (v === '0' || v === 0 || v === 'false') return false;
  return v;
}, z.boolean());
/** Ids PMS writes as numbers in one place and strings in another; normalised to strings. */
const idString = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());
/** A list that XML may have parsed as one object when it had a single entry. */
const listOf = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item));
/** PMS and plex.tv timestamps: epoch seconds. */
const epochSeconds = int;
/** Durations and offsets: milliseconds. */
const millis = int;

// --- XML → JSON object shape ---

/** Children that are single objects in PMS JSON (unless repeated); every other child element becomes an array. */
const singleChildren = new Set([
  'User',
  'Player',
  'Session',
  'TranscodeSession',
  'UltraBlurColors',
  'Activity',
  'Context',
  'MediaProvider',
  'Bandwidths',
]);
/** Elements that PMS JSON lists under `Metadata`. */
const metadataElements = new Set(['Video', 'Track', 'Photo', 'Episode']);

type XmlOrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const xmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
});

function jsonKeyOf(tag: string, attributes: Record<string, string>): string {
  if (metadataElements.has(tag)) return 'Metadata';
  // Shows and seasons are <Directory ratingKey=…>; library sections are <Directory key=…> without one.
  if (tag === 'Directory' && attributes.ratingKey !== undefined) return 'Metadata';
  return tag;
}

function elementToObject(node: XmlOrderedNode): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(node[':@'] ?? {}) };
  const tag = Object.keys(node).find((k) => k !== ':@') ?? '';
  const children = (node[tag] as XmlOrderedNode[] | undefined) ?? [];
  for (const child of children) {
    const childTag = Object.keys(child).find((k) => k !== ':@');
    if (childTag === undefined || childTag === '#text') continue;
    const value = elementToObject(child);
    const key = jsonKeyOf(childTag, child[':@'] ?? {});
    const existing = out[key];
    if (singleChildren.has(key) && existing === undefined) {
      out[key] = value;
    } else if (singleChildren.has(key) && !Array.isArray(existing)) {
      // A "single" child that repeats (plex.tv's <User> list) is a list after all.
      out[key] = [existing, value];
    } else {
      const list = (out[key] as unknown[] | undefined) ?? [];
      list.push(value);
      out[key] = list;
    }
  }
  return out;
}

/** Parses a PMS (or legacy plex.tv) XML document into the object shape its JSON twin has. */
export function parsePmsXml(text: string): Record<string, unknown> {
  const nodes = xmlParser.parse(text) as XmlOrderedNode[];
  const root = nodes.find((n) => Object.keys(n).some((k) => k !== ':@' && k !== '#text' && !k.startsWith('?')));
  if (!root) throw new Error('XML document has no root element');
  const tag = Object.keys(root).find((k) => k !== ':@') ?? '';
  return { [tag]: elementToObject(root) };
}

// --- PMS building blocks ---

export const pmsGuidSchema = z.object({ id: z.string() });
export const pmsPartSchema = z.object({
  id: int,
  key: z.string().optional(),
  duration: millis.optional(),
  file: z.string().optional(),
  size: num.optional(),
  container: z.string().optional(),
});

export const pmsMediaSchema = z.object({
  id: int,
  duration: millis.optional(),
  container: z.string().optional(),
  videoResolution: z.string().optional(),
  Part: z.array(pmsPartSchema).optional(),
});

/** A library item (movie, show, season, episode, track…) in listings, metadata answers and sessions. */
export const pmsMetadataSchema = z.object({
  ratingKey: idString,
  key: z.string(),
  guid: z.string().optional(),
  type: z.string(),
  title: z.string(),
  titleSort: z.string().optional(),
  parentRatingKey: idString.optional(),
  grandparentRatingKey: idString.optional(),
  parentGuid: z.string().optional(),
  grandparentGuid: z.string().optional(),
  parentKey: z.string().optional(),
  grandparentKey: z.string().optional(),
  parentTitle: z.string().optional(),
  grandparentTitle: z.string().optional(),
  librarySectionID: int.optional(),
  librarySectionTitle: z.string().optional(),
  librarySectionKey: z.string().optional(),
  index: int.optional(),
  parentIndex: int.optional(),
  year: int.optional(),
  duration: millis.optional(),
  originallyAvailableAt: z.string().optional(),
  addedAt: epochSeconds.optional(),
  updatedAt: epochSeconds.optional(),
  viewCount: int.optional(),
  viewOffset: millis.optional(),
  lastViewedAt: epochSeconds.optional(),
  userRating: num.optional(),
  lastRatedAt: epochSeconds.optional(),
  leafCount: int.optional(),
  viewedLeafCount: int.optional(),
  childCount: int.optional(),
  Media: z.array(pmsMediaSchema).optional(),
  Guid: z.array(pmsGuidSchema).optional(),
});

const pmsContainerFields = {
  size: int,
  totalSize: int.optional(),
  offset: int.optional(),
  identifier: z.string().optional(),
  allowSync: bool.optional(),
  librarySectionID: int.optional(),
  librarySectionTitle: z.string().optional(),
  librarySectionUUID: z.string().optional(),
  title1: z.string().optional(),
  title2: z.string().optional(),
};

/** Listings and metadata answers: /library/sections/{id}/all, /library/metadata/{id}[/children|/allLeaves], /library/all. */
export const pmsMetadataContainerSchema = z.object({
  MediaContainer: z.object({
    ...pmsContainerFields,
    key: idString.optional(),
    grandparentRatingKey: idString.optional(),
    grandparentTitle: z.string().optional(),
    parentIndex: int.optional(),
    viewGroup: z.string().optional(),
    Metadata: z.array(pmsMetadataSchema).optional(),
  }),
});

export const pmsSectionSchema = z.object({
  key: idString,
  type: z.string(),
  title: z.string(),
  agent: z.string(),
  scanner: z.string(),
  language: z.string(),
  uuid: z.string().optional(),
  updatedAt: epochSeconds,
  createdAt: epochSeconds,
  scannedAt: epochSeconds,
  hidden: bool.optional(),
  Location: z.array(z.object({ id: int, path: z.string() })).optional(),
});

export const pmsSectionsSchema = z.object({
  MediaContainer: z.object({ ...pmsContainerFields, Directory: z.array(pmsSectionSchema).optional() }),
});

/** A play history row; rows of media deleted since have no ratingKey/key. librarySectionID is a string. */
export const pmsHistoryRowSchema = z.object({
  historyKey: z.string(),
  key: z.string().optional(),
  ratingKey: idString.optional(),
  librarySectionID: idString.optional(),
  parentKey: z.string().optional(),
  grandparentKey: z.string().optional(),
  title: z.string(),
  grandparentTitle: z.string().optional(),
  type: z.string(),
  index: int.optional(),
  parentIndex: int.optional(),
  originallyAvailableAt: z.string().optional(),
  viewedAt: epochSeconds,
  accountID: int,
  deviceID: int.optional(),
});

export const pmsHistorySchema = z.object({
  MediaContainer: z.object({ ...pmsContainerFields, Metadata: z.array(pmsHistoryRowSchema).optional() }),
});

/** The parts /status/sessions adds to an item: who plays it, where, and how. */
export const pmsSessionPartsSchema = z.object({
  // User.id is a string in PMS JSON and Player.userID a number; both are the PMS account id.
  User: z.object({ id: int, title: z.string(), thumb: z.string().optional() }),
  Player: z.object({
    machineIdentifier: z.string(),
    state: z.enum(['playing', 'paused', 'buffering']),
    title: z.string().optional(),
    product: z.string().optional(),
    platform: z.string().optional(),
    local: bool.optional(),
    userID: int.optional(),
  }),
  Session: z.object({ id: z.string(), bandwidth: int.optional(), location: z.string().optional() }),
});

export const pmsSessionSchema = pmsMetadataSchema.extend({ sessionKey: idString, ...pmsSessionPartsSchema.shape });

export const pmsSessionsSchema = z.object({
  MediaContainer: z.object({ size: int, Metadata: z.array(pmsSessionSchema).optional() }),
});

export const pmsAccountSchema = z.object({ id: int, key: z.string().optional(), name: z.string(), thumb: z.string().optional() });

export const pmsAccountsSchema = z.object({
  MediaContainer: z.object({ size: int, identifier: z.string().optional(), Account: z.array(pmsAccountSchema).optional() }),
});

export const pmsIdentitySchema = z.object({
  MediaContainer: z.object({ size: int, claimed: bool, machineIdentifier: z.string(), version: z.string() }),
});

/** /:/timeline answers `{size: 0}`, with a termination code when the admin stopped the stream. */
export const pmsTimelineResponseSchema = z.object({
  MediaContainer: z.object({ size: int, terminationCode: int.optional(), terminationText: z.string().optional() }),
});

// --- plex.tv ---

export const plexTvErrorsSchema = z.object({
  errors: z.array(z.object({ code: int, message: z.string(), status: int.optional() })),
});

export const plexTvUserSchema = z.object({
  id: int,
  uuid: z.string(),
  username: z.string().nullable(),
  title: z.string(),
  email: z.string().nullable(),
  thumb: z.string().optional(),
  authToken: z.string(),
  protected: z.boolean().optional(),
  restricted: z.boolean().optional(),
  home: z.boolean().optional(),
  homeAdmin: z.boolean().optional(),
  homeSize: int.optional(),
  subscription: z.object({ active: z.boolean() }).optional(),
});

export const plexTvHomeUserSchema = z.object({
  id: int,
  uuid: z.string(),
  title: z.string(),
  username: z.string().nullable(),
  email: z.string().nullable(),
  thumb: z.string().optional(),
  hasPassword: z.boolean(),
  restricted: z.boolean(),
  restrictionProfile: z.string().nullable().optional(),
  admin: z.boolean(),
  guest: z.boolean(),
  protected: z.boolean(),
});

export const plexTvHomeUsersSchema = z.object({
  id: int,
  name: z.string(),
  guestEnabled: z.boolean().optional(),
  subscription: z.boolean().optional(),
  users: z.array(plexTvHomeUserSchema),
});

/** The body of a successful home user switch: that user, with a new authToken. */
export const plexTvSwitchResponseSchema = plexTvUserSchema;

export const plexTvConnectionSchema = z.object({
  protocol: z.string(),
  address: z.string(),
  port: int,
  uri: z.string(),
  local: z.boolean(),
  relay: z.boolean(),
  IPv6: z.boolean().optional(),
});

export const plexTvResourceSchema = z.object({
  name: z.string(),
  product: z.string(),
  productVersion: z.string().optional(),
  clientIdentifier: z.string(),
  /** Comma-separated roles; a PMS has "server". */
  provides: z.string(),
  accessToken: z.string().nullable(),
  owned: z.boolean(),
  home: z.boolean().optional(),
  presence: z.boolean().optional(),
  connections: z.array(plexTvConnectionSchema),
});

export const plexTvResourcesSchema = z.array(plexTvResourceSchema);

export const plexTvPinSchema = z.object({
  id: int,
  code: z.string(),
  clientIdentifier: z.string(),
  expiresIn: int,
  createdAt: z.string(),
  expiresAt: z.string(),
  authToken: z.string().nullable(),
});

/** Legacy XML `GET https://plex.tv/api/resources` (after parsePmsXml). */
export const plexTvLegacyResourcesSchema = z.object({
  MediaContainer: z.object({
    size: int,
    Device: z
      .array(
        z.object({
          name: z.string(),
          clientIdentifier: z.string(),
          provides: z.string(),
          accessToken: z.string().optional(),
          owned: bool.optional(),
          Connection: z.array(z.object({ protocol: z.string(), address: z.string(), port: int, uri: z.string(), local: bool })).optional(),
        }),
      )
      .optional(),
  }),
});

/** Legacy XML `GET https://plex.tv/api/users` (friends sharing the server; not Home users). */
export const plexTvSharedUsersSchema = z.object({
  MediaContainer: z.object({
    size: int,
    machineIdentifier: z.string().optional(),
    User: listOf(
      z.object({
        id: int,
        title: z.string(),
        username: z.string(),
        email: z.string().optional(),
        restricted: bool.optional(),
        Server: z.array(z.object({ machineIdentifier: z.string(), name: z.string(), owned: bool.optional() })).optional(),
      }),
    ).optional(),
  }),
});

/** community.plex.tv GraphQL watchlist of a friend. */
export const plexCommunityWatchlistSchema = z.object({
  data: z.object({
    user: z.object({
      watchlist: z.object({
        nodes: z.array(z.object({ id: z.string(), title: z.string(), type: z.string(), publicPagesURL: z.string().optional() })),
        pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
      }),
    }),
  }),
});

// --- Discover / metadata provider ---

/** A Discover item: 24-hex ratingKey and plex:// guid; Guid[] only on metadata answers or with includeGuids=1. */
export const discoverMetadataSchema = z.object({
  ratingKey: z.string(),
  key: z.string(),
  guid: z.string(),
  type: z.string(),
  title: z.string(),
  year: int.optional(),
  originallyAvailableAt: z.string().optional(),
  addedAt: epochSeconds.optional(),
  duration: millis.optional(),
  slug: z.string().optional(),
  index: int.optional(),
  parentIndex: int.optional(),
  parentRatingKey: z.string().optional(),
  grandparentRatingKey: z.string().optional(),
  grandparentTitle: z.string().optional(),
  Guid: z.array(pmsGuidSchema).optional(),
});

const discoverContainerFields = {
  size: int,
  totalSize: int.optional(),
  offset: int.optional(),
  /** tv.plex.provider.metadata or tv.plex.provider.discover: both are seen. */
  identifier: z.string().optional(),
};

export const discoverWatchlistSchema = z.object({
  MediaContainer: z.object({
    ...discoverContainerFields,
    librarySectionID: z.literal('watchlist'),
    librarySectionTitle: z.string().optional(),
    Metadata: z.array(discoverMetadataSchema).optional(),
  }),
});

export const discoverMetadataContainerSchema = z.object({
  MediaContainer: z.object({ ...discoverContainerFields, Metadata: z.array(discoverMetadataSchema).optional() }),
});

export const discoverProviderSchema = z.object({
  MediaProvider: z.object({
    identifier: z.string(),
    title: z.string().optional(),
    version: z.string().optional(),
    Feature: z.array(
      z.object({
        type: z.string(),
        key: z.string().optional(),
        Action: z.array(z.object({ id: z.string(), key: z.string(), reverseKey: z.string().optional() })).optional(),
      }),
    ),
  }),
});

// --- webhooks and websocket: what arrives from the network, so every string and list is bounded ---

/**
 * Far above what Plex sends (fixtures: titles under 100 characters, GUIDs under 150, uuids under 50, one
 * notification per frame, 1–3 `Guid` entries) yet finite: a payload past them is refused as a whole, so no
 * oversize value ever reaches a workflow signal (a few such webhooks used to push a workflow task past gRPC's 4 MB).
 */
export const plexEventLimits = { title: 1_000, key: 500, uuid: 200, url: 2_000, list: 100, notifications: 1_000 } as const;
const eventTitle = z.string().max(plexEventLimits.title);
const eventKey = z.string().max(plexEventLimits.key);
const eventUuid = z.string().max(plexEventLimits.uuid);
const eventId = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), eventKey);

// --- webhooks (the JSON of the multipart `payload` field) ---

export const webhookMetadataSchema = z.object({
  librarySectionType: eventKey.optional(),
  ratingKey: eventKey,
  key: eventKey,
  parentRatingKey: eventKey.optional(),
  grandparentRatingKey: eventKey.optional(),
  guid: eventKey,
  parentGuid: eventKey.optional(),
  grandparentGuid: eventKey.optional(),
  type: eventKey,
  title: eventTitle,
  grandparentTitle: eventTitle.optional(),
  parentTitle: eventTitle.optional(),
  librarySectionID: int.optional(),
  librarySectionTitle: eventTitle.optional(),
  index: int.optional(),
  parentIndex: int.optional(),
  year: int.optional(),
  duration: millis.optional(),
  viewOffset: millis.optional(),
  viewCount: int.optional(),
  lastViewedAt: epochSeconds.optional(),
  userRating: num.optional(),
  addedAt: epochSeconds.optional(),
  updatedAt: epochSeconds.optional(),
  Guid: z
    .array(z.object({ id: eventKey }))
    .max(plexEventLimits.list)
    .optional(),
});

export const webhookEvents = [
  'media.play',
  'media.pause',
  'media.resume',
  'media.stop',
  'media.scrobble',
  'media.rate',
  'library.on.deck',
  'library.new',
  'admin.database.backup',
  'admin.database.corrupted',
  'device.new',
  'playback.started',
] as const;

export const webhookPayloadSchema = z.object({
  /** media.rate only: 0–10, 2 per star. */
  rating: num.optional(),
  event: z.enum(webhookEvents),
  user: z.boolean(),
  owner: z.boolean(),
  Account: z.object({ id: int, thumb: z.string().max(plexEventLimits.url).optional(), title: eventTitle }),
  Server: z.object({ title: eventTitle, uuid: eventUuid }),
  Player: z.object({ local: z.boolean(), publicAddress: eventKey, title: eventTitle, uuid: eventUuid }).optional(),
  Metadata: webhookMetadataSchema.optional(),
});

// --- websocket (/:/websockets/notifications) ---

export const playSessionStateNotificationSchema = z.object({
  sessionKey: eventId,
  ratingKey: eventId,
  key: eventKey,
  guid: eventKey.optional(),
  url: z.string().max(plexEventLimits.url).optional(),
  viewOffset: millis,
  state: z.enum(['playing', 'paused', 'stopped', 'buffering']),
  playQueueItemID: int.optional(),
  transcodeSession: eventKey.optional(),
});

export const timelineEntrySchema = z.object({
  identifier: eventKey,
  sectionID: eventId,
  itemID: eventId,
  parentItemID: eventId.optional(),
  rootItemID: eventId.optional(),
  type: int,
  title: eventTitle.optional(),
  /** 0 created, 5 processed, 9 deleted (with metadataState "deleted"). */
  state: int,
  metadataState: eventKey.optional(),
  updatedAt: epochSeconds.optional(),
});

export const activityNotificationSchema = z.object({
  event: z.enum(['started', 'updated', 'ended']),
  uuid: eventUuid,
  Activity: z.object({
    uuid: eventUuid,
    type: eventKey,
    title: eventTitle.optional(),
    subtitle: eventTitle.optional(),
    progress: num.optional(),
    userID: int.optional(),
    Context: z.object({ key: eventKey.optional() }).optional(),
  }),
});

/** The container inside the frame (python-plexapi hands this to callbacks without the outer wrapper). */
export const notificationContainerSchema = z.object({
  type: eventKey,
  size: int,
  PlaySessionStateNotification: z.array(playSessionStateNotificationSchema).max(plexEventLimits.notifications).optional(),
  TimelineEntry: z.array(timelineEntrySchema).max(plexEventLimits.notifications).optional(),
  ActivityNotification: z.array(activityNotificationSchema).max(plexEventLimits.notifications).optional(),
});

export const websocketFrameSchema = z.object({ NotificationContainer: notificationContainerSchema });

// --- inferred types ---

export type PmsMetadata = z.infer<typeof pmsMetadataSchema>;
export type PmsMetadataContainer = z.infer<typeof pmsMetadataContainerSchema>;
export type PmsSection = z.infer<typeof pmsSectionSchema>;
export type PmsSections = z.infer<typeof pmsSectionsSchema>;
export type PmsHistoryRow = z.infer<typeof pmsHistoryRowSchema>;
export type PmsHistory = z.infer<typeof pmsHistorySchema>;
export type PmsSession = z.infer<typeof pmsSessionSchema>;
export type PmsSessions = z.infer<typeof pmsSessionsSchema>;
export type PmsAccount = z.infer<typeof pmsAccountSchema>;
export type PmsAccounts = z.infer<typeof pmsAccountsSchema>;
export type PmsIdentity = z.infer<typeof pmsIdentitySchema>;
export type PmsTimelineResponse = z.infer<typeof pmsTimelineResponseSchema>;
export type PlexTvErrors = z.infer<typeof plexTvErrorsSchema>;
export type PlexTvUser = z.infer<typeof plexTvUserSchema>;
export type PlexTvHomeUser = z.infer<typeof plexTvHomeUserSchema>;
export type PlexTvHomeUsers = z.infer<typeof plexTvHomeUsersSchema>;
export type PlexTvResource = z.infer<typeof plexTvResourceSchema>;
export type PlexTvPin = z.infer<typeof plexTvPinSchema>;
export type DiscoverMetadata = z.infer<typeof discoverMetadataSchema>;
export type DiscoverWatchlist = z.infer<typeof discoverWatchlistSchema>;
export type WebhookEvent = (typeof webhookEvents)[number];
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
export type PlaySessionStateNotification = z.infer<typeof playSessionStateNotificationSchema>;
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export type ActivityNotification = z.infer<typeof activityNotificationSchema>;
export type NotificationContainer = z.infer<typeof notificationContainerSchema>;
export type WebsocketFrame = z.infer<typeof websocketFrameSchema>;
