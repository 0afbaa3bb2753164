import type { WorkflowHandle } from '@temporalio/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import { type Simulator, simSizes, startSimulator } from '../../src/sim';
import { createPool } from '../../src/store/db';
import { approveUpdate, type PairSyncInput, type PairSyncResult, type pairSync, rejectUpdate } from '../../src/workflows/pair-sync';
import { featureOf, inPhase, runPairSync, startPairSync, waitForProgress } from '../support/pair-run';
import { plexWatchlist } from '../support/plex-truth';
import { seedTraktTokens, simConfig, withSyncWorkers } from '../support/sync';

/**
 * Issue 10, defect 4: a user clearing out most of a Plex watchlist (one-way, removals on) is a large but complete
 * shrink. Its removals are held for approval, never refused and forgotten; the previous baseline is kept until they
 * are approved, rejected, or expire.
 */
describe('a large, complete shrink of the Plex watchlist is held for approval', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  const traktWatchlist = () =>
    sim!.trakt.control
      .truth(sim!.tokens.traktUsername)
      .watchlist.map((w) => w.key)
      .sort();

  /** A pair whose 40-item Plex watchlist is on Trakt, and from which the user then removed 24 titles (60 %). */
  async function watchlistCutBy60Percent(pairId: string): Promise<{ config: Config; kept: string[]; removed: string[] }> {
    sim = await startSimulator({ size: { ...simSizes.tiny, movies: 80 }, seed: 40 + Math.floor(Math.random() * 1_000) });
    const movies = sim.catalog.movies.filter((m) => m.traktKnown && m.guidStyle === 'modern').slice(0, 40);
    expect(movies).toHaveLength(40);
    sim.discover.state.watchlists.replace(
      sim.tokens.plexOwner,
      movies.map((m) => m.plexId),
    );
    const config = simConfig(sim, { pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { watchlist: { remove: true } } }] });
    const db = createPool(config.database.url, 1);
    await seedTraktTokens(db, config, sim).finally(() => db.end());
    const first = await runPairSync(config, pairId);
    expect(featureOf(first, 'watchlist').toTarget.added).toBe(40);
    const removed = movies.slice(16).map((m) => m.key);
    for (const movie of movies.slice(16)) sim.discover.state.watchlists.remove(sim.tokens.plexOwner, movie.plexId);
    const kept = plexWatchlist(sim).sort();
    expect(kept).toHaveLength(16);
    expect(traktWatchlist()).toHaveLength(40);
    return { config, kept, removed };
  }

  /** One run that waits with its held removals; `decide` answers it (or not) while it waits. */
  function runHeld(
    config: Config,
    pairId: string,
    decide: (handle: WorkflowHandle<typeof pairSync>) => Promise<unknown>,
    input: Omit<PairSyncInput, 'pairId'> = {},
  ): Promise<{ result: PairSyncResult; waiting: number }> {
    return withSyncWorkers(config, async ({ client, taskQueue }) => {
      const handle = await startPairSync(client, taskQueue, pairId, input);
      let waiting = 0;
      await waitForProgress(handle, (p) => {
        waiting = p.awaitingApproval?.removals ?? 0;
        return inPhase('awaiting-approval')(p);
      });
      await decide(handle);
      return { result: await handle.result(), waiting };
    });
  }

  it('held (not refused), and approve removes exactly those 24 titles from Trakt', async () => {
    const pairId = `held-approve-${Date.now()}`;
    const { config, kept } = await watchlistCutBy60Percent(pairId);
    const { result, waiting } = await runHeld(config, pairId, (handle) => handle.executeUpdate(approveUpdate));
    const watchlist = featureOf(result, 'watchlist');
    expect(waiting).toBe(24);
    expect(watchlist.guards).toContainEqual(
      expect.objectContaining({ guard: 'suspicious-shrink', side: 'source', currentCount: 16, action: 'hold-for-approval' }),
    );
    expect(watchlist.toTarget).toMatchObject({ removed: 24, held: 0, rejected: 0, expired: 0 });
    expect(traktWatchlist()).toEqual(kept);
  });

  it('unanswered, they are held again next run (baseline kept); rejected, they are dropped for good', async () => {
    const pairId = `held-reject-${Date.now()}`;
    const { config } = await watchlistCutBy60Percent(pairId);
    const unanswered = await runPairSync(config, pairId, { approvalTimeoutMs: 300 });
    expect(featureOf(unanswered, 'watchlist').toTarget).toMatchObject({ removed: 0, held: 24 });

    const { result, waiting } = await runHeld(config, pairId, (handle) => handle.executeUpdate(rejectUpdate));
    expect(waiting).toBe(24);
    expect(featureOf(result, 'watchlist').toTarget).toMatchObject({ removed: 0, held: 0, rejected: 24 });
    expect(traktWatchlist()).toHaveLength(40);

    // Rejected means: the shrunk Plex watchlist is the baseline now; Trakt keeps the titles and nothing is planned.
    const next = await runPairSync(config, pairId, { approvalTimeoutMs: 300 });
    expect(featureOf(next, 'watchlist')).toMatchObject({ status: 'synced', guards: [], toTarget: { removed: 0, held: 0 } });
    expect(traktWatchlist()).toHaveLength(40);
  });

  it('held past their expiry without a decision, they are dropped and the run reports them as expired', async () => {
    const pairId = `held-expire-${Date.now()}`;
    const { config } = await watchlistCutBy60Percent(pairId);
    const options = { approvalTimeoutMs: 300, heldRemovalsExpireAfterMs: 2_000 };
    const first = await runPairSync(config, pairId, options);
    expect(featureOf(first, 'watchlist').toTarget).toMatchObject({ removed: 0, held: 24, expired: 0 });

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const expired = await runPairSync(config, pairId, options);
    expect(featureOf(expired, 'watchlist').toTarget).toMatchObject({ removed: 0, held: 0, expired: 24 });
    expect(traktWatchlist()).toHaveLength(40);

    const after = await runPairSync(config, pairId, options);
    expect(featureOf(after, 'watchlist').toTarget).toMatchObject({ removed: 0, held: 0, expired: 0 });
  });
});
