import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import { type Simulator, simSizes, startSimulator } from '../../src/sim';
import { createPool, type Pool } from '../../src/store/db';
import type { PairSyncResult } from '../../src/workflows/pair-sync-api';
import { pairWorkflowId, progressQuery } from '../../src/workflows/pair-sync-api';
import { eventually } from '../scrobble/harness';
import { watchsyncCli } from '../support/cli';
import { featureOf, runPairSync, startPairSync, summaryOf } from '../support/pair-run';
import { catalogEntryOf, expectTraktHistoryMirrorsPlex, syncableToTrakt } from '../support/sim-truth';
import { seedTraktTokens, simConfig, withSyncWorkers } from '../support/sync';

const pairId = `runs-${Date.now()}`;

/** Running runs of the pair's own ID and of scheduled starts (`pair-sync/<pair>-<timestamp>`), found as the UI's search finds them. */
async function runningRunsOfPair(client: Client): Promise<{ workflowId: string; kind: unknown }[]> {
  const runs = [];
  for await (const run of client.workflow.list({ query: `WatchsyncPair = '${pairId}' AND ExecutionStatus = 'Running'` })) {
    runs.push({ workflowId: run.workflowId, kind: run.searchAttributes.WatchsyncKind?.[0] });
  }
  return runs;
}

/** `schedule set` and `schedule trigger` as a user types them; `fn` gets the ID of the run the schedule started. */
async function withTriggeredSchedule(client: Client, cli: ReturnType<typeof watchsyncCli>, fn: (scheduledId: string) => Promise<void>) {
  const schedule = client.schedule.getHandle(`pair-sync/${pairId}`);
  try {
    expect((await cli('schedule', 'set', pairId, '--every', '1d').done).code).toBe(0);
    expect((await cli('schedule', 'trigger', pairId).done).code).toBe(0);
    const scheduledId = await eventually(
      async () => (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId,
      'the schedule to start a run',
    );
    await fn(scheduledId);
  } finally {
    await schedule.delete().catch(() => undefined);
  }
}

describe('every run of a pair is one run under pair-sync/<pair>, however it was started', () => {
  let sim: Simulator;
  let config: Config;
  let db: Pool;
  const traktTruth = () => sim.trakt.control.truth(sim.tokens.traktUsername);

  /** Deletes a seventh of the owner's syncable Plex plays: above the 10 % approval threshold, below the shrink guard. */
  const deleteSomePlays = () => {
    const owned = sim.library.history.filter((row) => {
      const entry = row.accountId === sim.library.owner.id && row.ratingKey ? catalogEntryOf(sim, row.ratingKey) : undefined;
      return entry !== undefined && syncableToTrakt(sim, entry);
    });
    const deleted = owned.filter((_, i) => i % 7 === 0);
    for (const row of deleted) sim.library.deleteHistoryRow(row.id);
    expect(deleted.length).toBeGreaterThan(5);
    return deleted.length;
  };

  beforeAll(async () => {
    sim = await startSimulator({ size: { ...simSizes.tiny, plays: 400 }, seed: 11 });
    config = simConfig(sim, { pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: { remove: true } } }] });
    db = createPool(config.database.url, 2);
    await seedTraktTokens(db, config, sim);
    await runPairSync(config, pairId);
    expectTraktHistoryMirrorsPlex(sim);
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await sim?.close();
  });

  it('a scheduled run is found by approve, joined by sync, searchable by pair, and says what it is in the UI', async () => {
    const removals = deleteSomePlays();
    await withSyncWorkers(config, async ({ client, taskQueue }) => {
      const cli = watchsyncCli({ ...config, temporal: { ...config.temporal, task_queue: taskQueue } });
      await withTriggeredSchedule(client, cli, async (scheduledId) => {
        expect(scheduledId).toMatch(new RegExp(`^pair-sync/${pairId}-\\d{4}-`));
        // The scheduled start hands over to the pair's own ID, where the run waits for approval.
        const run = client.workflow.getHandle(pairWorkflowId(pairId));
        await eventually(async () => (await run.query(progressQuery).catch(() => undefined))?.awaitingApproval, 'held removals', 60_000);

        // `sync` joins the scheduled run rather than starting another, and says so.
        const joined = await cli('sync', pairId).done;
        expect(joined.code).toBe(0);
        expect(joined.stderr).toContain(`joined the sync of ${pairId}`);
        expect(joined.stderr).toContain(`by schedule pair-sync/${pairId}`);

        // The UI finds both by pair, both tagged as pair syncs, and only one of them is the pair's run.
        const listed = await eventually(async () => {
          const runs = await runningRunsOfPair(client);
          return runs.length === 2 ? runs : undefined;
        }, 'both runs listed by WatchsyncPair');
        expect(listed.map((r) => r.workflowId).sort()).toEqual([pairWorkflowId(pairId), scheduledId].sort());
        expect(listed.map((r) => r.kind)).toEqual(['pair-sync', 'pair-sync']);

        // What the UI shows of the pair's run: summary, details, and activities named by side and feature.
        const description = await run.describe();
        expect(await description.staticSummary()).toBe(`sync ${pairId}: plex → trakt one-way, history`);
        const details = await description.staticDetails();
        expect(details).toContain('**features** history');
        expect(details).toContain('**run** real run (writes)');
        expect(details).toContain(`**started by** schedule pair-sync/${pairId} (via ${scheduledId})`);
        expect(await (await client.workflow.getHandle(scheduledId).describe()).staticSummary()).toBe(
          `sync ${pairId}: plex → trakt one-way, history`,
        );
        const summaries = (await run.fetchHistory()).events
          ?.filter((e) => e.activityTaskScheduledEventAttributes)
          .map((e) => client.options.loadedDataConverter.payloadConverter.fromPayload(e.userMetadata!.summary!));
        expect(summaries).toEqual(
          expect.arrayContaining(['index plex (source) · history', 'index trakt (target) · history', 'plan history']),
        );

        const approved = await cli('approve', pairId).done;
        expect(approved.code).toBe(0);
        expect(approved.stdout).toContain(`approved ${removals} removals`);
        const scheduled = (await client.workflow.getHandle(scheduledId).result()) as PairSyncResult;
        expect(featureOf(scheduled, 'history').toTarget).toMatchObject({ removed: removals, held: 0 });
        expectTraktHistoryMirrorsPlex(sim);

        const nothing = await cli('approve', pairId).done;
        expect(nothing.code).toBe(1);
        expect(nothing.stderr).toContain(`nothing to approve: no run of pair "${pairId}" is going`);
      });
    });
  }, 240_000);

  it('a scheduled start while a run of the pair is going runs nothing; a plan waits for the sync instead of joining it', async () => {
    const removals = deleteSomePlays();
    await withSyncWorkers(config, async ({ client, taskQueue }) => {
      const cli = watchsyncCli({ ...config, temporal: { ...config.temporal, task_queue: taskQueue } });
      const sync = await startPairSync(client, taskQueue, pairId, { startedBy: 'a test' });
      await eventually(async () => (await sync.query(progressQuery).catch(() => undefined))?.awaitingApproval, 'held removals');
      const before = traktTruth().history.length;

      await withTriggeredSchedule(client, cli, async (scheduledId) => {
        const skipped = (await client.workflow.getHandle(scheduledId).result()) as PairSyncResult;
        expect(skipped.skipped).toContain('already going');
        expect(skipped.features).toEqual([]);
      });

      // A plan asked for while the sync holds removals queues behind it, and says so.
      const plan = cli('plan', pairId);
      await eventually(() => plan.output().includes(`a sync of ${pairId}`) && plan.output(), 'the plan to say what it waits for');
      expect(plan.output()).toContain('this plan starts when it ends');
      expect(traktTruth().history).toHaveLength(before);

      expect((await cli('approve', pairId).done).stdout).toContain(`approved ${removals} removals`);
      expect(featureOf(await summaryOf(sync), 'history').toTarget).toMatchObject({ removed: removals, held: 0 });
      const planned = await plan.done;
      expect(planned.code).toBe(0);
      expect(planned.stdout).toContain(`pair ${pairId} (dry run: nothing written)`);
      expect(planned.stdout).toMatch(/history\s+planned\s+→ target: \+0 -0/);
      // The plan's own run, as the UI shows it.
      const planRun = await client.workflow.getHandle(pairWorkflowId(pairId)).describe();
      expect(await planRun.staticSummary()).toBe(`plan ${pairId}: plex → trakt one-way, history`);
      expect(await planRun.staticDetails()).toMatch(
        /\*\*run\*\* dry run \(plan only, writes nothing\)[\s\S]*\*\*started by\*\* watchsync CLI \(/,
      );
      expect(planRun.searchAttributes).toMatchObject({ WatchsyncPair: [pairId], WatchsyncKind: ['pair-sync'] });
    });
    expectTraktHistoryMirrorsPlex(sim);
  }, 240_000);
});
