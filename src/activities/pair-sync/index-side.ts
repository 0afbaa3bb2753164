import type { Pool } from 'pg';
import type { Config } from '../../config';
import type { Feature } from '../../domain/items';
import { translateEchoes } from '../../domain/plan/echoes';
import type { PlexClient } from '../../providers/plex';
import type { TraktClient } from '../../providers/trakt';
import { bindPlexAccount } from '../../store/plex-accounts';
import { loadEchoes } from '../../store/plex-echoes';
import { latestCompleteSnapshot, saveSnapshot } from '../../store/snapshots';
import { bindTraktAccount } from '../../store/trakt-accounts';
import { pgTraktTokenStore } from '../../store/trakt-tokens';
import type { IndexRequest, SnapshotRef } from './types';

interface TraktCheckpoint {
  /** Trakt's last_activities stamp of the feature when this snapshot was read. */
  stamp?: string;
  /** Watchlist ETag, for a 304 on the next read. */
  etag?: string;
}

/**
 * Trakt side, of the user the pair is bound to: one GET of last_activities decides whether the feature changed
 * since the last complete snapshot; unchanged → that snapshot is reused (an unchanged side costs one GET).
 */
export async function indexTrakt(db: Pool, trakt: TraktClient, account: string, request: IndexRequest): Promise<SnapshotRef> {
  const username = await pgTraktTokenStore(db).username(account, async () => (await trakt.settings()).username);
  await bindTraktAccount(db, request.pairId, username);
  const previous = await latestCompleteSnapshot<unknown>(db, request.pairId, request.side, request.feature);
  const activities = await trakt.lastActivities();
  const stamp = activities.features[request.feature];
  const previousCheckpoint = (previous?.checkpoint ?? {}) as TraktCheckpoint;
  if (previous && previous.provider === 'trakt' && stamp !== undefined && previousCheckpoint.stamp === stamp) {
    return { snapshotId: previous.snapshotId, count: previous.count, complete: true, reused: true };
  }
  const { records, etag } = await readTrakt(trakt, request.feature, previous?.records, previousCheckpoint.etag);
  const saved = await saveSnapshot(db, {
    ...request,
    provider: 'trakt',
    complete: true,
    records,
    checkpoint: { stamp, etag } satisfies TraktCheckpoint,
  });
  return { ...saved, reused: false };
}

async function readTrakt(
  trakt: TraktClient,
  feature: Feature,
  previousRecords: unknown[] | undefined,
  etag: string | undefined,
): Promise<{ records: unknown[]; etag?: string }> {
  switch (feature) {
    case 'history':
      return { records: await trakt.history() };
    case 'ratings':
      return { records: await trakt.ratings() };
    case 'watchlist': {
      const shadow = etag && previousRecords ? { etag, entries: previousRecords as never } : undefined;
      const read = await trakt.watchlist(shadow);
      return { records: read.entries, etag: read.etag };
    }
  }
}

export interface PlexCheckpoint {
  /** The PMS the plays were read from. */
  serverId: string;
}

/** Plex side: a full read of the feature, filtered as configured, of the account the pair is bound to. */
export async function indexPlex(db: Pool, plex: PlexClient, config: Config, request: IndexRequest): Promise<SnapshotRef> {
  const filters = {
    ignoreLocalGuids: config.plex.ignore_local_guids,
    ignoreGuidPrefixes: config.plex.ignore_guid_prefixes,
    requireExternalIds: config.plex.require_external_ids,
  };
  const account = await bindPlexAccount(db, request.pairId, await plex.identity());
  let records: unknown[];
  let checkpoint: PlexCheckpoint | undefined;
  switch (request.feature) {
    case 'history': {
      const read = await plex.historyIndex({
        ...filters,
        accountId: account.accountId,
        username: account.username,
        sectionIds: config.plex.library_section_ids,
        includeMarkedWatched: config.plex.include_marked_watched,
      });
      records = translateEchoes(read.plays, await loadEchoes(db, request.pairId));
      // Which server's live scrobbles these plays may already be on Trakt as (see plan.ts).
      checkpoint = { serverId: await plex.serverId() };
      break;
    }
    case 'ratings':
      records = (await plex.ratingsIndex({ ...filters, sectionIds: config.plex.library_section_ids })).ratings;
      break;
    case 'watchlist':
      records = (await plex.watchlistIndex()).entries;
      break;
  }
  const saved = await saveSnapshot(db, { ...request, provider: 'plex', complete: true, records, checkpoint });
  return { ...saved, reused: false };
}
