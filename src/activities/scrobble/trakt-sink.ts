import type { IsoUtc } from '../../domain/items';
import type { ScrobbleItem, TraktVerb } from '../../domain/scrobble';
import { HttpError } from '../../providers/http';
import type { ScrobbleOutcome, TraktClient } from '../../providers/trakt';
import { lookupsFor, runLookup } from './id-search';

export interface TraktScrobbleInput {
  serverUuid: string;
  sessionKey: string;
  verb: TraktVerb;
  item: ScrobbleItem;
  progress: number;
}

/** What Trakt did; `conflict` is a 409 (scrobbled moments ago), which counts as done. */
export type TraktScrobbleResult =
  | { outcome: 'start' | 'pause' | 'scrobble'; historyId?: number; matchedBySearch: boolean }
  | { outcome: 'conflict'; watchedAt: IsoUtc; matchedBySearch: boolean };

/** Trakt could not match the item by any of its ids, not even after searching for them. */
export class ScrobbleNotMatchedError extends Error {
  constructor(item: ScrobbleItem) {
    super(
      `Trakt does not know this ${item.type} (${JSON.stringify(item.ids)}${item.show_ids ? `, show ${JSON.stringify(item.show_ids)}` : ''})`,
    );
    this.name = 'ScrobbleNotMatchedError';
  }
}

/** 404 (no such item) and 422 (item not resolvable) mean "not matched", worth an ID search. */
function isUnmatched(error: unknown): boolean {
  return error instanceof HttpError && (error.status === 404 || error.status === 422);
}

async function tryScrobble(trakt: TraktClient, input: TraktScrobbleInput, item: ScrobbleItem): Promise<ScrobbleOutcome | undefined> {
  try {
    return await trakt.scrobble(input.verb, item, input.progress);
  } catch (error) {
    if (isUnmatched(error)) return undefined;
    throw error;
  }
}

function toResult(outcome: ScrobbleOutcome, matchedBySearch: boolean): TraktScrobbleResult {
  if ('conflict' in outcome) return { outcome: 'conflict', watchedAt: outcome.conflict.watchedAt, matchedBySearch };
  return { outcome: outcome.action, ...(outcome.id === undefined ? {} : { historyId: outcome.id }), matchedBySearch };
}

/**
 * POST /scrobble/{verb}: the item as Plex describes it, else as found by ID search (tmdb → tvdb → imdb for
 * shows). Other failures propagate for the engine's retry policy; safe to retry: a start or pause repeated is
 * harmless and a stop Trakt already recorded answers 409.
 */
export async function sendScrobble(trakt: TraktClient, input: TraktScrobbleInput): Promise<TraktScrobbleResult> {
  const direct = await tryScrobble(trakt, input, input.item);
  if (direct) return toResult(direct, false);
  for (const lookup of lookupsFor(input.item)) {
    const found = await runLookup(trakt, lookup);
    const outcome = found && (await tryScrobble(trakt, input, found));
    if (outcome) return toResult(outcome, true);
  }
  throw new ScrobbleNotMatchedError(input.item);
}
