import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/store/db';
import { scrobbledPlaysBetween } from '../../src/store/scrobbles';
import { services } from '../support/services';
import { withWorker } from '../support/temporal';
import { startWorkerProcess, writeTestConfig } from '../support/worker-process';
import { eventually, pickEpisode, pickMovie, play, type ScrobbleRig, settled, startRig, verbsOf, withRig, workflowStatus } from './harness';

const connected = (rig: ScrobbleRig, connects: number) =>
  eventually(
    () => rig.bridge.watcher?.status().state === 'connected' && rig.bridge.watcher.status().connects >= connects,
    'the websocket to connect',
  );

describe('live scrobbling survives crashes and disconnects: nothing lost, nothing doubled', () => {
  let db: Pool;
  beforeAll(() => {
    db = createPool(services().databaseUrl, 4);
  });
  afterAll(() => db.end());

  it('the bridge stopped and restarted mid-session', async () => {
    await withRig(db, { watch: true }, async (rig, ctx) => {
      const { sim } = rig;
      await connected(rig, 1);
      const { episode, ratingKey } = pickEpisode(sim);
      const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey });
      await play(sim, episode.durationMs * 0.3);
      await eventually(() => verbsOf(sim, episode.key).length === 1, 'the start');
      await rig.bridge.close();
      // Frames while no bridge listens are lost, as they would be.
      await play(sim, episode.durationMs * 0.3);
      await rig.restartBridge();
      await connected(rig, 1);
      await play(sim, episode.durationMs * 0.35);
      sim.player.stop(sessionKey);
      await eventually(() => verbsOf(sim, episode.key).includes('stop:scrobble'), 'the scrobbling stop');
      await settled(ctx, rig);
      expect(verbsOf(sim, episode.key)).toEqual(['start', 'stop:scrobble']);
    });
  });

  it('the PMS websocket dropped: reconnects, and the sessions snapshot closes a session that ended meanwhile', async () => {
    await withRig(db, { watch: true }, async (rig, ctx) => {
      const { sim } = rig;
      await connected(rig, 1);
      const { movie, ratingKey } = pickMovie(sim);
      const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey, viewOffsetMs: movie.durationMs * 0.5 });
      await play(sim, 30_000);
      sim.player.dropConnections();
      await play(sim, 30_000);
      await connected(rig, 2);
      await play(sim, movie.durationMs * 0.45);
      await settled(ctx, rig);
      // Down while the player finishes: the stop frame never arrives.
      sim.player.refuseConnections(1_500);
      sim.player.dropConnections();
      sim.player.stop(sessionKey);
      await connected(rig, 3);
      await eventually(() => verbsOf(sim, movie.key).includes('stop:scrobble'), 'the scrobbling stop from the snapshot');
      await settled(ctx, rig);
      expect(verbsOf(sim, movie.key)).toEqual(['start', 'stop:scrobble']);
    });
  });

  it('the worker killed (SIGKILL) while Trakt is answering the stop: retried after the crash, one play on Trakt and in PostgreSQL', async () => {
    const taskQueue = `scrobble-${randomUUID()}`;
    const rig = await startRig({ db, taskQueue, watch: true });
    const configPath = writeTestConfig(rig.config);
    // The child inherits DATABASE_URL (an env override) from the test command: point it at the test database.
    const startWorker = () => startWorkerProcess(configPath, { DATABASE_URL: services().databaseUrl });
    let worker = await startWorker();
    try {
      const { sim } = rig;
      await connected(rig, 1);
      const { movie, ratingKey } = pickMovie(sim);
      const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey, viewOffsetMs: movie.durationMs * 0.6 });
      await play(sim, movie.durationMs * 0.35);
      await eventually(() => verbsOf(sim, movie.key).length === 1, 'the start');
      sim.trakt.faults.set('POST /scrobble/stop', { latencyMs: 2_000 });
      sim.player.stop(sessionKey);
      await eventually(() => sim.trakt.faults.count('POST /scrobble/stop') >= 1, 'the stop to reach Trakt');
      await worker.kill();
      sim.trakt.faults.clear('POST /scrobble/stop');
      worker = await startWorker();
      // The orphaned request may still land (then the retry is answered 409) or be dropped with the dead socket.
      const status = await withWorker({}, (ctx) =>
        eventually(
          async () => {
            const current = await workflowStatus(ctx, sim.library.machineIdentifier);
            return current.recent.some((r) => r.verb === 'stop') ? current : undefined;
          },
          'the retried stop to finish',
          45_000,
        ),
      );
      expect(status.recent.map((r) => r.result)).toEqual(['start', expect.stringMatching(/^(scrobble|conflict)$/)]);
      const history = sim.trakt.control.truth(sim.tokens.traktUsername).history.filter((h) => h.key === movie.key);
      expect(history).toHaveLength(1);
      expect(verbsOf(sim, movie.key)).toEqual(['start', 'stop:scrobble']);
      const from = new Date(Date.now() - 3600_000).toISOString();
      await eventually(
        async () =>
          // Other test files scrobble the same catalog titles on simulators of their own, in the same database.
          (await scrobbledPlaysBetween(db, [`movie:tmdb:${movie.ids.tmdb}`], from, new Date().toISOString())).filter(
            (play) => play.serverUuid === rig.sim.library.machineIdentifier,
          ).length === 1,
        'the recorded play',
      );
    } finally {
      await worker.stop();
      await rig.close();
    }
  });
});
