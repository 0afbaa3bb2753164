/**
 * Peer benchmark (issue 14): PlexTraktSync (PyPI `plextraktsync`, unmodified) against watchsync's pair sync, each on
 * a fresh simulator seeded with the same library, Plex → Trakt with history, ratings and watchlist; a first sync and
 * a no-change rerun each, counted by the simulator's own counters. Prints one JSON.
 *
 *   TEMPORAL_CLI_PATH=$(bash scripts/ensure-temporal.sh) DATABASE_URL=$(bash scripts/ensure-postgres.sh) \
 *     npx tsx bench/peer-pts.ts [--movies 500] [--shows 50] [--episodes 2500] [--plays 1200] [--ratings 120] \
 *     [--watchlist 30] [--seed 42] [--only pts|watchsync] [--features history,ratings,watchlist] [--pts-two-way]
 *
 * PTS runs from a cached venv (scripts/ensure-python-venv.sh) with its config, servers, .env and .pytrakt.json in
 * a temporary PTS_CONFIG_DIR; scripts/python/sitecustomize.py sends its requests for api.trakt.tv, plex.tv and the
 * Plex metadata/Discover hosts to the simulator at the transport layer. PTS is configured one way, Plex → Trakt
 * (trakt_to_plex off), as watchsync's pair is, unless --pts-two-way. Its HTTP cache stays between its two runs, as
 * it would for a user.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { plextraktsyncRequirement, pythonVenv } from '../scripts/python/venv';
import { type SimSize, type Simulator, startSimulator } from '../src/sim';
import { type PairFeature, startPairSyncRunner } from './pair-sync-runner';
import { countsOf, requireEnv, startBenchServer } from './support';

const root = join(__dirname, '..');
const allFeatures: readonly PairFeature[] = ['history', 'ratings', 'watchlist'];

interface ToolRun {
  wallSeconds: number;
  traktGets: number;
  traktPosts: number;
  trakt429s: number;
  /** 429s by the limit Trakt names in X-Ratelimit. */
  trakt429sByLimit: Record<string, number>;
  pmsRequests: number;
  discoverRequests: number;
  plextvRequests: number;
  requests: Record<'trakt' | 'pms' | 'discover' | 'plextv', Record<string, number>>;
}

interface ToolReport {
  firstSync: ToolRun;
  noChangeRerun: ToolRun;
  /** What Trakt holds after both runs; duplicates are plays of one title at one `watched_at` beyond the first. */
  traktEndState: { plays: number; ratings: number; watchlist: number; duplicatePlays: number };
  peakRssMb: number;
  peakRssOf: string;
  /** PlexTraktSync only: its warnings and errors, per run. */
  complaints?: { firstSync: Complaints; noChangeRerun: Complaints };
}

function options() {
  const { values } = parseArgs({
    options: {
      movies: { type: 'string', default: '500' },
      shows: { type: 'string', default: '50' },
      episodes: { type: 'string', default: '2500' },
      plays: { type: 'string', default: '1200' },
      ratings: { type: 'string', default: '120' },
      watchlist: { type: 'string', default: '30' },
      seed: { type: 'string', default: '42' },
      only: { type: 'string' },
      'pts-two-way': { type: 'boolean', default: false },
      features: { type: 'string', default: 'history,ratings,watchlist' },
    },
  });
  const count = (name: keyof typeof values) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${values[name]}`);
    return n;
  };
  const only = values.only;
  if (only !== undefined && only !== 'pts' && only !== 'watchsync') throw new Error(`--only must be pts or watchsync, got ${only}`);
  const features = values.features.split(',').filter((f) => f !== '');
  const unknown = features.filter((f) => !allFeatures.includes(f as PairFeature));
  if (unknown.length > 0 || features.length === 0) throw new Error(`--features takes history,ratings,watchlist; got ${values.features}`);
  const size: SimSize = {
    movies: count('movies'),
    shows: count('shows'),
    episodes: count('episodes'),
    plays: count('plays'),
    ratings: count('ratings'),
    watchlist: count('watchlist'),
    users: 1,
  };
  return { size, seed: count('seed'), only, features: features as PairFeature[], ptsTwoWay: values['pts-two-way'] };
}

/** Counter deltas of one run: every simulated service's per-route counts, Trakt's 429s. */
function counted(sim: Simulator) {
  for (const board of [sim.trakt.faults, sim.pms.faults, sim.discover.faults, sim.plextv.faults]) board.resetCounts();
  const rejectionsBefore = sim.trakt.rateLimiter.rejections.length;
  const started = Date.now();
  return (): ToolRun => {
    const wallSeconds = (Date.now() - started) / 1000;
    const requests = {
      trakt: countsOf(sim.trakt.faults.counts),
      pms: countsOf(sim.pms.faults.counts),
      discover: countsOf(sim.discover.faults.counts),
      plextv: countsOf(sim.plextv.faults.counts),
    };
    const sum = (counts: Record<string, number>, method?: string) =>
      Object.entries(counts)
        .filter(([route]) => method === undefined || route.startsWith(`${method} `))
        .reduce((n, [, c]) => n + c, 0);
    const rejections = sim.trakt.rateLimiter.rejections.slice(rejectionsBefore);
    const byLimit: Record<string, number> = {};
    for (const { name } of rejections) byLimit[name] = (byLimit[name] ?? 0) + 1;
    return {
      wallSeconds,
      traktGets: sum(requests.trakt, 'GET'),
      traktPosts: sum(requests.trakt, 'POST'),
      trakt429s: rejections.length,
      trakt429sByLimit: byLimit,
      pmsRequests: sum(requests.pms),
      discoverRequests: sum(requests.discover),
      plextvRequests: sum(requests.plextv),
      requests,
    };
  };
}

function traktEndState(sim: Simulator): ToolReport['traktEndState'] {
  const truth = sim.trakt.control.truth(sim.tokens.traktUsername);
  const distinct = new Set(truth.history.map((play) => `${play.key}|${play.watched_at}`));
  return {
    plays: truth.history.length,
    ratings: truth.ratings.length,
    watchlist: truth.watchlist.length,
    duplicatePlays: truth.history.length - distinct.size,
  };
}

/** The Python of the cached venv holding PlexTraktSync; says why when there can be none. */
async function ptsPython(): Promise<string> {
  const found = await pythonVenv('plextraktsync', plextraktsyncRequirement);
  if ('reason' in found) throw new Error(`cannot prepare a venv with ${plextraktsyncRequirement}: ${found.reason}`);
  return found.python;
}

/** PTS's config directory for a simulator: servers.yml, .env, .pytrakt.json and a config.yml of overrides. */
function writePtsConfig(dir: string, sim: Simulator, features: readonly PairFeature[], twoWay: boolean): void {
  const owner = sim.library.owner;
  writeFileSync(
    join(dir, 'servers.yml'),
    `servers:\n  simulator:\n    token: ${owner.token}\n    urls:\n      - ${sim.urls.pms}\n    id: ${sim.library.machineIdentifier}\n`,
  );
  writeFileSync(
    join(dir, '.env'),
    [
      `PLEX_USERNAME=${owner.username}`,
      `TRAKT_USERNAME=${sim.tokens.traktUsername}`,
      'PLEX_SERVER=simulator',
      'PLEX_OWNER_TOKEN=',
      // The owner's own plex.tv token: PTS reads the watchlist of this account.
      `PLEX_ACCOUNT_TOKEN=${owner.token}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, '.pytrakt.json'),
    JSON.stringify({
      APPLICATION_ID: null,
      CLIENT_ID: sim.tokens.traktClientId,
      CLIENT_SECRET: sim.tokens.traktClientSecret,
      OAUTH_TOKEN: sim.tokens.traktAccess,
      OAUTH_REFRESH: sim.tokens.traktRefresh,
      OAUTH_EXPIRES_AT: Math.floor(Date.now() / 1000) + 7 * 24 * 3600,
    }),
  );
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'logging:',
      '  append: false',
      'sync:',
      '  plex_to_trakt:',
      '    collection: false',
      '    clear_collected: false',
      `    ratings: ${features.includes('ratings')}`,
      `    watched_status: ${features.includes('history')}`,
      `    watchlist: ${features.includes('watchlist')}`,
      // --pts-two-way leaves PTS's defaults for this direction (liked lists, ratings, watched, watchlist).
      '  trakt_to_plex:',
      `    liked_lists: ${twoWay}`,
      `    ratings: ${twoWay && features.includes('ratings')}`,
      `    watched_status: ${twoWay && features.includes('history')}`,
      `    watchlist: ${twoWay && features.includes('watchlist')}`,
      '    watchlist_as_playlist: false',
      '    playback_status: false',
      '',
    ].join('\n'),
  );
}

/** PTS's WARNING and ERROR lines: what it disliked in the simulator's answers (the first 20 distinct ones). */
interface Complaints {
  warnings: number;
  errors: number;
  sample: string[];
}

interface PtsProcessResult {
  peakRssMb: number;
  complaints: Complaints;
}

/** Runs `plextraktsync --no-progressbar sync` to its end; PTS exits 0 even when a command fails, so its log is read. */
async function runPts(python: string, dir: string, sim: Simulator, run: string): Promise<PtsProcessResult> {
  const rssFile = join(dir, `rss-${run}`);
  const logFile = join(dir, `pts-${run}.log`);
  const rewrites = {
    'https://api.trakt.tv': sim.urls.trakt,
    'https://plex.tv': sim.urls.plextv,
    'https://metadata.provider.plex.tv': sim.urls.metadata,
    'https://discover.provider.plex.tv': sim.urls.discover,
  };
  const child: ChildProcess = spawn(python, [join(__dirname, 'peer-pts', 'run_pts.py'), '--no-progressbar', 'sync'], {
    env: {
      ...process.env,
      PYTHONPATH: join(root, 'scripts', 'python'),
      PTS_CONFIG_DIR: join(dir, 'config'),
      PTS_CACHE_DIR: join(dir, 'cache'),
      PTS_LOG_DIR: join(dir, 'log'),
      WATCHSYNC_HOST_REWRITES: JSON.stringify(rewrites),
      WATCHSYNC_PEER_RSS_FILE: rssFile,
      // PTS's rich console would otherwise wrap and colour for a terminal that is not there.
      NO_COLOR: '1',
      COLUMNS: '200',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const log = Buffer.concat(output).toString('utf8');
  writeFileSync(logFile, log);
  if (code !== 0 || /Error running sync command|Traceback/.test(log)) {
    throw new Error(`PlexTraktSync ${run} failed (exit ${code}); log ${logFile}:\n${log.split('\n').slice(-40).join('\n')}`);
  }
  const lines = log.split('\n').map((line) => line.trim());
  const complaints = {
    warnings: lines.filter((line) => line.startsWith('WARNING ')).length,
    errors: lines.filter((line) => /^(ERROR|CRITICAL) /.test(line)).length,
    sample: [...new Set(lines.filter((line) => /^(WARNING|ERROR|CRITICAL) /.test(line)))].slice(0, 20),
  };
  return { peakRssMb: Math.round(Number(readFileSync(rssFile, 'utf8'))), complaints };
}

async function benchPts(size: SimSize, seed: number, features: readonly PairFeature[], twoWay: boolean): Promise<ToolReport> {
  const python = await ptsPython();
  const sim = await startSimulator({ size, seed });
  const dir = mkdtempSync(join(tmpdir(), 'watchsync-peer-pts-'));
  mkdirSync(join(dir, 'config'));
  let finished = false;
  try {
    writePtsConfig(join(dir, 'config'), sim, features, twoWay);
    const firstDone = counted(sim);
    const first = await runPts(python, dir, sim, 'first');
    const firstSync = firstDone();
    const rerunDone = counted(sim);
    const rerun = await runPts(python, dir, sim, 'rerun');
    const noChangeRerun = rerunDone();
    finished = true;
    return {
      firstSync,
      noChangeRerun,
      traktEndState: traktEndState(sim),
      peakRssMb: Math.max(first.peakRssMb, rerun.peakRssMb),
      peakRssOf: 'the PlexTraktSync process (ru_maxrss), the larger of its two runs',
      complaints: { firstSync: first.complaints, noChangeRerun: rerun.complaints },
    };
  } finally {
    await sim.close();
    // A failed run's logs and cache stay for a look.
    if (finished) rmSync(dir, { recursive: true, force: true });
  }
}

async function benchWatchsync(size: SimSize, seed: number, features: readonly PairFeature[]): Promise<ToolReport> {
  const { cliPath, databaseUrl } = requireEnv();
  const server = await startBenchServer(cliPath);
  const sim = await startSimulator({ size, seed });
  const runner = await startPairSyncRunner(sim, server.address, databaseUrl, features);
  try {
    const firstDone = counted(sim);
    await runner.run();
    const firstSync = firstDone();
    const rerunDone = counted(sim);
    await runner.run();
    const noChangeRerun = rerunDone();
    return {
      firstSync,
      noChangeRerun,
      traktEndState: traktEndState(sim),
      peakRssMb: runner.worker.peakRssMb(),
      peakRssOf: 'the watchsync worker process (VmHWM); the Temporal dev server and PostgreSQL are not counted',
    };
  } finally {
    await runner.close();
    await sim.close();
    await server.stop();
  }
}

function ratio(pts: number, watchsync: number): number | null {
  return watchsync === 0 ? null : Math.round((pts / watchsync) * 100) / 100;
}

/** PTS ÷ watchsync for each figure both tools have (null where watchsync's is 0). */
function ratios(pts: ToolReport, ws: ToolReport) {
  const of = (pick: (run: ToolRun) => number) => ({
    firstSync: ratio(pick(pts.firstSync), pick(ws.firstSync)),
    noChangeRerun: ratio(pick(pts.noChangeRerun), pick(ws.noChangeRerun)),
  });
  return {
    meaning: 'PlexTraktSync ÷ watchsync',
    wallSeconds: of((r) => r.wallSeconds),
    traktGets: of((r) => r.traktGets),
    traktPosts: of((r) => r.traktPosts),
    trakt429s: of((r) => r.trakt429s),
    pmsRequests: of((r) => r.pmsRequests),
    peakRssMb: ratio(pts.peakRssMb, ws.peakRssMb),
  };
}

async function main(): Promise<void> {
  const { size, seed, only, features, ptsTwoWay } = options();
  const probe = await startSimulator({ size, seed });
  const ownerPlays = probe.library.history.filter((h) => h.accountId === probe.library.owner.id);
  const library = {
    ...size,
    seed,
    ownerPlexPlays: ownerPlays.length,
    // PTS marks a watched title once; watchsync sends every play: their end states differ by design. Rows of
    // deleted media (no ratingKey) are not titles.
    ownerWatchedTitles: new Set(ownerPlays.flatMap((h) => h.ratingKey ?? [])).size,
    discoverWatchlist: probe.discover.state.watchlists.list(probe.library.owner.token).length,
  };
  await probe.close();
  const plextraktsync = only === 'watchsync' ? undefined : await benchPts(size, seed, features, ptsTwoWay);
  const watchsync = only === 'pts' ? undefined : await benchWatchsync(size, seed, features);
  const report = {
    benchmark: 'peer-pts',
    features,
    library,
    traktRateLimits: 'simulator defaults: 1 POST/s, 500 GETs per 5 min per user',
    plextraktsync: plextraktsync && {
      package: plextraktsyncRequirement,
      direction: ptsTwoWay ? 'both ways (its defaults)' : 'plex_to_trakt only',
      ...plextraktsync,
    },
    watchsync: watchsync && { pair: 'plex → trakt', ...watchsync },
    ratios: plextraktsync && watchsync ? ratios(plextraktsync, watchsync) : undefined,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
