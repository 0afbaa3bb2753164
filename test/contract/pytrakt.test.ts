/**
 * Contract: PlexTraktSync's Trakt layer (its TraktApi on pytrakt, clients nobody here wrote) works against the
 * simulated Trakt pointed at it by base URL — token refresh, profile, liked lists, watched movies and shows,
 * collection, ratings, watchlist, id lookups, seasons, history/rating/watchlist writes, private and unknown users — and gets
 * what the simulator holds.
 *
 * Needs Python 3 and PyPI once: scripts/ensure-python-venv.sh installs the pinned plextraktsync (with pytrakt) into
 * a venv cached outside the repo. Without them every test here is skipped with the reason, never passed.
 * api.trakt.tv is reached through scripts/python/sitecustomize.py, which rewrites its host at the transport layer.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { plextraktsyncRequirement, pythonVenv } from '../../scripts/python/venv';
import { generateCatalog } from '../../src/sim/catalog';
import { type RunningTraktSim, startTraktSim } from '../../src/sim/trakt/harness';
import type { TokenResponse } from '../../src/sim/trakt/index';

const run = promisify(execFile);
const repo = join(__dirname, '..', '..');
const catalog = generateCatalog({ movies: 120, shows: 60, episodes: 600 }, 11);
const [watchedMovie, ratedMovie, listedMovie, searchedMovie] = catalog.movies.filter((m) => m.traktKnown && m.ids.imdb);
const unknownMovie = catalog.movies.find((m) => !m.traktKnown && m.ids.tmdb)!;
const show = catalog.shows.find((s) => s.orderDiffers && s.traktKnown)!;
const listedShow = catalog.shows.find((s) => s.traktKnown && s !== show)!;
const episode = show.seasons[0]!.episodes[0]!;

// biome-ignore lint/suspicious/noExplicitAny: the script's JSON is asserted field by field
type Json = Record<string, any>;

let trakt: RunningTraktSim;
let tokens: TokenResponse;
let dir: string;
let result: Json | undefined;
let unavailable: string | undefined;

beforeAll(async () => {
  trakt = await startTraktSim({ catalog });
  tokens = trakt.sim.control.createUser({ username: 'alice', vip: true }).tokens;
  trakt.sim.control.createUser({ username: 'Carol Private', private: true });
  const { control } = trakt.sim;
  control.seedHistory('alice', [
    { key: watchedMovie!.key, watchedAt: '2026-01-01T20:00:00.000Z' },
    { key: episode.key, watchedAt: '2026-01-02T20:00:00.000Z' },
  ]);
  control.seedRatings('alice', [
    { key: ratedMovie!.key, rating: 7 },
    { key: show.key, rating: 9 },
    { key: episode.key, rating: 5 },
  ]);
  control.seedWatchlist('alice', [{ key: listedMovie!.key }, { key: listedShow.key }]);
  const collected = await trakt.call('POST', '/sync/collection', {
    token: tokens.access_token,
    body: { movies: [{ ids: { trakt: ratedMovie!.ids.trakt } }], episodes: [{ ids: { trakt: episode.ids.trakt } }] },
  });
  if (collected.status !== 201) throw new Error(`seeding the collection answered ${collected.status}`);

  const found = await pythonVenv('plextraktsync', plextraktsyncRequirement);
  if ('reason' in found) {
    unavailable = `pytrakt contract skipped: ${found.reason}`;
    console.warn(unavailable);
    return;
  }
  dir = mkdtempSync(join(tmpdir(), 'watchsync-pytrakt-'));
  mkdirSync(join(dir, 'config'));
  writeFileSync(join(dir, 'config', '.env'), 'TRAKT_USERNAME=alice\n');
  writeFileSync(
    join(dir, 'config', '.pytrakt.json'),
    JSON.stringify({
      CLIENT_ID: trakt.sim.clientId,
      CLIENT_SECRET: trakt.sim.clientSecret,
      OAUTH_TOKEN: tokens.access_token,
      OAUTH_REFRESH: tokens.refresh_token,
      // Inside pytrakt's 10-minute margin: it refreshes before its first call.
      OAUTH_EXPIRES_AT: Math.floor(Date.now() / 1000) + 60,
    }),
  );
  const wanted = {
    watchedEpisode: { show: show.ids.trakt, season: episode.traktSeason, number: episode.traktNumber },
    movieImdb: searchedMovie!.ids.imdb,
    showTvdb: show.ids.tvdb,
    unknownMovieTmdb: unknownMovie.ids.tmdb,
    privateUser: 'carol-private',
  };
  const output = join(dir, 'result.json');
  await run(found.python, [join(__dirname, 'pytrakt_calls.py'), JSON.stringify(wanted), output], {
    timeout: 120_000,
    env: {
      ...process.env,
      PYTHONPATH: join(repo, 'scripts/python'),
      PTS_CONFIG_DIR: join(dir, 'config'),
      PTS_CACHE_DIR: join(dir, 'cache'),
      PTS_LOG_DIR: join(dir, 'log'),
      WATCHSYNC_HOST_REWRITES: JSON.stringify({ 'https://api.trakt.tv': trakt.url }),
    },
  });
  result = JSON.parse(readFileSync(output, 'utf8')) as Json;
}, 420_000);

afterAll(async () => {
  await trakt?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The script's output, or the test is skipped saying why. */
function pytrakt(ctx: TestContext): Json {
  if (!result) ctx.skip(unavailable ?? 'pytrakt did not run');
  return result as Json;
}

describe("PlexTraktSync's Trakt layer against the simulated Trakt", () => {
  it('refreshes an expiring token and stores the new pair, which the simulator accepts', (ctx) => {
    pytrakt(ctx);
    const stored = JSON.parse(readFileSync(join(dir, 'config', '.pytrakt.json'), 'utf8'));
    expect(stored.OAUTH_TOKEN).not.toBe(tokens.access_token);
    expect(stored.OAUTH_REFRESH).not.toBe(tokens.refresh_token);
    expect(trakt.sim.state.tokens.userOf(stored.OAUTH_TOKEN)).toBe('alice');
  });

  it('reads the profile of /users/me and no liked lists', (ctx) => {
    const out = pytrakt(ctx);
    expect(out.me).toEqual({ username: 'alice', private: false, vip: true, ids: { slug: 'alice', trakt: 1 } });
    expect(out.likedLists).toEqual([]);
  });

  it("reads watched movies and shows, episodes in Trakt's numbering", (ctx) => {
    const out = pytrakt(ctx);
    expect(out.watchedMovies).toEqual([watchedMovie!.ids.trakt]);
    expect(out.watchedShows).toEqual({ [show.ids.trakt]: { [episode.traktSeason]: [episode.traktNumber] } });
    expect(out.episodeCompleted).toBe(true);
  });

  it('reads the collection: movies, and episodes by show', (ctx) => {
    const out = pytrakt(ctx);
    expect(out.collectedMovies).toEqual([ratedMovie!.ids.trakt]);
    expect(out.episodeCollected).toBe(true);
  });

  it('reads ratings per type and the watchlist', (ctx) => {
    const out = pytrakt(ctx);
    expect(out.ratings).toEqual({
      movies: { [ratedMovie!.ids.trakt]: 7 },
      shows: { [show.ids.trakt]: 9 },
      episodes: { [episode.ids.trakt]: 5 },
    });
    expect(out.watchlist).toEqual({ movies: [listedMovie!.ids.trakt], shows: [listedShow.ids.trakt] });
  });

  it("finds titles by external id, nothing for a title Trakt lacks, and a show's seasons", (ctx) => {
    const out = pytrakt(ctx);
    expect(out.searchedMovie).toBe(searchedMovie!.ids.trakt);
    expect(out.searchedShow).toBe(show.ids.trakt);
    expect(out.missingMovie).toBeNull();
    expect(out.seasons).toEqual(
      Object.fromEntries(show.seasons.map((s) => [String(s.number), s.episodes.map((e) => e.traktNumber).sort((a, b) => a - b)])),
    );
  });

  it('writes a play, a rating and a watchlist entry the simulator then holds', (ctx) => {
    pytrakt(ctx);
    const truth = trakt.sim.control.truth('alice');
    expect(truth.history).toContainEqual(expect.objectContaining({ key: searchedMovie!.key, watched_at: '2026-01-05T20:00:00.000Z' }));
    expect(truth.ratings).toContainEqual(
      expect.objectContaining({ key: searchedMovie!.key, rating: 8, rated_at: '2026-01-06T20:00:00.000Z' }),
    );
    expect(truth.watchlist.map((w) => w.key)).toEqual([listedMovie!.key, listedShow.key, show.key]);
  });

  it('is refused a private profile (401) and told an unknown user is not found (404)', (ctx) => {
    const out = pytrakt(ctx);
    expect(out.privateUser).toBe('OAuthException');
    expect(out.unknownUser).toBe('NotFoundException');
  });
});
