import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim';
import { movieRatingKey } from '../../src/sim/catalog';

describe('the simulated player over HTTP (/__admin/player on the PMS)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny' });
  });
  afterAll(() => sim.close());

  const post = (path: string, body?: unknown) =>
    fetch(`${sim.urls.pms}/__admin/player${path}`, {
      method: 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  type Sessions = { MediaContainer: { Metadata?: { ratingKey: string; Player: { state: string } }[] } };
  const sessions = async () => {
    const response = await fetch(`${sim.urls.pms}/status/sessions`, {
      headers: { accept: 'application/json', 'x-plex-token': sim.tokens.plexOwner },
    });
    return ((await response.json()) as Sessions).MediaContainer.Metadata ?? [];
  };

  it('starts, pauses, seeks and stops a play that the PMS then reports, as a person would with curl', async () => {
    const ratingKey = movieRatingKey(sim.catalog.movies[0]!);
    const started = await post('/start', { ratingKey });
    expect(started.status).toBe(200);
    const { sessionKey } = (await started.json()) as { sessionKey: string };
    expect((await sessions()).map((s) => s.ratingKey)).toEqual([ratingKey]);

    expect((await post(`/${sessionKey}/pause`)).status).toBe(200);
    expect((await sessions())[0]?.Player.state).toBe('paused');
    expect((await post(`/${sessionKey}/seek`, { offsetMs: 60_000 })).status).toBe(200);
    expect((await post(`/${sessionKey}/stop`)).status).toBe(200);
    expect(await sessions()).toEqual([]);
  });

  it('bad input gets a 4xx with the reason and changes nothing', async () => {
    const missing = await post('/start', { ratingKey: 'no-such-item' });
    expect(missing.status).toBe(404);
    const invalid = await post('/start', { ratingKey: 1 });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { issues: string[] }).issues[0]).toMatch(/^ratingKey: /);
    expect((await post('/nope/pause')).status).toBe(404);
    expect(await sessions()).toEqual([]);
  });
});
