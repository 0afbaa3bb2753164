/**
 * Contract: python-plexapi, a client nobody here wrote, works against the simulator pointed at it by base URL —
 * server root, sections, filtered searches (grouped, type-prefixed, `userRating>>=-1` for rated items only),
 * history, the plex.tv account and resources, and the Discover watchlist — and gets what the simulator holds.
 *
 * Needs Python 3 and PyPI once: scripts/ensure-python-venv.sh installs the pinned plexapi into a venv cached
 * outside the repo. Without them every test here is skipped with the reason, never passed.
 * plex.tv and Discover are reached through scripts/python/sitecustomize.py, which rewrites their hosts at the
 * transport layer only.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { pythonVenv } from '../../scripts/python/venv';
import { type Simulator, startSimulator } from '../../src/sim';
import type { LibraryItem } from '../../src/sim/plex/library';
import { pmsVersion } from '../../src/sim/plex/pms/routes/server';

const run = promisify(execFile);
const repo = join(__dirname, '..', '..');
/** The plexapi release PlexTraktSync 0.35 runs on. */
const plexapiRequirement = 'plexapi==4.18.3';

// biome-ignore lint/suspicious/noExplicitAny: the script's JSON is asserted field by field
type Json = Record<string, any>;

let sim: Simulator;
let result: Json | undefined;
let unavailable: string | undefined;
let movieSectionItems: readonly LibraryItem[];
let show: LibraryItem;
const ratedEpisodeKeys: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ size: 'tiny' });
  const { library } = sim;
  const owner = library.owner;
  const movieSection = library.sections.find((s) => s.type === 'movie');
  const showSection = library.sections.find((s) => s.type === 'show');
  if (!movieSection || !showSection) throw new Error('the tiny simulator has a movie and a show section');
  movieSectionItems = library.itemsOfType(movieSection.id, 'movie');
  show = library.itemsOfType(showSection.id, 'show')[0] as LibraryItem;
  // Rated episodes for the type-prefixed search to find (seeded ratings may all be movies).
  for (const episode of library.leaves(show).slice(0, 2)) {
    library.rate(owner.id, episode.ratingKey, 8, Math.floor(Date.now() / 1000));
    ratedEpisodeKeys.push(episode.ratingKey);
  }

  const found = await pythonVenv('plexapi', plexapiRequirement);
  if ('reason' in found) {
    unavailable = `python-plexapi contract skipped: ${found.reason}`;
    console.warn(unavailable);
    return;
  }
  const wanted = {
    titles: [movieSectionItems[1]?.title, movieSectionItems[4]?.title],
    showTitle: show.title,
    showRatingKey: show.ratingKey,
  };
  const { stdout } = await run(found.python, [join(__dirname, 'plexapi_calls.py'), JSON.stringify(wanted)], {
    timeout: 120_000,
    env: {
      ...process.env,
      PYTHONPATH: join(repo, 'scripts/python'),
      PMS_URL: sim.urls.pms,
      PLEX_TOKEN: owner.token,
      WATCHSYNC_HOST_REWRITES: JSON.stringify({
        'https://plex.tv': sim.urls.plextv,
        'https://discover.provider.plex.tv': sim.urls.discover,
        'https://metadata.provider.plex.tv': sim.urls.metadata,
      }),
    },
  });
  result = JSON.parse(stdout) as Json;
}, 420_000);

afterAll(async () => {
  await sim?.close();
});

/** The script's output, or the test is skipped saying why. */
function plexapi(ctx: TestContext): Json {
  if (!result) ctx.skip(unavailable ?? 'python-plexapi did not run');
  return result as Json;
}

const owned = () => sim.library.owner;
const stateOf = (item: LibraryItem) => sim.library.peekState(owned().id, item.ratingKey);
const byKey = (a: { ratingKey: string }, b: { ratingKey: string }) => Number(a.ratingKey) - Number(b.ratingKey);

describe('python-plexapi against the simulated PMS', () => {
  it('reads the server root and the library sections', (ctx) => {
    const out = plexapi(ctx);
    expect(out.server).toEqual({
      machineIdentifier: sim.library.machineIdentifier,
      version: pmsVersion,
      friendlyName: 'watchsync-sim',
      myPlexUsername: owned().username,
    });
    expect(out.sections).toEqual(
      sim.library.sections.map((s) => ({
        key: String(s.id),
        title: s.title,
        type: s.type,
        class: s.type === 'movie' ? 'MovieSection' : 'ShowSection',
      })),
    );
    expect(sim.pms.faults.count('GET /')).toBeGreaterThan(0);
    expect(sim.pms.faults.count('GET /library')).toBeGreaterThan(0);
  });

  it('counts and lists a section, and finds the unwatched movies', (ctx) => {
    const out = plexapi(ctx);
    expect(out.movieTotal).toBe(movieSectionItems.length);
    expect(out.allMovies).toBe(movieSectionItems.length);
    const unwatched = movieSectionItems.filter((m) => (stateOf(m)?.viewCount ?? 0) === 0).map((m) => m.ratingKey);
    expect([...out.unwatchedMovies].sort()).toEqual([...unwatched].sort());
  });

  it('finds exactly the rated items with userRating>>=-1, also through a grouped type-prefixed filter', (ctx) => {
    const out = plexapi(ctx);
    const rated = movieSectionItems
      .filter((m) => stateOf(m)?.userRating !== undefined)
      .map((m) => ({ ratingKey: m.ratingKey, userRating: stateOf(m)?.userRating }));
    expect(rated.length).toBeGreaterThan(0);
    expect(rated.length).toBeLessThan(movieSectionItems.length);
    expect([...out.ratedMovies].sort(byKey)).toEqual(rated.sort(byKey));
    const showSection = sim.library.sections.find((s) => s.type === 'show');
    const ratedEpisodes = sim.library
      .itemsOfType(showSection?.id ?? 0, 'episode')
      .filter((e) => stateOf(e)?.userRating !== undefined)
      .map((e) => ({ ratingKey: e.ratingKey, userRating: stateOf(e)?.userRating }));
    expect(ratedEpisodes.map((e) => e.ratingKey)).toEqual(expect.arrayContaining(ratedEpisodeKeys));
    expect([...out.ratedEpisodes].sort(byKey)).toEqual(ratedEpisodes.sort(byKey));
  });

  it('combines conditions with or, and filters by the show of an episode', (ctx) => {
    const out = plexapi(ctx);
    expect(out.eitherTitle).toEqual([movieSectionItems[1]?.title, movieSectionItems[4]?.title].sort());
    expect(out.showByTitle).toEqual([show.title]);
    expect(out.episodesOfShow).toBe(sim.library.leaves(show).length);
  });

  it('sorts by a field in the direction asked', (ctx) => {
    const newest = movieSectionItems
      .map((m) => m.addedAt)
      .sort((a, b) => b - a)
      .slice(0, 5);
    expect(plexapi(ctx).newestMovies).toEqual(newest);
  });

  it('reads the play history newest first', (ctx) => {
    const expected = [...sim.library.history]
      .sort((a, b) => b.viewedAt - a.viewedAt)
      .slice(0, 25)
      .map((row) => ({ ratingKey: row.ratingKey ?? null, viewedAt: row.viewedAt, accountID: row.accountId }));
    expect(plexapi(ctx).history).toEqual(expected);
  });
});

describe('python-plexapi against the simulated plex.tv and Discover (XML)', () => {
  it('signs in with the token and lists resources and Home users', (ctx) => {
    const out = plexapi(ctx);
    expect(out.account).toEqual({ username: owned().username, uuid: owned().uuid, id: owned().plexTvId, plexPass: true });
    expect(out.resources).toContainEqual({ clientIdentifier: sim.library.machineIdentifier, provides: 'server', uris: [sim.urls.pms] });
    const others = sim.library.accounts.filter((a) => !a.admin).map((a) => ({ id: a.plexTvId, title: a.title, home: true }));
    expect(out.users).toEqual(others);
    expect(sim.plextv.faults.count('GET /api/v2/user')).toBeGreaterThan(0);
  });

  it("reads the owner's watchlist and its state", (ctx) => {
    const out = plexapi(ctx);
    const listed = sim.discover.state.watchlists.list(owned().token).map((entry) => entry.ratingKey);
    expect(listed.length).toBeGreaterThan(0);
    expect(out.watchlist.map((w: Json) => String(w.guid).split('/').at(-1)).sort()).toEqual([...listed].sort());
    expect(out.firstOnWatchlist).toBe(true);
    expect(sim.discover.faults.count('GET /library/sections/watchlist/:filter')).toBeGreaterThan(0);
  });
});
