import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrobbleWorkflowInput } from '../../src/bridge/scrobble-input';
import type { PlayEvent } from '../../src/domain/scrobble';
import { createPool, type Pool } from '../../src/store/db';
import { scrobbleEventsSignal, scrobbleWorkflowId, scrobbleWorkflowType } from '../../src/workflows/scrobble-api';
import { services } from '../support/services';
import { eventually, pickMovie, play, settled, testWorkflowOptions, verbsOf, withRig, workflowStatus } from './harness';

describe('the scrobble workflow budgets bytes, not only counts (issue 17, item 2)', () => {
  let db: Pool;
  beforeAll(() => {
    db = createPool(services().databaseUrl, 4);
  });
  afterAll(() => db.end());

  it('continues as new once a run’s signals reach maxSignalBytesPerRun, long before maxEventsPerRun, and scrobbles on', async () => {
    const workflowOptions = { ...testWorkflowOptions, maxSignalBytesPerRun: 3_000 };
    await withRig(db, { webhook: true, workflowOptions }, async (rig, ctx) => {
      const { sim } = rig;
      const { movie, ratingKey } = pickMovie(sim);
      const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey, playerUuid: 'den' });
      for (let i = 0; i < 6; i += 1) {
        await play(sim, Math.round(movie.durationMs * 0.12), 60_000);
        sim.player.pause(sessionKey);
        await play(sim, 30_000);
        sim.player.resume(sessionKey);
      }
      await play(sim, Math.round(movie.durationMs * 0.15), 60_000);
      sim.player.stop(sessionKey);
      await eventually(() => verbsOf(sim, movie.key).includes('stop:scrobble'), 'the scrobbling stop');
      const status = await settled(ctx, rig);
      expect(status.eventsReceived).toBeLessThan(30);
      expect(status.run, `${status.eventsReceived} small signals, yet the byte budget ended runs`).toBeGreaterThan(1);
      expect(verbsOf(sim, movie.key).filter((verb) => verb === 'stop:scrobble')).toHaveLength(1);
    });
  }, 120_000);

  it('schedules at most maxActionBytesPerTask of activity inputs per workflow task; the rest follow in later tasks', async () => {
    const maxActionBytesPerTask = 200;
    const workflowOptions = { ...testWorkflowOptions, maxActionBytesPerTask };
    await withRig(db, { webhook: true, workflowOptions }, async (rig, ctx) => {
      const { sim } = rig;
      const uuid = sim.library.machineIdentifier;
      const now = sim.player.now();
      // One signal with 30 new sessions: unbudgeted, one task would schedule all 30 lookups at once.
      const events: PlayEvent[] = Array.from({ length: 30 }, (_, i) => ({
        kind: 'play',
        serverUuid: uuid,
        sessionKey: `budget-${i}`,
        ratingKey: pickMovie(sim, i % 5).ratingKey,
        state: 'playing',
        viewOffsetMs: 1_000,
        receivedAt: now,
        source: 'webhook',
        user: sim.library.owner.title,
      }));
      const handle = await ctx.client.workflow.signalWithStart(scrobbleWorkflowType, {
        workflowId: scrobbleWorkflowId(uuid),
        taskQueue: ctx.taskQueue,
        args: [scrobbleWorkflowInput(rig.config, uuid, workflowOptions)],
        signal: scrobbleEventsSignal,
        signalArgs: [events],
      });
      await eventually(async () => {
        const status = await workflowStatus(ctx, uuid);
        return status.sessions.length === 30 && status.sessions.every((s) => s.phase === 'bound') && status.eventsPending === 0;
      }, 'every session looked up and bound');

      const history = await handle.fetchHistory();
      const perTask = new Map<string, { bytes: number; largest: number; lookups: number }>();
      for (const event of history.events ?? []) {
        const scheduled = event.activityTaskScheduledEventAttributes;
        if (!scheduled) continue;
        const task = String(scheduled.workflowTaskCompletedEventId);
        const bytes = (scheduled.input?.payloads ?? []).reduce((sum, p) => sum + (p.data?.length ?? 0), 0);
        const entry = perTask.get(task) ?? { bytes: 0, largest: 0, lookups: 0 };
        perTask.set(task, {
          bytes: entry.bytes + bytes,
          largest: Math.max(entry.largest, bytes),
          lookups: entry.lookups + (scheduled.activityType?.name === 'enrichScrobbleSession' ? 1 : 0),
        });
      }
      const tasks = [...perTask.values()];
      expect(tasks.reduce((sum, t) => sum + t.lookups, 0)).toBe(30);
      expect(tasks.filter((t) => t.lookups > 0).length, 'the lookups spread over several tasks').toBeGreaterThan(3);
      // The budget is checked before each event, so a task may end one action past it, never more.
      for (const t of tasks) expect(t.bytes - t.largest).toBeLessThan(maxActionBytesPerTask);
    });
  }, 120_000);
});
