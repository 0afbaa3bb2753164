import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPmsReader } from '../../src/bridge/pms';
import type { ScrobbleSignaller } from '../../src/bridge/signaller';
import { PmsWatcher } from '../../src/bridge/watcher';
import { parseConfig } from '../../src/config';
import type { PlayEvent } from '../../src/domain/scrobble';
import { createLogger } from '../../src/log';
import { type Simulator, startSimulator } from '../../src/sim';
import { movieRatingKey } from '../../src/sim/catalog';
import { simulatorSections } from '../../src/sim/config';

/**
 * What the watcher does while Temporal cannot take signals (a server restart, an upgrade): the frames PMS sends
 * meanwhile are never sent again, so they wait, in order, until a signal goes through.
 */
describe('the websocket watcher while Temporal is unreachable', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 23 });
  });
  afterAll(() => sim.close());

  /** A signaller whose calls fail while `down` (as the Temporal client does when the server is away). */
  function flakySignaller() {
    const delivered: PlayEvent[] = [];
    const state = { down: false, refused: 0 };
    const attempt = (events: PlayEvent[]) => {
      if (state.down) {
        state.refused += 1;
        return Promise.reject(new Error('14 UNAVAILABLE: connection refused'));
      }
      delivered.push(...events);
      return Promise.resolve();
    };
    const signaller: ScrobbleSignaller = {
      deliver: (event) => attempt([event]),
      deliverBatch: (_server, events) => attempt(events.filter((e): e is PlayEvent => e.kind === 'play')),
      deliverSnapshot: () => attempt([]),
      nameServer: () => {},
    };
    return { signaller, delivered, state };
  }

  async function withWatcher(fn: (watcher: PmsWatcher, flaky: ReturnType<typeof flakySignaller>) => Promise<void>) {
    const config = parseConfig(simulatorSections(sim, 'unused'));
    const pms = { url: sim.urls.pms, token: sim.tokens.plexOwner };
    const flaky = flakySignaller();
    const watcher = new PmsWatcher({
      pms,
      reader: createPmsReader(config, pms),
      signaller: flaky.signaller,
      serverName: 'sim',
      log: createLogger({ level: 'silent' }),
      backoff: { minMs: 100, maxMs: 500 },
      maxFrameBytes: 1024 * 1024,
      clock: () => sim.player.now(),
    });
    watcher.start();
    try {
      await until(() => watcher.status().state === 'connected');
      await fn(watcher, flaky);
    } finally {
      await watcher.stop();
    }
  }

  const until = async (check: () => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('keeps every event of a session, in order, through eight seconds without Temporal, and drops none', async () => {
    await withWatcher(async (watcher, flaky) => {
      const ratingKey = movieRatingKey(sim.catalog.movies[0]!);
      flaky.state.down = true;
      const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey });
      for (let i = 0; i < 5; i++) {
        sim.player.advance(10_000);
        await sim.player.flush();
      }
      sim.player.pause(sessionKey);
      await sim.player.flush();
      sim.player.stop(sessionKey);
      await sim.player.flush();
      await until(() => watcher.status().framesReceived >= 7);
      // Longer than the old five attempts (about four seconds) took to give up.
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      expect(flaky.state.refused).toBeGreaterThan(4);
      expect(watcher.status()).toMatchObject({ eventsDropped: 0, lastError: expect.stringContaining('UNAVAILABLE') });
      expect(watcher.status().pendingDeliveries).toBeGreaterThan(0);

      flaky.state.down = false;
      await until(() => watcher.status().pendingDeliveries === 0, 15_000);
      const states = flaky.delivered.filter((e) => e.sessionKey === sessionKey).map((e) => e.state);
      expect(states[0]).toBe('playing');
      expect(states.slice(-2)).toEqual(['paused', 'stopped']);
      expect(watcher.status().eventsDropped).toBe(0);
    });
  });
});
