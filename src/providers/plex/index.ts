/** The Plex provider: PMS, plex.tv and Discover behind one client (see client.ts). */
export { createPlexClient, type PlexClient } from './client';
export { PmsNotConfiguredError } from './context';
export type { ItemFilters, Skipped, SkipReason } from './filters';
export type { FeatureReadiness, PlexHealth, ServiceHealth } from './health';
export type { HistoryIndex, HistoryIndexOptions, PlexPlay } from './history';
export { createHomeUserClient, findHomeUser, type HomeUserChoice, HomeUserError } from './home-user';
export type { PlexIdentity } from './identity';
export { type GuidMemo, guidMemoKey, memoryGuidMemo } from './memo';
export type { PlexClientOptions } from './options';
export { type PlexRating, type RatingsIndexOptions, toTraktRating } from './ratings';
export type { PlexItemMetadata, PlexSession } from './sessions';
export { pmsTlsAgent } from './transport';
export type { PlexWatchlistEntry } from './watchlist';
export type { WriteResult, WriteTarget } from './writes';
