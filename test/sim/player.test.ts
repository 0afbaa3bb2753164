import { readFileSync } from 'node:fs';
import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { WebSocket } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Catalog, episodeRatingKey, generateCatalog, movieRatingKey } from '../../src/sim/catalog';
import type { PlayableItem, PlexAccount, PmsLibraryState } from '../../src/sim/plex/contracts';
import { createPlayer, describeFromCatalog, type Player, registerNotifications } from '../../src/sim/plex/player';
import { fixturesDir } from '../support/fixtures';

const fixtures = fixturesDir;
const ownerToken = 'owner-token';
const memberToken = 'member-token';

/** A tiny in-test PMS library over a catalog: what the player reads and the calls it makes. */
function memoryLibrary(catalog: Catalog) {
  const accounts: PlexAccount[] = [
    { id: 1, uuid: 'a1b2c3d4e5f60718', username: 'owner', title: 'Owner', token: ownerToken, managed: false },
    { id: 42, uuid: 'f0e1d2c3b4a59687', username: 'kid', title: 'Kid', token: memberToken, managed: true },
  ];
  const items = new Map<string, PlayableItem>();
  for (const movie of catalog.movies) {
    const ratingKey = movieRatingKey(movie);
    items.set(ratingKey, { ratingKey, type: 'movie', title: movie.title, durationMs: movie.durationMs, librarySectionID: 1 });
  }
  catalog.episodes.forEach((episode, i) => {
    const ratingKey = episodeRatingKey(episode);
    const next = catalog.episodes[i + 1];
    const nextRatingKey = next && next.showKey === episode.showKey ? episodeRatingKey(next) : undefined;
    items.set(ratingKey, {
      ratingKey,
      type: 'episode',
      title: episode.title,
      durationMs: episode.durationMs,
      librarySectionID: 2,
      nextRatingKey,
    });
  });
  const played: { accountId: number; ratingKey: string; viewedAtEpochS: number }[] = [];
  const offsets = new Map<string, number>();
  const library: PmsLibraryState = {
    machineIdentifier: 'f1e2d3c4b5a6978800112233445566778899aabb',
    accounts,
    accountByToken: (token) => accounts.find((a) => a.token === token),
    playable: (ratingKey) => items.get(ratingKey),
    markPlayed: (accountId, ratingKey, viewedAtEpochS) => played.push({ accountId, ratingKey, viewedAtEpochS }),
    setViewOffset: (accountId, ratingKey, viewOffsetMs) => offsets.set(`${accountId}:${ratingKey}`, viewOffsetMs),
  };
  return { library, played, offsets, items };
}

type Frame = { NotificationContainer: Record<string, unknown> & { type: string; size: number } };
type PlayingItem = { sessionKey: string; ratingKey: string; viewOffset: number; state: string };

function playingItems(frames: Frame[]): PlayingItem[] {
  return frames
    .filter((f) => f.NotificationContainer.type === 'playing')
    .flatMap((f) => f.NotificationContainer.PlaySessionStateNotification as PlayingItem[]);
}

/** What the test observes of a frame: session, item, offset, state. */
function brief(items: PlayingItem[]): string[] {
  return items.map((n) => `${n.sessionKey} ${n.ratingKey} ${n.viewOffset} ${n.state}`);
}

interface Listener {
  socket: WebSocket;
  frames: Frame[];
  closed: Promise<number>;
}

async function listen(baseUrl: string, token: string, query = ''): Promise<Listener> {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/:/websockets/notifications?X-Plex-Token=${token}${query}`);
  const frames: Frame[] = [];
  socket.addEventListener('message', (event) => frames.push(JSON.parse(String(event.data)) as Frame));
  const closed = new Promise<number>((resolve) => socket.addEventListener('close', (event) => resolve(event.code)));
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error('websocket refused')));
  });
  return { socket, frames, closed };
}

describe('simulated Plex player — websocket notifications', () => {
  const catalog = generateCatalog({ movies: 3, shows: 1, episodes: 3 }, 7);
  const movie = catalog.movies[0]!;
  const [episode1, episode2] = catalog.episodes;
  const movieKey = movieRatingKey(movie);
  let pms: FastifyInstance;
  let baseUrl: string;
  let player: Player;
  let lib: ReturnType<typeof memoryLibrary>;
  const listeners: Listener[] = [];

  beforeEach(async () => {
    lib = memoryLibrary(catalog);
    player = createPlayer({ library: lib.library, clock: () => Date.UTC(2026, 0, 1) });
    pms = Fastify();
    await registerNotifications(pms, player, { authorize: (token) => lib.library.accountByToken(token) !== undefined });
    baseUrl = await pms.listen({ port: 0, host: '127.0.0.1' });
  });

  afterEach(async () => {
    for (const l of listeners.splice(0)) l.socket.close();
    await pms.close();
  });

  async function connect(token = ownerToken, query = ''): Promise<Listener> {
    const listener = await listen(baseUrl, token, query);
    listeners.push(listener);
    return listener;
  }

  async function settle(listener: Listener, count: number): Promise<void> {
    await player.flush();
    await vi.waitFor(() => expect(listener.frames.length).toBeGreaterThanOrEqual(count));
  }

  it('scripts a movie: start, progress every ~10 s, pause, resume, stop, in the real envelope', async () => {
    const ws = await connect();
    const key = player.start({ accountId: 1, ratingKey: movieKey, playerUuid: 'web-1' });
    player.advance(25_000);
    player.pause(key);
    player.advance(60_000); // paused: no progress, no frames
    player.resume(key);
    player.advance(5_000);
    player.stop(key);
    await settle(ws, 6);

    expect(brief(playingItems(ws.frames))).toEqual([
      `${key} ${movieKey} 0 playing`,
      `${key} ${movieKey} 10000 playing`,
      `${key} ${movieKey} 20000 playing`,
      `${key} ${movieKey} 25000 paused`,
      `${key} ${movieKey} 25000 playing`,
      `${key} ${movieKey} 30000 stopped`,
    ]);
    // Envelope and field order as captured (playing_states.converted.jsonl), plus clientIdentifier.
    const first = ws.frames[0]!;
    expect(Object.keys(first)).toEqual(['NotificationContainer']);
    expect(first.NotificationContainer).toEqual({
      type: 'playing',
      size: 1,
      PlaySessionStateNotification: [
        {
          sessionKey: key,
          clientIdentifier: 'web-1',
          guid: '',
          ratingKey: movieKey,
          url: '',
          key: `/library/metadata/${movieKey}`,
          viewOffset: 0,
          playQueueItemID: expect.any(Number),
          state: 'playing',
        },
      ],
    });
    const captured = JSON.parse(readFileSync(`${fixtures}/websocket/playing_states.converted.jsonl`, 'utf8').split('\n')[0]!) as Frame;
    const capturedKeys = Object.keys((captured.NotificationContainer.PlaySessionStateNotification as object[])[0]!).filter(
      (k) => k !== 'transcodeSession',
    );
    const ourKeys = Object.keys((first.NotificationContainer.PlaySessionStateNotification as object[])[0]!).filter(
      (k) => k !== 'clientIdentifier',
    );
    expect(ourKeys).toEqual(capturedKeys);
    expect(typeof playingItems(ws.frames)[0]!.sessionKey).toBe('string');
    expect(player.sessions()).toEqual([]);
    expect(lib.offsets.get(`1:${movieKey}`)).toBe(30_000);
  });

  it('crosses 90 % on an episode: marks played once, sends a timeline frame, and ends the session at the end', async () => {
    const ws = await connect();
    const key = player.start({ accountId: 42, ratingKey: episodeRatingKey(episode1!), viewOffsetMs: episode1!.durationMs - 65_000 });
    player.buffer(key);
    player.resume(key);
    player.advance(70_000);
    await settle(ws, 1);
    await vi.waitFor(() => expect(playingItems(ws.frames).at(-1)?.state).toBe('stopped'));

    const start = episode1!.durationMs - 65_000;
    const epKey = episodeRatingKey(episode1!);
    expect(brief(playingItems(ws.frames))).toEqual([
      `${key} ${epKey} ${start} playing`,
      `${key} ${epKey} ${start} buffering`,
      `${key} ${epKey} ${start} playing`,
      `${key} ${epKey} ${start + 10_000} playing`,
      `${key} ${epKey} ${start + 20_000} playing`,
      `${key} ${epKey} ${start + 30_000} playing`,
      `${key} ${epKey} ${start + 40_000} playing`,
      `${key} ${epKey} ${start + 50_000} playing`,
      `${key} ${epKey} ${start + 60_000} playing`,
      `${key} ${epKey} ${episode1!.durationMs} stopped`,
    ]);
    // Resuming at durationMs - 65 s is already past 90 % for a 20+ minute episode: played right at start.
    expect(lib.played).toEqual([{ accountId: 42, ratingKey: epKey, viewedAtEpochS: Date.UTC(2026, 0, 1) / 1000 }]);
    const timeline = ws.frames.find((f) => f.NotificationContainer.type === 'timeline')!;
    expect(timeline.NotificationContainer).toEqual({
      type: 'timeline',
      size: 1,
      TimelineEntry: [
        {
          identifier: 'com.plexapp.plugins.library',
          sectionID: 2,
          itemID: Number(epKey),
          type: 4,
          title: episode1!.title,
          state: 5,
          updatedAt: Date.UTC(2026, 0, 1) / 1000,
        },
      ],
    });
    expect(lib.offsets.get(`42:${epKey}`)).toBe(0);
  });

  it('marks played when simulated play crosses 90 %, at the simulated time', async () => {
    const key = player.start({ accountId: 1, ratingKey: movieKey });
    const threshold = Math.ceil(movie.durationMs * 0.9);
    player.advance(threshold - 1);
    expect(lib.played).toEqual([]);
    player.advance(1);
    expect(lib.played).toEqual([
      { accountId: 1, ratingKey: movieKey, viewedAtEpochS: Math.floor((Date.UTC(2026, 0, 1) + threshold) / 1000) },
    ]);
    player.advance(1000);
    expect(lib.played).toHaveLength(1);
    expect(player.sessions()[0]).toMatchObject({ sessionKey: key, state: 'playing', viewOffsetMs: threshold + 1000, accountId: 1 });
  });

  it('autoplays the next episode in the same session, without a stopped frame', async () => {
    const ws = await connect();
    const ep1 = episodeRatingKey(episode1!);
    const ep2 = episodeRatingKey(episode2!);
    const key = player.start({ accountId: 1, ratingKey: ep1 });
    player.seek(key, episode1!.durationMs - 1_000);
    expect(player.autoplayNext(key)).toBe(ep2);
    player.advance(10_000);
    await settle(ws, 5);
    const items = playingItems(ws.frames);
    expect(brief(items)).toEqual([
      `${key} ${ep1} 0 playing`,
      `${key} ${ep1} ${episode1!.durationMs - 1_000} playing`,
      `${key} ${ep2} 0 playing`,
      `${key} ${ep2} 10000 playing`,
    ]);
    expect(items[2]!.ratingKey).not.toBe(items[1]!.ratingKey);
    expect(
      (ws.frames.at(-1)!.NotificationContainer.PlaySessionStateNotification as { playQueueItemID: number }[])[0]!.playQueueItemID,
    ).toBeGreaterThan(
      (ws.frames[0]!.NotificationContainer.PlaySessionStateNotification as { playQueueItemID: number }[])[0]!.playQueueItemID,
    );
    expect(player.sessions()).toEqual([expect.objectContaining({ sessionKey: key, ratingKey: ep2 })]);
    expect(lib.played.map((p) => p.ratingKey)).toEqual([ep1]);
  });

  it('runs several users and sessions at once, frames interleaved in time order', async () => {
    const ws = await connect();
    const a = player.start({ accountId: 1, ratingKey: movieKey, playerUuid: 'tv' });
    player.advance(5_000);
    const b = player.start({ accountId: 42, ratingKey: movieRatingKey(catalog.movies[1]!), playerUuid: 'phone' });
    player.advance(10_000);
    await settle(ws, 4);
    expect(playingItems(ws.frames).map((n) => `${n.sessionKey}@${n.viewOffset}`)).toEqual([`${a}@0`, `${b}@0`, `${a}@10000`, `${b}@10000`]);
    expect(player.sessions().map((s) => [s.sessionKey, s.accountId, s.playerUuid])).toEqual([
      [a, 1, 'tv'],
      [b, 42, 'phone'],
    ]);
    expect(a).not.toBe(b);
    // A player starting something else ends its previous session first.
    const c = player.start({ accountId: 1, ratingKey: movieRatingKey(catalog.movies[2]!), playerUuid: 'tv' });
    expect(player.sessions().map((s) => s.sessionKey)).toEqual([b, c]);
  });

  it('rejects a bad token with 401 before the upgrade, and honours frame filters', async () => {
    await expect(listen(baseUrl, 'nope')).rejects.toThrow('websocket refused');
    const onlyTimeline = await connect(ownerToken, '&filters=timeline');
    const all = await connect(memberToken);
    player.start({ accountId: 1, ratingKey: movieKey });
    player.publishTimeline([
      {
        identifier: 'com.plexapp.plugins.library',
        sectionID: 1,
        itemID: 1,
        type: 1,
        title: '',
        state: 9,
        metadataState: 'deleted',
        updatedAt: 1,
      },
    ]);
    await settle(all, 2);
    await vi.waitFor(() => expect(onlyTimeline.frames).toHaveLength(1));
    expect(onlyTimeline.frames[0]!.NotificationContainer.type).toBe('timeline');
  });

  it('publishes library activities as started, updated, ended with one uuid', async () => {
    const ws = await connect();
    player.publishActivity({ type: 'library.refresh.items', title: 'Refreshing', contextKey: '/library/metadata/513' });
    await settle(ws, 3);
    const activities = ws.frames.map(
      (f) => (f.NotificationContainer.ActivityNotification as { event: string; uuid: string; Activity: { progress: number } }[])[0]!,
    );
    expect(activities.map((a) => `${a.event} ${a.Activity.progress}`)).toEqual(['started 0', 'updated 50', 'ended 100']);
    expect(new Set(activities.map((a) => a.uuid)).size).toBe(1);
    const captured = JSON.parse(readFileSync(`${fixtures}/websocket/activity_library_refresh_ended.json`, 'utf8')) as {
      ActivityNotification: { Activity: object }[];
    };
    expect(Object.keys(activities[2]!.Activity)).toEqual(Object.keys(captured.ActivityNotification[0]!.Activity));
  });

  it('drops every socket, refuses reconnects for a while, then accepts them again', async () => {
    const ws = await connect();
    expect(player.notifications.connectionCount()).toBe(1);
    player.refuseConnections(300);
    player.dropConnections();
    expect(await ws.closed).toBe(1006);
    await expect(listen(baseUrl, ownerToken)).rejects.toThrow('websocket refused');
    await new Promise((r) => setTimeout(r, 350));
    const again = await connect();
    player.start({ accountId: 1, ratingKey: movieKey });
    await settle(again, 1);
    expect(again.frames).toHaveLength(1);
    expect(player.notifications.stats.connectionsRefused).toBe(1);
  });

  it('holds frames while delivery is paused and sends them in order on resume', async () => {
    const ws = await connect();
    player.pauseDelivery();
    const key = player.start({ accountId: 1, ratingKey: movieKey });
    player.pause(key);
    await player.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(ws.frames).toEqual([]);
    player.resumeDelivery();
    await settle(ws, 2);
    expect(playingItems(ws.frames).map((n) => n.state)).toEqual(['playing', 'paused']);
  });

  it('refuses to script unknown sessions, accounts and items', () => {
    expect(() => player.pause('999')).toThrow('unknown session');
    expect(() => player.start({ accountId: 7, ratingKey: movieKey })).toThrow('unknown account');
    expect(() => player.start({ accountId: 1, ratingKey: '424242' })).toThrow('not playable');
    const key = player.start({ accountId: 1, ratingKey: movieKey });
    expect(() => player.autoplayNext(key)).toThrow('no next episode');
  });

  it('plays in real time at a speed factor', async () => {
    const key = player.start({ accountId: 1, ratingKey: movieKey });
    player.startRealtime(100);
    await new Promise((r) => setTimeout(r, 500));
    player.stopRealtime();
    const offset = player.sessions().find((s) => s.sessionKey === key)!.viewOffsetMs;
    expect(offset).toBeGreaterThanOrEqual(20_000);
    expect(offset).toBeLessThan(100_000);
  });
});

interface ReceivedPart {
  name: string;
  type: 'field' | 'file';
  mimetype: string;
  filename?: string;
  /** @fastify/multipart already JSON-parses a field sent with Content-Type application/json. */
  value: unknown;
}
interface ReceivedHook {
  userAgent: string | undefined;
  contentType: string | undefined;
  parts: ReceivedPart[];
}

/** A webhook receiver as Plex's own examples build one (multipart, `payload` field + `thumb` file). */
async function webhookReceiver(status = 200) {
  const received: ReceivedHook[] = [];
  const app = Fastify();
  await app.register(fastifyMultipart);
  app.post('/hook', async (req, reply) => {
    const parts: ReceivedPart[] = [];
    for await (const part of req.parts()) {
      if (part.type === 'file')
        parts.push({ name: part.fieldname, type: 'file', mimetype: part.mimetype, filename: part.filename, value: await part.toBuffer() });
      else parts.push({ name: part.fieldname, type: 'field', mimetype: part.mimetype, value: part.value });
    }
    received.push({ userAgent: req.headers['user-agent'], contentType: req.headers['content-type'], parts });
    return reply.code(status).send();
  });
  const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/hook`;
  const payloads = () => received.map((hook) => hook.parts.find((p) => p.name === 'payload')!.value as Record<string, unknown>);
  return { app, url, received, payloads };
}

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${fixtures}/webhook/${name}`, 'utf8')) as Record<string, unknown>;
}

describe('simulated Plex player — webhooks', () => {
  // Seed 3 gives a modern-agent first movie; the show is looked up for its guid style below.
  const catalog = generateCatalog({ movies: 4, shows: 1, episodes: 2 }, 3);
  const movie = catalog.movies.find((m) => m.guidStyle === 'modern')!;
  const movieKey = movieRatingKey(movie);
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
  let lib: ReturnType<typeof memoryLibrary>;

  beforeEach(async () => {
    receiver = await webhookReceiver();
    lib = memoryLibrary(catalog);
  });
  afterEach(async () => {
    await receiver.app.close();
  });

  function playerFor(urls: string[]): Player {
    return createPlayer({
      library: lib.library,
      webhookUrls: urls,
      describe: describeFromCatalog(catalog),
      server: { title: 'Office', version: '1.41.3.9314-a0bfb8370' },
    });
  }

  it('posts play, pause, resume, scrobble and stop as multipart with a JSON payload field and a JPEG thumb', async () => {
    const player = playerFor([receiver.url]);
    const key = player.start({ accountId: 1, ratingKey: movieKey, playerUuid: 'web-1', playerTitle: 'Chrome' });
    player.advance(60_000);
    player.pause(key);
    player.resume(key);
    player.advance(movie.durationMs); // plays to the end: scrobble at 90 %, then stop
    await player.flush();

    expect(receiver.payloads().map((p) => p.event)).toEqual(['media.play', 'media.pause', 'media.resume', 'media.scrobble', 'media.stop']);
    expect(player.webhookStats()).toEqual({ delivered: 5, failed: 0 });
    for (const hook of receiver.received) {
      expect(hook.userAgent).toBe('PlexMediaServer/1.41.3.9314-a0bfb8370');
      expect(hook.contentType).toMatch(/^multipart\/form-data; boundary=/);
      const payload = hook.parts[0]!;
      expect(payload).toMatchObject({ name: 'payload', type: 'field', mimetype: 'application/json' });
    }
    const [play, pause, resume] = receiver.received;
    expect(play!.parts.map((p) => `${p.name}:${p.type}:${p.mimetype}`)).toEqual([
      'payload:field:application/json',
      'thumb:file:image/jpeg',
    ]);
    const thumb = play!.parts[1]!.value as Buffer;
    expect(thumb.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(thumb.subarray(-2).toString('hex')).toBe('ffd9');
    expect(pause!.parts).toHaveLength(1);
    expect(resume!.parts).toHaveLength(1);

    const payloads = receiver.payloads();
    const real = fixture('media_scrobble_movie.json');
    expect(Object.keys(payloads[3]!)).toEqual(Object.keys(real));
    expect(payloads[0]).toMatchObject({
      event: 'media.play',
      user: true,
      owner: true,
      Account: { id: 1, title: 'Owner' },
      Server: { title: 'Office', uuid: lib.library.machineIdentifier },
      Player: { local: true, publicAddress: expect.any(String), title: 'Chrome', uuid: 'web-1' },
      Metadata: {
        librarySectionType: 'movie',
        ratingKey: movieKey,
        key: `/library/metadata/${movieKey}`,
        guid: `plex://movie/${movie.plexId}`,
        Guid: [{ id: `imdb://${movie.ids.imdb}` }, { id: `tmdb://${movie.ids.tmdb}` }],
        type: 'movie',
        title: movie.title,
        year: movie.year,
        duration: movie.durationMs,
        librarySectionID: 1,
      },
    });
    expect(Object.keys(payloads[0]!.Account as object)).toEqual(Object.keys(real.Account as object));
    expect(Object.keys(payloads[0]!.Player as object)).toEqual(Object.keys(real.Player as object));
    expect((payloads[1]!.Metadata as { viewOffset: number }).viewOffset).toBe(60_000);
    expect((payloads[2]!.Metadata as { viewOffset: number }).viewOffset).toBe(60_000);
    expect(payloads[0]!.Metadata).not.toHaveProperty('viewOffset');
  });

  it('describes episodes like PMS (show title, season and episode index, guids) for a managed user', async () => {
    const player = playerFor([receiver.url]);
    const show = catalog.shows[0]!;
    const episode = catalog.episodes[0]!;
    const key = player.start({ accountId: 42, ratingKey: episodeRatingKey(episode) });
    player.pause(key);
    await player.flush();
    const pause = receiver.payloads()[1]!;
    const real = fixture('media_pause_episode_legacy_agent.json');
    expect(Object.keys(pause)).toEqual(Object.keys(real));
    expect(pause).toMatchObject({ event: 'media.pause', user: false, owner: true, Account: { id: 42, title: 'Kid' } });
    expect(pause.Metadata).toMatchObject({
      librarySectionType: 'show',
      type: 'episode',
      title: episode.title,
      grandparentTitle: show.title,
      parentTitle: `Season ${episode.season}`,
      parentIndex: episode.season,
      index: episode.number,
      viewOffset: 0,
      duration: episode.durationMs,
    });
    const metadata = pause.Metadata as { guid: string; Guid?: unknown };
    if (show.guidStyle === 'modern') expect(metadata.guid).toBe(`plex://episode/${episode.plexId}`);
    if (show.guidStyle === 'legacy-tvdb') {
      expect(metadata.guid).toBe(`com.plexapp.agents.thetvdb://${show.ids.tvdb}/${episode.season}/${episode.number}?lang=en`);
      expect(metadata.Guid).toBeUndefined();
    }
  });

  it('posts media.rate with the rating first, and legacy agents without Guid[]', async () => {
    const player = playerFor([receiver.url]);
    const legacy = catalog.movies.find((m) => m.guidStyle !== 'modern' && m.guidStyle !== 'plex-only');
    const rated = legacy ?? movie;
    player.rate({ accountId: 1, ratingKey: movieRatingKey(rated), rating: 8 });
    await player.flush();
    const [hook] = receiver.received;
    expect(hook!.parts.map((p) => p.name)).toEqual(['payload', 'thumb']);
    const payload = receiver.payloads()[0]!;
    expect(Object.keys(payload)).toEqual(Object.keys(fixture('media_rate_movie.json')));
    expect(payload).toMatchObject({ rating: 8, event: 'media.rate' });
    if (legacy) expect(payload.Metadata).not.toHaveProperty('Guid');
  });

  it('counts failed deliveries without disturbing playback, and delivers to every URL in order', async () => {
    const failing = await webhookReceiver(500);
    try {
      const player = playerFor([failing.url, 'http://127.0.0.1:1/unreachable', receiver.url]);
      const key = player.start({ accountId: 1, ratingKey: movieKey });
      player.pause(key);
      player.stop(key);
      await player.flush();
      expect(player.webhookStats()).toMatchObject({ delivered: 3, failed: 6 });
      expect(receiver.payloads().map((p) => p.event)).toEqual(['media.play', 'media.pause', 'media.stop']);
      expect(failing.payloads().map((p) => p.event)).toEqual(['media.play', 'media.pause', 'media.stop']);
    } finally {
      await failing.app.close();
    }
  });
});
