import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/store/db';
import { services } from '../support/services';
import { eventually, pickMovie, play, settled, verbsOf, withRig } from './harness';

describe('live scrobbling from a PMS on https with a self-signed certificate', () => {
  let db: Pool;
  beforeAll(() => {
    db = createPool(services().databaseUrl, 4);
  });
  afterAll(() => db.end());

  it('with plex.allow_self_signed_tls: watched over wss://, enriched over https://, scrobbled once', async () => {
    await withRig(db, { watch: true, pmsTls: { accept: true } }, async (rig, ctx) => {
      const { sim } = rig;
      expect(rig.config.plex.pms_url).toMatch(/^https:/);
      await eventually(() => rig.bridge.watcher?.status().state === 'connected', 'the wss:// websocket to connect');
      const { movie, ratingKey } = pickMovie(sim);
      const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey, viewOffsetMs: Math.round(movie.durationMs * 0.6) });
      await play(sim, 60_000);
      await eventually(() => verbsOf(sim, movie.key).length === 1, 'the start');
      await play(sim, Math.round(movie.durationMs * 0.35));
      sim.player.stop(sessionKey);
      await eventually(() => verbsOf(sim, movie.key).includes('stop:scrobble'), 'the scrobbling stop');
      const status = await settled(ctx, rig);
      expect(verbsOf(sim, movie.key)).toEqual(['start', 'stop:scrobble']);
      expect(status.sessions).toEqual([expect.objectContaining({ sessionKey, phase: 'bound', user: sim.library.owner.title })]);
    });
  });

  it('without it: the bridge does not connect, says the certificate is why, and signals nothing', async () => {
    await withRig(db, { watch: true, pmsTls: { accept: false } }, async (rig) => {
      const { sim } = rig;
      const error = await eventually(() => rig.bridge.watcher?.status().lastError, 'the first connection attempt to fail');
      expect(error).toMatch(/certificate/i);
      const { ratingKey } = pickMovie(sim);
      sim.player.start({ accountId: sim.library.owner.id, ratingKey });
      await play(sim, 60_000);
      expect(rig.bridge.watcher?.status()).toMatchObject({ connects: 0, framesReceived: 0, eventsDelivered: 0 });
      expect(verbsOf(sim)).toEqual([]);
    });
  });
});
