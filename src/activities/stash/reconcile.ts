/**
 * Reconciliation: Stash's scenes in scope (paged, oldest change first) against what was pushed and what Plex shows
 * now (each scene section listed once, never a per-scene library read). Each gap signals the scene's workflow; the
 * workflow ID de-duplicates scenes already pending.
 */
import type { Pool } from 'pg';
import type { StashSignaller } from '../../client/stash-signals';
import { hasIdentity } from '../../domain/stash/metadata';
import type { PlexSceneItem, SceneMetadataClient } from '../../providers/plex/scene-metadata';
import type { StashClient } from '../../providers/stash';
import { finishReconciliation, readStashScenes, startReconciliation } from '../../store/stash-scenes';
import type { GapKind, ReconcileScope, StashReconcileResult } from '../../workflows/stash-api';

export interface ReconcileDeps {
  db: Pool;
  stash: StashClient;
  plex: SceneMetadataClient;
  signaller: StashSignaller;
  sections(): Promise<number[]>;
  heartbeat(): void;
  now?: () => number;
}

const scopeMs: Record<ReconcileScope, number | undefined> = { all: undefined, '24h': 24 * 3600_000, '7d': 7 * 24 * 3600_000 };
const pageSize = 500;
/** Signals in flight at once (each is one round trip to Temporal). */
const signalConcurrency = 16;

/** Plex shows nothing of what a push writes. */
function looksEmpty(item: PlexSceneItem): boolean {
  return !item.text.summary && !item.text.studio && item.genres.length === 0 && item.actors.length === 0;
}

export async function reconcile(deps: ReconcileDeps, scope: ReconcileScope, force = false): Promise<StashReconcileResult> {
  const now = deps.now ?? Date.now;
  const window = scopeMs[scope];
  const since = new Date(window === undefined ? 0 : now() - window).toISOString();
  const runId = await startReconciliation(deps.db, scope);
  const pushed = new Map((await readStashScenes(deps.db)).map((r) => [r.sceneId, r]));
  const plexItems = new Map<string, PlexSceneItem>();
  for (const sectionId of await deps.sections()) {
    for (const item of await deps.plex.listSection(sectionId)) plexItems.set(item.ratingKey, item);
    deps.heartbeat();
  }

  const gaps: Record<GapKind, number> = { 'plex-empty': 0, 'stash-newer': 0, 'never-matched': 0 };
  const pending: Array<{ sceneId: string; force: boolean }> = [];
  let scenes = 0;
  for (let page = 1; ; page++) {
    const { scenes: batch } = await deps.stash.findScenesSince({ since, page, perPage: pageSize });
    for (const scene of batch) {
      scenes += 1;
      if (!hasIdentity(scene)) continue;
      const record = pushed.get(scene.id);
      const item = record?.ratingKey === undefined ? undefined : plexItems.get(record.ratingKey);
      let kind: GapKind | undefined;
      if (record?.ratingKey === undefined || !item) kind = 'never-matched';
      else if (looksEmpty(item)) kind = 'plex-empty';
      else if (!record.stashUpdatedAt || Date.parse(scene.updated_at) > Date.parse(record.stashUpdatedAt)) kind = 'stash-newer';
      if (kind) gaps[kind] += 1;
      if (kind || force) pending.push({ sceneId: scene.id, force: force || kind === 'plex-empty' });
    }
    deps.heartbeat();
    if (batch.length < pageSize) break;
  }

  for (let i = 0; i < pending.length; i += signalConcurrency) {
    await Promise.all(
      pending.slice(i, i + signalConcurrency).map((p) => deps.signaller.sceneChanged(p.sceneId, { source: 'reconcile', force: p.force })),
    );
    deps.heartbeat();
  }
  await finishReconciliation(deps.db, runId, scenes, gaps);
  return { scenes, gaps, started: pending.length };
}
