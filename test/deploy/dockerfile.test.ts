import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { workerSection } from '../../src/config/schema';

/**
 * The Dockerfile builds what `npm run build` builds. No Docker engine runs here, so the test reads the Dockerfile,
 * lays out its build stage's COPYs in a scratch directory exactly as a build context filtered by .dockerignore
 * would give them, runs the stage's own `RUN npm run build` there, and checks that the runtime stage copies every
 * artefact to where the entrypoint runs it from.
 */

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const artefacts = ['dist/worker.js', 'dist/bridge/main.js', 'dist/client/cli.js', 'dist/workflow-bundle.js'];
const migrations = readdirSync(join(root, 'src', 'store', 'migrations')).filter((f) => f.endsWith('.sql'));

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = op.toUpperCase();
    if (upper === 'FROM') {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      const from = (m?.[1] ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args[a ?? b] ?? '');
      stages.push({ from, name: m?.[2], instructions: [] });
    } else if (upper === 'ARG' && stages.length === 0) {
      const [name, value = ''] = rest.split('=');
      args[name as string] = value;
    } else stages.at(-1)?.instructions.push({ op: upper, args: rest });
  }
  return { args, stages };
}

/** `COPY [--from=x] [--chmod=..] src... dest` → flags, sources, destination. */
function copyParts(args: string): { from?: string; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1) as string };
}

function workdir(stage: Stage, upTo = stage.instructions.length): string {
  let dir = '/';
  for (const ins of stage.instructions.slice(0, upTo)) if (ins.op === 'WORKDIR') dir = posix.resolve(dir, ins.args);
  return dir;
}

/** .dockerignore: the patterns this repository uses (paths, globs with * and **, no exceptions). */
function ignoreMatcher(text: string): (path: string) => boolean {
  const patterns = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  expect(
    patterns.filter((p) => p.startsWith('!')),
    '.dockerignore exceptions are not modelled here',
  ).toEqual([]);
  const regexes = patterns.map((p) => {
    const body = p
      .replace(/^\/+|\/+$/g, '')
      .split('**')
      .map((part) =>
        part
          .split('')
          .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : /[.+^${}()|[\]\\]/.test(c) ? `\\${c}` : c))
          .join(''),
      )
      .join('.*');
    return new RegExp(`^${body}(/.*)?$`);
  });
  return (path) => regexes.some((r) => r.test(path));
}

const dockerfile = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
const ignored = ignoreMatcher(readFileSync(join(root, '.dockerignore'), 'utf8'));
const buildStage = dockerfile.stages.find((s) => s.instructions.some((i) => i.op === 'RUN' && /\bnpm run build\b/.test(i.args)));
const runtime = dockerfile.stages.at(-1) as Stage;

describe('Dockerfile', () => {
  it('builds on a pinned Debian Node 20 image (the Temporal core bridge needs glibc), never Alpine', () => {
    for (const stage of dockerfile.stages) {
      expect(stage.from).toMatch(/^node:20\.\d+\.\d+-(bookworm|trixie)(-slim)?$/);
    }
  });

  it('has a build stage that installs all dependencies and then runs `npm run build`', () => {
    expect(buildStage, 'a stage runs npm run build').toBeDefined();
    const runs = (buildStage as Stage).instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    const ci = runs.findIndex((r) => /\bnpm ci\b/.test(r));
    expect(ci, 'npm ci before the build').toBeGreaterThanOrEqual(0);
    expect(runs[ci], 'dev dependencies (tsc, tsx) are needed to build').not.toMatch(/--omit=dev|--production/);
    expect(ci).toBeLessThan(runs.findIndex((r) => /\bnpm run build\b/.test(r)));
  });

  it('runs as a non-root user in production mode, worker by default, bridge by command', () => {
    const users = runtime.instructions.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.at(-1)).toBeDefined();
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.instructions.find((i) => i.op === 'ENV')?.args).toMatch(/\bNODE_ENV=production\b/);
    const entrypoint = readFileSync(join(root, 'deploy', 'entrypoint.sh'), 'utf8');
    // The worker gets the configured V8 heap (worker.heap_mb, env WATCHSYNC_WORKER_HEAP_MB), as `watchsync up` gives it.
    const heapMb = workerSection.parse({}).heap_mb;
    expect(entrypoint).toMatch(
      new RegExp(`worker\\).*exec node --max-old-space-size="\\$\\{WATCHSYNC_WORKER_HEAP_MB:-${heapMb}\\}" /app/dist/worker\\.js`),
    );
    expect(entrypoint).toMatch(/bridge\).*exec node \/app\/dist\/bridge\/main\.js/);
    expect(runtime.instructions.find((i) => i.op === 'CMD')?.args).toBe('["worker"]');
  });

  it('copies into the runtime image every artefact of the build, where the entrypoint and the worker look for them', () => {
    const buildDir = workdir(buildStage as Stage);
    const runtimeDir = workdir(runtime);
    expect(runtimeDir, 'dist/workflow-bundle.js is found relative to dist/worker.js').toBe('/app');
    const copies = runtime.instructions
      .filter((i) => i.op === 'COPY')
      .map((i) => copyParts(i.args))
      .filter((c) => c.from === buildStage?.name);
    for (const artefact of [...artefacts, ...migrations.map((m) => `dist/store/migrations/${m}`)]) {
      const built = posix.join(buildDir, artefact);
      const copied = copies.some(({ sources, dest }) =>
        sources.some((src) => {
          const from = posix.resolve(buildDir, src);
          if (built !== from && !built.startsWith(`${from}/`)) return false;
          return posix.join(posix.resolve(runtimeDir, dest), posix.relative(from, built)) === posix.join('/app', artefact);
        }),
      );
      expect(copied, `${artefact} reaches /app/${artefact}`).toBe(true);
    }
  });

  it('copies from the build context only files .dockerignore lets through', () => {
    for (const stage of dockerfile.stages) {
      for (const { from, sources } of stage.instructions.filter((i) => i.op === 'COPY').map((i) => copyParts(i.args))) {
        if (from) continue;
        for (const src of sources) {
          expect(existsSync(join(root, src)), `${src} exists`).toBe(true);
          expect(ignored(src.replace(/\/+$/, '')), `${src} is not in .dockerignore`).toBe(false);
        }
      }
    }
    expect(ignored('node_modules') && ignored('dist') && ignored('.env') && ignored('config.json')).toBe(true);
  });

  describe('the build stage, run as the Dockerfile runs it', () => {
    const context = mkdtempSync(join(tmpdir(), 'docker-build-'));
    afterAll(() => rmSync(context, { recursive: true, force: true }));

    it('produces the same artefacts as `npm run build`', async () => {
      const stage = buildStage as Stage;
      const base = workdir(stage);
      for (const [index, ins] of stage.instructions.entries()) {
        if (ins.op !== 'COPY') continue;
        const { sources, dest } = copyParts(ins.args);
        const target = join(context, relative(base, posix.resolve(workdir(stage, index), dest)));
        for (const src of sources) {
          const into =
            dest.endsWith('/') && sources.length >= 1 && !statSync(join(root, src)).isDirectory()
              ? join(target, posix.basename(src))
              : target;
          mkdirSync(dirname(into), { recursive: true });
          cpSync(join(root, src), into, {
            recursive: true,
            filter: (path) => !ignored(relative(root, path).split('\\').join('/')),
          });
        }
      }
      // `npm ci` in the image installs package-lock.json; here the repository's node_modules stands in for it.
      symlinkSync(join(root, 'node_modules'), join(context, 'node_modules'), 'dir');
      for (const ins of stage.instructions.filter((i) => i.op === 'RUN' && !/\bnpm ci\b/.test(i.args))) {
        await run('sh', ['-c', ins.args], { cwd: context, env: { ...process.env, NODE_ENV: '' }, maxBuffer: 32 * 1024 * 1024 }).catch(
          (error: { stdout?: string; stderr?: string }) => {
            throw new Error(`RUN ${ins.args} failed:\n${`${error.stdout ?? ''}${error.stderr ?? ''}`.slice(-4000)}`);
          },
        );
      }
      for (const artefact of artefacts) expect(existsSync(join(context, artefact)), artefact).toBe(true);
      expect(readdirSync(join(context, 'dist', 'store', 'migrations')).filter((f) => f.endsWith('.sql'))).toEqual(migrations);
      expect(readFileSync(join(context, 'dist', 'workflow-bundle.js'), 'utf8')).toContain('doctor');
      expect(existsSync(join(context, 'dist', 'config', 'index.js')), 'deploy/healthcheck.js loads ../dist/config').toBe(true);
    }, 180_000);
  });
});
