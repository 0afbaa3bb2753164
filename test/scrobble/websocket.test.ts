import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/store/db';
import { scrobbledPlaysBetween } from '../../src/store/scrobbles';
import { services } from '../support/services';
import { withWorker } from '../support/temporal';
import { eventually, pickEpisode, pickMovie, play, rigActivities, settled, startRig, verbsOf, withRig } from './harness';

describe('live scrobbling from the PMS websocket (simulator, real Temporal and PostgreSQL)', () => {
  let db: Pool;
  beforeAll(() => {
    db = createPool(services().databaseUrl, 4);
  });
  afterAll(() => db.end());

  it('a movie: one start, the pause, a start on resume and one scrobbling stop, in order; the play is recorded', async () => {
    await withRig(db, { watch: true }, async (rig, ctx) => {
      const { sim } = rig;
      await eventually(() => rig.bridge.watcher?.status().state === 'connected', 'the websocket to connect');
      const { movie, ratingKey } = pickMovie(sim);
      const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey, viewOffsetMs: Math.round(movie.durationMs * 0.6) });
      await play(sim, 60_000);
      await eventually(() => verbsOf(sim, movie.key).length === 1, 'the start');
      sim.player.pause(sessionKey);
      await eventually(() => verbsOf(sim, movie.key).length === 2, 'the pause');
      sim.player.resume(sessionKey);
      await play(sim, Math.round(movie.durationMs * 0.32));
      sim.player.stop(sessionKey);
      await eventually(() => verbsOf(sim, movie.key).includes('stop:scrobble'), 'the scrobbling stop');
      const status = await settled(ctx, rig);

      expect(verbsOf(sim, movie.key)).toEqual(['start', 'pause', 'start', 'stop:scrobble']);
      expect(sim.trakt.control.truth(sim.tokens.traktUsername).history.filter((h) => h.key === movie.key)).toHaveLength(1);
      expect(status.sessions).toEqual([
        expect.objectContaining({ sessionKey, phase: 'bound', user: sim.library.owner.title, state: 'stopped' }),
      ]);
      // Other test files scrobble the same catalog titles on simulators of their own, in the same database.
      const recorded = (
        await scrobbledPlaysBetween(
          db,
          [`movie:tmdb:${movie.ids.tmdb}`],
          new Date(Date.now() - 3600_000).toISOString(),
          new Date().toISOString(),
        )
      ).filter((play) => play.serverUuid === sim.library.machineIdentifier);
      expect(recorded).toEqual([
        expect.objectContaining({ serverUuid: sim.library.machineIdentifier, itemKey: `movie:tmdb:${movie.ids.tmdb}` }),
      ]);
    });
  });

  it('an episode: start, pause, start, one scrobbling stop', async () => {
    await withRig(db, { watch: true }, async (rig, ctx) => {
      const { sim } = rig;
      await eventually(() => rig.bridge.watcher?.status().state === 'connected', 'the websocket to connect');
      const { episode, ratingKey } = pickEpisode(sim);
      const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey });
      await play(sim, Math.round(episode.durationMs * 0.3));
      sim.player.pause(sessionKey);
      await eventually(() => verbsOf(sim, episode.key).length === 2, 'the start and the pause');
      sim.player.resume(sessionKey);
      await play(sim, Math.round(episode.durationMs * 0.65));
      sim.player.stop(sessionKey);
      await eventually(() => verbsOf(sim, episode.key).includes('stop:scrobble'), 'the scrobbling stop');
      await settled(ctx, rig);
      expect(verbsOf(sim, episode.key)).toEqual(['start', 'pause', 'start', 'stop:scrobble']);
    });
  });

  it('with a whitelist, a session watched while no worker runs is still scrobbled: the bridge names its user', async () => {
    const taskQueue = `scrobble-${randomUUID()}`;
    const rig = await startRig({ db, taskQueue, watch: true, scrobble: { allowed_users: ['OWNER'] } });
    try {
      const { sim } = rig;
      await eventually(() => rig.bridge.watcher?.status().state === 'connected', 'the websocket to connect');
      const { movie, ratingKey } = pickMovie(sim);
      // The whole session happens while the worker is down: by the time anything is looked up, it is over.
      const delivered = rig.bridge.watcher?.status().eventsDelivered ?? 0;
      const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey });
      // Simulated time runs a thousand times faster than real time: let the first frame be handled while the
      // session is live, as a real one would be for minutes.
      await eventually(() => (rig.bridge.watcher?.status().eventsDelivered ?? 0) > delivered, 'the first event to be signalled');
      await play(sim, Math.round(movie.durationMs * 0.95), 60_000);
      sim.player.stop(sessionKey);
      await sim.player.flush();
      await eventually(() => rig.bridge.watcher?.status().pendingDeliveries === 0, 'the bridge to signal every event');
      expect(sim.player.sessions()).toEqual([]);
      await withWorker(
        rigActivities(rig, db),
        async (ctx) => {
          await eventually(() => verbsOf(sim, movie.key).includes('stop:scrobble'), 'the scrobbling stop');
          const status = await settled(ctx, rig);
          expect(status.sessions).toEqual([expect.objectContaining({ sessionKey, phase: 'bound', user: sim.library.owner.title })]);
        },
        { taskQueue },
      );
    } finally {
      await rig.close();
    }
  });
});
