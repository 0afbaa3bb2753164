import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { EnrichedEvent, EnrichFailedEvent } from '../../domain/scrobble';
import { endSession, markSession } from '../../store/scrobbles';
import { type Clients, NotConfiguredError } from '../clients';
import { failureTypes, toActivityFailure } from '../failures';
import { type EnrichInput, enrichSession } from './enrich';
import { ScrobbleNotMatchedError, sendScrobble, type TraktScrobbleInput, type TraktScrobbleResult } from './trakt-sink';

export type { EnrichInput } from './enrich';
export type { TraktScrobbleInput, TraktScrobbleResult } from './trakt-sink';

export interface ScrobbleDeps {
  db: Pool;
  /** Absent in workers that do not scrobble (tests of other features): the activities then fail as not configured. */
  clients?: Clients;
}

function clientsOf(deps: ScrobbleDeps): Clients {
  if (!deps.clients) throw new NotConfiguredError('plex and trakt clients');
  return deps.clients;
}

/** Provider errors as Temporal failures (retry with back-off, or stop at once for permanent ones). */
async function asActivity<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ScrobbleNotMatchedError) throw ApplicationFailure.nonRetryable(error.message, failureTypes.notFound);
    throw toActivityFailure(error, Context.current().info.attempt);
  }
}

/** The activities of the live-scrobbling workflow (DESIGN.md §5). */
export function createScrobbleActivities(deps: ScrobbleDeps) {
  return {
    enrichScrobbleSession(input: EnrichInput): Promise<EnrichedEvent | EnrichFailedEvent> {
      return asActivity(() => enrichSession(clientsOf(deps).plexServer(), input));
    },

    /**
     * The Trakt sink. The session is marked in flight before the call (a stop as `stopping`: the intent), so a pair
     * sync planning meanwhile holds its play back; once the stop is answered its play, if Trakt recorded one (a
     * scrobble or its 409 echo), is kept so the pair sync never adds it again, and the session is done.
     */
    sendTraktScrobble(input: TraktScrobbleInput): Promise<TraktScrobbleResult> {
      return asActivity(async () => {
        const session = { serverUuid: input.serverUuid, sessionKey: input.sessionKey };
        await markSession(deps.db, { ...session, item: input.item }, input.verb === 'stop' ? 'stopping' : 'live');
        let result: TraktScrobbleResult;
        try {
          result = await sendScrobble(clientsOf(deps).trakt(), input);
        } catch (error) {
          // Trakt will never take this item: nothing is on its way.
          if (error instanceof ScrobbleNotMatchedError) await endSession(deps.db, session);
          throw error;
        }
        if (input.verb !== 'stop') return result;
        const played = result.outcome === 'scrobble' || result.outcome === 'conflict';
        const { workflowExecution, activityId } = Context.current().info;
        await endSession(
          deps.db,
          session,
          played
            ? {
                ...session,
                item: input.item,
                watchedAt: result.outcome === 'conflict' ? result.watchedAt : new Date().toISOString(),
                ...(result.outcome === 'scrobble' && result.historyId !== undefined ? { traktHistoryId: result.historyId } : {}),
                dispatchKey: [workflowExecution?.workflowId, workflowExecution?.runId, activityId].join('/'),
              }
            : undefined,
        );
        return result;
      });
    },
  };
}
