/** The activities of the library import workflow (DESIGN.md §6), created with their dependencies injected. */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { Config } from '../../config/schema';
import { HttpError } from '../../providers/http';
import { LibraryAuthError } from '../../providers/plex/library/reader';
import { countUnmapped, promoteMissingToDeleted } from '../../store/library-items';
import { finishRun } from '../../store/library-servers';
import { NotConfiguredError } from '../clients';
import { failureTypes, toActivityFailure } from '../failures';
import { listPages } from './list';
import { planImport } from './plan';
import { reconcileListing } from './reconcile';
import { libraryServers } from './servers';
import type {
  FinishRequest,
  FinishResult,
  LibraryPlan,
  ListCursor,
  ListRequest,
  ListResult,
  PlanRequest,
  ReconcileRequest,
  ReconcileResult,
} from './types';

export type * from './types';

export interface LibraryDeps {
  db: Pool;
  /** Absent in workers that do not import (tests of other features): the activities then fail as not configured. */
  config?: Config;
}

/** Failure types of the library import the workflow reports. */
export const libraryFailureTypes = { pageFailed: 'PageFailed' } as const;

/** Heartbeats `details()` while `work` runs (a slow page is one await), and maps errors to retry semantics. */
async function asActivity<T>(
  work: () => Promise<T>,
  details: () => unknown = () => undefined,
  pageAttempts = Number.POSITIVE_INFINITY,
): Promise<T> {
  const context = Context.current();
  const everyMs = Math.min(5_000, (context.info.heartbeatTimeoutMs || 15_000) / 3);
  const timer = setInterval(() => context.heartbeat(details()), everyMs);
  try {
    return await work();
  } catch (error) {
    if (error instanceof LibraryAuthError)
      throw ApplicationFailure.nonRetryable(error.message, failureTypes.auth, { server: error.serverId });
    // A page PMS keeps failing (5xx) fails the listing after a few tries; an unreachable server is waited for.
    if (error instanceof HttpError && error.status >= 500 && context.info.attempt >= pageAttempts)
      throw ApplicationFailure.nonRetryable(error.message, libraryFailureTypes.pageFailed, { endpoint: error.endpoint });
    throw toActivityFailure(error, context.info.attempt);
  } finally {
    clearInterval(timer);
  }
}

export function createLibraryActivities(deps: LibraryDeps) {
  const { db } = deps;
  let servers: ReturnType<typeof libraryServers> | undefined;
  const configured = () => {
    if (!deps.config) throw new NotConfiguredError('library.servers');
    servers ??= libraryServers(deps.config);
    return { config: deps.config, server: servers };
  };
  return {
    async libraryPlan(request: PlanRequest): Promise<LibraryPlan> {
      return asActivity(() => {
        const { config, server } = configured();
        return planImport(db, config, server(request.serverId), request);
      });
    },

    async libraryList(request: ListRequest): Promise<ListResult> {
      const context = Context.current();
      // A retry after a worker died resumes at the last page it wrote, not at the start of this call.
      const resumed = context.info.heartbeatDetails as ListCursor | undefined;
      let cursor = resumed && resumed.start >= request.cursor.start ? resumed : request.cursor;
      return asActivity(
        () =>
          listPages(
            {
              db,
              server: configured().server(request.serverId),
              warn: (meta, message) => context.log.warn(message, meta),
              heartbeat: (next) => {
                cursor = next;
                context.heartbeat(next);
              },
            },
            { ...request, cursor },
          ),
        () => cursor,
        request.pageAttempts,
      );
    },

    async libraryReconcile(request: ReconcileRequest): Promise<ReconcileResult> {
      return asActivity(() => reconcileListing(db, request));
    },

    /** Retention, the unmapped counts and the run's record. */
    async libraryFinish(request: FinishRequest): Promise<FinishResult> {
      return asActivity(async () => {
        const deleted = await promoteMissingToDeleted(db, request.serverId, request.retentionMs);
        const unmapped: Record<string, number> = {};
        for (const key of request.sectionKeys) unmapped[key] = await countUnmapped(db, request.serverId, key);
        await finishRun(db, request.runId, request.result);
        return { deleted, unmapped };
      });
    },
  };
}

export type LibraryActivities = ReturnType<typeof createLibraryActivities>;
