/**
 * Activities of the Stash → Plex push (DESIGN.md §7), created by a factory with injected dependencies: the Stash
 * and PMS clients (from the config unless a test passes its own) and what starts scene workflows.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { StashSignaller } from '../../client/stash-signals';
import type { Config } from '../../config';
import type { PathRules } from '../../domain/path-mapping';
import { hasIdentity } from '../../domain/stash/metadata';
import { readStashScene } from '../../store/stash-scenes';
import { freeze, thawKeys } from '../../store/unresolved';
import type { ReconcileScope, StashReconcileResult } from '../../workflows/stash-api';
import { NotConfiguredError } from '../clients';
import { toActivityFailure } from '../failures';
import { type StashPushClients, stashPushClients } from './clients';
import { compileStashRules, matchScene, type SceneMatch } from './match';
import { PlexItemGoneError, type PushResult, pushScene } from './push';
import { reconcile } from './reconcile';

export type { SceneMatch } from './match';
export type { PushResult } from './push';

/** What the scene workflow does next, from one read of Stash and Plex: wait for a Stash job, stop, or the match. */
export type SceneInspection = { status: 'stash-busy' } | SceneReadiness;
/** The scene gone, not identified yet (the quality gate), or its Plex match. */
export type SceneReadiness = { status: 'deleted' } | { status: 'held' } | SceneMatch;

export interface StashDeps {
  db: Pool;
  /** Absent in workers of other features' tests: the activities then fail as not configured. */
  config?: Config;
  /** Built from the config on first use when absent. */
  stashClients?: StashPushClients;
  /** Starts/signals scene workflows (reconciliation); absent in workers that do not reconcile. */
  stashSignaller?: () => StashSignaller;
}

/** Frozen scenes are unresolved items of the pseudo-pair `stash`. */
export const stashUnresolved = { pairId: 'stash', feature: 'stash-push', destination: 'target' } as const;

/**
 * Maps errors to retry semantics, heartbeating meanwhile when the activity has a heartbeat timeout (a push is one
 * await per Plex call): a worker that dies mid-push has its push retried after that timeout, not its 5 minutes.
 */
async function asActivity<T>(work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  const { heartbeatTimeoutMs, isLocal } = context.info;
  const timer =
    heartbeatTimeoutMs && !isLocal ? setInterval(() => context.heartbeat(), Math.min(5_000, heartbeatTimeoutMs / 3)) : undefined;
  try {
    return await work();
  } catch (error) {
    if (error instanceof PlexItemGoneError) throw ApplicationFailure.nonRetryable(error.message, 'PlexItemGone');
    throw toActivityFailure(error, context.info.attempt);
  } finally {
    clearInterval(timer);
  }
}

export function createStashActivities(deps: StashDeps) {
  const { db } = deps;
  const configOf = (): Config => {
    if (!deps.config) throw new NotConfiguredError('stash');
    return deps.config;
  };
  let clients = deps.stashClients;
  const clientsOf = () => {
    clients ??= stashPushClients(configOf());
    return clients;
  };
  let rules: PathRules | undefined;
  let sections: number[] | undefined;
  const rulesOf = () => {
    rules ??= compileStashRules(configOf().stash.path_mappings);
    return rules;
  };
  const matchDeps = () => ({
    db,
    plex: clientsOf().plex,
    rules: rulesOf(),
    strict: configOf().stash.strict_matching,
    sections: async () => {
      const configured = configOf().stash.plex_section_ids;
      if (configured.length > 0) return configured;
      sections ??= await clientsOf().plex.movieSections();
      return sections;
    },
  });
  const readScene = async (sceneId: string) => {
    const scene = await clientsOf().stash.findScene(sceneId);
    if (!scene) throw ApplicationFailure.nonRetryable(`Stash has no scene ${sceneId}`, 'SceneDeleted');
    return scene;
  };

  return {
    /**
     * Every read before a push in one call (the workflow runs it as a local activity: no round trip through the
     * server per read): a Stash job that may be changing scenes right now (when `waitForJobs`), the scene gone or
     * not identified yet (the quality gate), else its Plex match.
     */
    inspectStashScene({ sceneId, waitForJobs }: { sceneId: string; waitForJobs: boolean }): Promise<SceneInspection> {
      return asActivity(async () => {
        const { stash } = clientsOf();
        const [job, scene] = await Promise.all([waitForJobs ? stash.busy() : undefined, stash.findScene(sceneId)]);
        if (job !== undefined) return { status: 'stash-busy' };
        if (!scene) return { status: 'deleted' };
        if (!hasIdentity(scene)) return { status: 'held' };
        return matchScene(matchDeps(), scene);
      });
    },

    // Runs started before the patch `stash-scene-local-reads` read with the next three activities, one round trip each.

    /** A Stash job (scan, generate, identify) that may be changing scenes right now. */
    stashBusy(): Promise<boolean> {
      return asActivity(async () => (await clientsOf().stash.busy()) !== undefined);
    },

    /** Whether the scene exists and is identified (the quality gate). */
    prepareStashPush({ sceneId }: { sceneId: string }): Promise<'deleted' | 'held' | 'ready'> {
      return asActivity(async () => {
        const scene = await clientsOf().stash.findScene(sceneId);
        if (!scene) return 'deleted';
        return hasIdentity(scene) ? 'ready' : 'held';
      });
    },

    matchStashScene({ sceneId }: { sceneId: string }): Promise<SceneMatch> {
      return asActivity(async () => matchScene(matchDeps(), await readScene(sceneId)));
    },

    /** Like matchStashScene, but "not in Plex yet" fails (retryable), so the retry policy waits for the scan. */
    awaitPlexItem({ sceneId }: { sceneId: string }): Promise<SceneMatch> {
      return asActivity(async () => {
        const match = await matchScene(matchDeps(), await readScene(sceneId));
        if (match.status === 'missing')
          throw ApplicationFailure.retryable(`scene ${sceneId}: its file is not in Plex yet`, 'NotScannedYet');
        return match;
      });
    },

    scanPlexFolder({ sectionId, path }: { sectionId: number; path: string }): Promise<void> {
      return asActivity(() => clientsOf().plex.scan(sectionId, path));
    },

    /** Runs on the PMS write queue (rate-limited per PMS). */
    pushStashScene({ sceneId, force }: { sceneId: string; force: boolean }): Promise<PushResult> {
      return asActivity(async () => {
        const scene = await readScene(sceneId);
        const record = await readStashScene(db, sceneId);
        if (record?.ratingKey === undefined || record.sectionId === undefined)
          throw new NotConfiguredError(`stash scene ${sceneId}`, 'not matched to a Plex item');
        const { stash } = configOf();
        const result = await pushScene(
          { db, ...clientsOf() },
          scene,
          { ...record, ratingKey: record.ratingKey, sectionId: record.sectionId },
          {
            fields: stash.fields,
            maxTags: stash.max_tags,
            contentRating: stash.content_rating,
            preservePlexEdits: stash.preserve_plex_edits,
          },
          force,
        );
        await thawKeys(db, stashUnresolved.pairId, stashUnresolved.feature, stashUnresolved.destination, [sceneId]);
        return result;
      });
    },

    freezeStashScene({ sceneId, reason }: { sceneId: string; reason: string }): Promise<void> {
      return asActivity(() => freeze(db, [{ ...stashUnresolved, itemKey: sceneId, record: { sceneId }, reason }]));
    },

    reconcileStash({ scope, force }: { scope: ReconcileScope; force: boolean }): Promise<StashReconcileResult> {
      return asActivity(async () => {
        if (!deps.stashSignaller) throw new NotConfiguredError('temporal', 'reconciliation needs a Temporal client in the worker');
        return reconcile(
          {
            db,
            ...clientsOf(),
            signaller: deps.stashSignaller(),
            sections: matchDeps().sections,
            heartbeat: () => Context.current().heartbeat(),
          },
          scope,
          force,
        );
      });
    },
  };
}

export type StashActivities = ReturnType<typeof createStashActivities>;
