/**
 * After a complete, stable full listing of a section: what it did not list becomes missing, unless the
 * section shrank suspiciously (DESIGN.md §6), in which case nothing is marked until `library approve`.
 */
import type { Pool } from 'pg';
import { removalVerdict } from '../../domain/library/guards';
import { listingCoverage, markUnlistedMissing } from '../../store/library-items';
import { saveUnstoredCount } from '../../store/library-servers';
import type { ReconcileRequest, ReconcileResult } from './types';

export async function reconcileListing(db: Pool, request: ReconcileRequest): Promise<ReconcileResult> {
  const scope = { serverId: request.serverId, sectionKey: request.sectionKey, kind: request.kind };
  const { active, unlisted } = await listingCoverage(db, scope, request.runId);
  const listed = active - unlisted;
  const verdict = removalVerdict(active, unlisted, request.total, request.missingThreshold);
  if (verdict.action === 'hold' && !request.approved) return { ...verdict, action: 'held' };
  const missing = unlisted > 0 ? await markUnlistedMissing(db, scope, request.runId) : 0;
  // What PMS counts but the tables could not store (entries failing their schema), for the next incremental count check.
  await saveUnstoredCount(db, request.serverId, request.sectionKey, request.kind, Math.max(0, request.total - listed));
  return { action: 'marked', missing };
}
