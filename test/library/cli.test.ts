import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envOverrides } from '../../src/config';
import type { Simulator } from '../../src/sim';
import { writeTestConfig } from '../support/worker-process';
import { libraryConfig, simServer, startLibrarySim, withLibraryWorker } from './harness';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const cli = (configPath: string, ...args: string[]) =>
  run(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'client', 'cli.ts'), 'library', ...args], {
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name in envOverrides))), WATCHSYNC_CONFIG: configPath },
  }).catch((error: { code: number; stdout: string; stderr: string }) => error);

describe('watchsync library', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startLibrarySim(71);
  });
  afterAll(async () => sim?.close());

  it('imports (following the run), then searches, counts, lists unmapped files and explains a mapping; bad input changes nothing', async () => {
    const twin = { title: 'Parallel Lines', year: 2011, seasons: [2] };
    sim.pms.edits.addShow({ ...twin, guids: ['tvdb://5001'] });
    sim.pms.edits.addShow({ ...twin, guids: ['tvdb://5002'] });
    const server = simServer(sim, { path_mappings: [{ from: '/data/media/tv', to: '\\\\nas\\tv', name: 'nas tv' }] });
    const taskQueue = `library-cli-${randomUUID()}`;
    const base = libraryConfig([server]);
    const config = { ...base, temporal: { ...base.temporal, task_queue: taskQueue } };
    const configPath = writeTestConfig(config);
    await withLibraryWorker(
      config,
      async () => {
        const imported = await cli(configPath, 'import', server.id, '--full');
        expect(imported.stdout).toMatch(new RegExp(`library server ${server.id} \\(full: --full\\)`));
        expect(imported.stdout).toMatch(/ 2 TV Shows\s+imported \+\d+/);
      },
      taskQueue,
    );

    const search = await cli(configPath, 'search', 'parallel lines', '--year', '2011');
    const lines = search.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^Parallel Lines \\(2011\\) show 2 episodes  tvdb:5001  ${server.id}/TV Shows ratingKey \\d+$`));
    expect(lines[1]).toMatch(/tvdb:5002/);

    const stats = await cli(configPath, 'stats', '--json');
    const mine = JSON.parse(stats.stdout).filter((s: { serverId: string }) => s.serverId === server.id);
    expect(mine.map((s: { title: string }) => s.title)).toEqual(['Movies', 'TV Shows', 'Classics']);
    expect(mine[1]).toMatchObject({ unmapped: 0, items: { active: sim.library.itemsOfType(2, 'show').length } });

    const unmapped = await cli(configPath, 'unmapped', server.id, '--limit', '2');
    const movieFiles = sim.library.itemsOfType(1, 'movie').length + sim.library.itemsOfType(3, 'movie').length;
    expect(unmapped.stdout).toMatch(new RegExp(`${movieFiles} unmapped files \\(2 listed\\)\\n$`));

    const mapped = await cli(configPath, 'map', '/data/media/tv/Show/Season 01/x.mkv');
    expect(mapped.stdout).toBe(`\\\\nas\\tv\\Show\\Season 01\\x.mkv\n  rule 0 (library.servers[${server.id}].path_mappings): nas tv\n`);
    const notMapped = await cli(configPath, 'map', '/data/media/tv2/x.mkv');
    expect(notMapped).toMatchObject({ code: 3, stdout: '/data/media/tv2/x.mkv\n  unmapped (no rule applies)\n' });

    expect(await cli(configPath, 'search', 'x', '--year', 'soon')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--year must be a positive whole number, got "soon"'),
    });
    expect(await cli(configPath, 'import', 'nope')).toMatchObject({ code: 1, stderr: expect.stringContaining('no server "nope"') });
    expect(await cli(configPath, 'import', server.id, '--year', '2011')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--year needs --show'),
    });
  }, 120_000);

  it('`library servers` tests each connection (sections with counts, a refused token exits 1); `servers discover` prints entries to copy, tokens only when asked', async () => {
    const good = simServer(sim, { name: 'Living room', sections: ['Movies'] });
    const refused = simServer(sim, { token: 'not-the-token' });
    const base = libraryConfig([good, refused]);
    const config = {
      ...base,
      plex: { ...base.plex, account_token: sim.tokens.plexOwner, plextv_url: sim.urls.plextv },
    };
    const configPath = writeTestConfig(config);

    const listed = await cli(configPath, 'servers');
    expect(listed).toMatchObject({ code: 1 });
    const movies = sim.library.itemsOfType(1, 'movie').length;
    const shows = sim.library.itemsOfType(2, 'show').length;
    const identity = sim.library.machineIdentifier;
    expect(listed.stdout).toContain(`${good.id} (Living room) ${sim.urls.pms}: ${identity} version `);
    expect(listed.stdout).toMatch(new RegExp(`\\s1 Movies\\s+movie ${movies} movies\\n`));
    expect(listed.stdout).toMatch(new RegExp(`\\s2 TV Shows\\s+show\\s+${shows} shows, \\d+ episodes \\(not imported\\)\\n`));
    expect(listed.stdout).toMatch(new RegExp(`${refused.id} ${sim.urls.pms}: .*401`));
    expect(listed.stdout).not.toContain('not-the-token');

    const discovered = await cli(configPath, 'servers', 'discover');
    expect(discovered).not.toHaveProperty('code');
    expect(discovered.stdout).toContain(`"url": "${sim.urls.pms}"`);
    expect(discovered.stdout).toContain('<run with --show-tokens, or paste plex.account_token>');
    expect(discovered.stdout).not.toContain(sim.tokens.plexOwner);
    const shown = await cli(configPath, 'servers', 'discover', '--show-tokens');
    expect(shown.stdout).not.toContain('<run with --show-tokens');
    expect(shown.stdout).toMatch(/"token": "[^"<]+"/);
  }, 120_000);
});
