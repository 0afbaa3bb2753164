import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { createPool, type Pool } from '../../src/store/db';
import { scrobbleWorkflowId } from '../../src/workflows/scrobble-api';
import { services } from '../support/services';
import { eventually, pickEpisode, pickMovie, play, settled, verbsOf, withRig } from './harness';

describe('live scrobbling from Plex webhooks (simulator, real Temporal and PostgreSQL)', () => {
  let db: Pool;
  beforeAll(() => {
    db = createPool(services().databaseUrl, 4);
  });
  afterAll(() => db.end());

  it('a movie and an episode: start, pause, start, one scrobbling stop each, in order', async () => {
    await withRig(db, { webhook: true }, async (rig, ctx) => {
      const { sim } = rig;
      const { movie, ratingKey: movieKey } = pickMovie(sim);
      const { episode, ratingKey: episodeKey } = pickEpisode(sim);
      for (const [item, ratingKey] of [
        [movie, movieKey],
        [episode, episodeKey],
      ] as const) {
        const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey, playerUuid: 'living-room' });
        await play(sim, Math.round(item.durationMs * 0.4), 60_000);
        sim.player.pause(sessionKey);
        await play(sim, 120_000);
        sim.player.resume(sessionKey);
        await play(sim, Math.round(item.durationMs * 0.55), 60_000);
        sim.player.stop(sessionKey);
        await eventually(() => verbsOf(sim, item.key).includes('stop:scrobble'), `the scrobbling stop of ${item.key}`);
        await settled(ctx, rig);
        expect(verbsOf(sim, item.key)).toEqual(['start', 'pause', 'start', 'stop:scrobble']);
      }
      expect(sim.player.webhookStats().failed).toBe(0);
      expect(
        sim.trakt.control
          .truth(sim.tokens.traktUsername)
          .history.map((h) => h.key)
          .sort(),
      ).toEqual([episode.key, movie.key].sort());
    });
  });

  it('ignores a user outside the whitelist and the events of another server', async () => {
    await withRig(db, { webhook: true, scrobble: { allowed_users: ['nobody-here'] } }, async (rig, ctx) => {
      const { sim } = rig;
      const { movie, ratingKey } = pickMovie(sim);
      const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey });
      await play(sim, movie.durationMs * 0.95, 120_000);
      sim.player.stop(sessionKey);
      const status = await settled(ctx, rig);
      expect(status.eventsReceived).toBeGreaterThan(0);
      expect(verbsOf(sim)).toEqual([]);
      expect(status.recent).toEqual([]);
      // A webhook names its user: events of a user outside the whitelist leave no trace at all.
      expect(status.sessions).toEqual([]);
    });
    await withRig(db, { webhook: true, scrobble: { server_uuid: 'another-server' } }, async (rig, ctx) => {
      const { sim } = rig;
      const { movie, ratingKey } = pickMovie(sim);
      const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey });
      await play(sim, movie.durationMs * 0.95, 120_000);
      sim.player.stop(sessionKey);
      await sim.player.flush();
      expect(sim.player.webhookStats()).toMatchObject({ failed: 0 });
      expect(verbsOf(sim)).toEqual([]);
      await expect(ctx.client.workflow.getHandle(scrobbleWorkflowId(sim.library.machineIdentifier)).describe()).rejects.toThrow(
        /not found/i,
      );
    });
  });

  it('a whitelist edited in the config applies to the running workflow once the bridge restarts', async () => {
    await withRig(db, { webhook: true, scrobble: { allowed_users: ['nobody-here'] } }, async (rig, ctx) => {
      const { sim } = rig;
      const watch = async (index: number) => {
        const { movie, ratingKey } = pickMovie(sim, index);
        const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey });
        await play(sim, movie.durationMs * 0.95, 120_000);
        sim.player.stop(sessionKey);
        return movie.key;
      };
      const ignored = await watch(0);
      const before = await settled(ctx, rig);
      expect(verbsOf(sim, ignored)).toEqual([]);

      await rig.bridge.close();
      await rig.restartBridge(
        parseConfig({ ...rig.config, scrobble: { ...rig.config.scrobble, allowed_users: [sim.library.owner.title] } }),
      );
      const scrobbled = await watch(1);
      await eventually(() => verbsOf(sim, scrobbled).includes('stop:scrobble'), 'the scrobbling stop');
      const after = await settled(ctx, rig);
      expect(after.run, 'the same workflow run, not a new one').toBe(before.run);
      expect(verbsOf(sim, scrobbled)).toEqual(['start', 'stop:scrobble']);
      expect(verbsOf(sim, ignored)).toEqual([]);
    });
  });

  it('answers 401 without the secret, 202 "ignored" for a rating, and never leaks the secret', async () => {
    await withRig(db, { webhook: true }, async (rig) => {
      const url = new URL(rig.webhookUrl);
      const bare = `${url.origin}${url.pathname}`;
      const body = JSON.stringify({
        event: 'media.rate',
        rating: 8,
        user: true,
        owner: true,
        Account: { id: 1, title: 'x' },
        Server: { title: 's', uuid: 'u' },
      });
      const post = (target: string, headers: Record<string, string> = {}) =>
        request(target, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
      const noSecret = await post(bare);
      expect(noSecret.statusCode).toBe(401);
      await noSecret.body.dump();
      const wrong = await post(`${bare}?token=wrong`);
      expect(wrong.statusCode).toBe(401);
      await wrong.body.dump();
      const viaHeader = await post(bare, { 'x-webhook-secret': rig.secret });
      expect(viaHeader.statusCode).toBe(202);
      expect(await viaHeader.body.json()).toEqual({ status: 'ignored', reason: 'media.rate is not a playback event' });
      const logs = await request(`${rig.bridge.url}/ops/logs`);
      expect(await logs.body.text()).not.toContain(rig.secret);
    });
  });
});
