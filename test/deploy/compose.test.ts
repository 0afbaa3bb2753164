import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startBridge } from '../../src/bridge/bridge';
import { envOverrides } from '../../src/config/env';
import { loadConfig, parseConfig } from '../../src/config/load';
import { workerSection } from '../../src/config/schema';
import { freePort, searchAttributes } from '../../src/devserver/temporal';
import { createLogger } from '../../src/log';
import { secretKeys } from '../../src/secrets';
import { externalAddress } from '../support/network';

/**
 * docker-compose.yml checked for what a broken homelab stack gets wrong. No Docker engine runs here, so these read
 * the file the way compose does (profiles, depends_on, interpolation) and feed the services' environment through
 * the real config loader.
 */

const root = join(__dirname, '..', '..');
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as ComposeFile;
const envExample = parseEnvFile(readFileSync(join(root, '.env.example'), 'utf8'));
const profiles = ['full', 'lite'] as const;
const watchsyncServices = ['worker', 'bridge'] as const;
/** Variables the watchsync services may set that are not config overrides (src/config/env.ts). */
const nonConfigVars: Record<string, string> = {
  NODE_ENV: 'production: the worker loads the prebuilt workflow bundle (src/worker.ts)',
  WATCHSYNC_CONFIG: 'path of the mounted config file (src/config/load.ts)',
  WATCHSYNC_CONFIG_OVERLAY: 'writable file `watchsync auth` saves changed keys to, read over the config file (src/config/load.ts)',
};
/** Variables .env may hold for compose itself rather than for watchsync. */
const composeOnlyVars = ['COMPOSE_PROJECT_NAME', 'COMPOSE_PROFILES'];

interface Service {
  image?: string;
  build?: unknown;
  profiles?: string[];
  restart?: string;
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  env_file?: unknown;
  depends_on?: Record<string, { condition: string }> | string[];
  volumes?: (string | { type: string; source: string; target: string; read_only?: boolean })[];
  ports?: (string | number)[];
  healthcheck?: { test: string[] | string; start_period?: string };
  stop_grace_period?: string;
  networks?: Record<string, { aliases?: string[] } | null> | string[];
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const services = compose.services;
const names = Object.keys(services);

function active(profile: string): string[] {
  return names.filter((name) => {
    const p = services[name]?.profiles;
    return p === undefined || p.includes(profile);
  });
}

function dependsOn(name: string): Record<string, string> {
  const deps = services[name]?.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([d, v]) => [d, v.condition]));
}

function env(name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(services[name]?.environment ?? {}).map(([k, v]) => [k, String(v ?? '')]));
}

/** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $$. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (match, name, op, arg) => {
    if (match === '$$') return '$';
    const set = vars[name];
    const usable = op?.startsWith(':') ? set !== undefined && set !== '' : set !== undefined;
    if (usable) return set as string;
    if (op?.endsWith('?')) throw new Error(`${name}: ${arg}`);
    return op ? (arg ?? '') : '';
  });
}

function interpolatedNames(text: string): string[] {
  return [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string);
}

function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1] as string] = m[2] as string;
  }
  return out;
}

/** "45s", "1m30s", "500ms", "2m" → milliseconds (compose duration syntax). */
function durationMs(text: string): number {
  const units: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(us|ms|s|m|h)/g)];
  expect(parts.map((p) => p[0]).join(''), `duration ${text}`).toBe(text);
  return parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] as string] as number), 0);
}

function publishedContainerPorts(name: string): number[] {
  return (services[name]?.ports ?? []).map((p) => {
    const parts = String(p).split('/')[0]?.split(':') ?? [];
    return Number(parts[parts.length - 1]);
  });
}

/** The active service that answers as `host` on the default network (by name or network alias). */
function answering(host: string, profile: string): string[] {
  return active(profile).filter((name) => {
    if (name === host) return true;
    const networks = services[name]?.networks;
    if (!networks || Array.isArray(networks)) return false;
    return Object.values(networks).some((n) => n?.aliases?.includes(host));
  });
}

/** The environment compose would give a watchsync service with .env.example's values and a password filled in. */
function containerEnv(name: string): Record<string, string> {
  const vars = { ...envExample, POSTGRES_PASSWORD: 'not-a-real-password' };
  return Object.fromEntries(Object.entries(env(name)).map(([k, v]) => [k, interpolate(v, vars)]));
}

const isJob = (name: string) => services[name]?.restart === 'no';

describe('docker-compose.yml: images', () => {
  it('pins every image to a version tag (no latest, no bare name); locally built ones are the watchsync build', () => {
    for (const name of names) {
      const service = services[name] as Service;
      expect(service.image, `${name} names its image`).toBeTruthy();
      const image = service.image as string;
      if (service.build !== undefined) {
        expect(image, `${name} is the locally built watchsync image`).toBe('watchsync:local');
        continue;
      }
      expect(image, `${name}: no interpolated tag`).not.toContain('$');
      const tag = /^[^:@]+(?::([^@]+))?(@sha256:[0-9a-f]{64})?$/.exec(image);
      expect(tag?.[1], `${name}: ${image} has a tag`).toBeTruthy();
      expect(tag?.[1], `${name}: ${image} is pinned to a version`).toMatch(/^v?\d+\.\d+/);
    }
  });

  it('uses PostgreSQL 16 and one Temporal version for server and admin-tools', () => {
    expect(services.postgres?.image).toMatch(/^postgres:16\.\d+/);
    const version = (image: string | undefined) => /:(\d+\.\d+\.\d+)/.exec(image ?? '')?.[1];
    const server = version(services.temporal?.image);
    expect(server).toBeTruthy();
    for (const name of names.filter((n) => services[n]?.image?.startsWith('temporalio/admin-tools:'))) {
      expect(version(services[name]?.image), `${name} matches temporalio/server ${server}`).toBe(server);
    }
    expect(services['temporal-dev']?.image).toMatch(/^temporalio\/temporal:\d+\.\d+\.\d+$/);
    expect(services['temporal-ui']?.image).toMatch(/^temporalio\/ui:2\.\d+\.\d+$/);
  });
});

describe('docker-compose.yml: profiles and start order', () => {
  it.each(profiles)('profile %s: every dependency is a service of the profile', (profile) => {
    const on = new Set(active(profile));
    for (const name of on) for (const dep of Object.keys(dependsOn(name))) expect(on.has(dep), `${name} → ${dep} in ${profile}`).toBe(true);
  });

  it.each(profiles)('profile %s: exactly one Temporal server answers as temporal:7233', (profile) => {
    expect(answering('temporal', profile)).toHaveLength(1);
    expect(answering('postgres', profile)).toEqual(['postgres']);
  });

  it('full runs Temporal on PostgreSQL with the schema job first; lite runs the dev server on its volume', () => {
    expect(active('full')).toEqual(expect.arrayContaining(['postgres', 'temporal-schema', 'temporal', 'temporal-setup', 'temporal-ui']));
    expect(active('full')).not.toContain('temporal-dev');
    expect(active('lite')).toEqual(expect.arrayContaining(['postgres', 'temporal-dev', 'temporal-setup', 'worker', 'bridge']));
    expect(active('lite').filter((n) => services[n]?.image?.startsWith('temporalio/server'))).toEqual([]);
    expect(env('temporal').POSTGRES_SEEDS).toBe('postgres');
    expect(env('temporal').DB).toBe('postgres12');
    const command = services['temporal-dev']?.command as string[];
    expect(command.slice(0, 2)).toEqual(['server', 'start-dev']);
    expect(command[command.indexOf('--ip') + 1]).toBe('0.0.0.0');
    expect(command[command.indexOf('--db-filename') + 1]).toBe('/data/temporal.db');
  });

  it.each(profiles)('profile %s: worker and bridge start only after every setup job has completed', (profile) => {
    const on = active(profile);
    const jobs = on.filter(isJob);
    expect(jobs.length).toBeGreaterThan(0);
    // What a service waits for to have *completed*: its completed-dependencies, what those (and the services they
    // reach) wait for, and the Temporal server the namespace job polls until it answers (setup-namespace.sh).
    const waitsFor = (start: string): Set<string> => {
      const seen = new Set<string>();
      const visit = (name: string) => {
        for (const [dep, condition] of Object.entries(dependsOn(name))) {
          if (seen.has(dep)) continue;
          if (isJob(dep)) expect(condition, `${name} waits for job ${dep} to complete`).toBe('service_completed_successfully');
          seen.add(dep);
          visit(dep);
        }
        const address = env(name).TEMPORAL_ADDRESS;
        if (isJob(name) && address) {
          for (const server of answering(address.split(':')[0] as string, profile)) {
            if (!seen.has(server)) {
              seen.add(server);
              visit(server);
            }
          }
        }
      };
      visit(start);
      return seen;
    };
    for (const name of watchsyncServices) {
      expect(dependsOn(name)['temporal-setup'], `${name} → temporal-setup`).toBe('service_completed_successfully');
      expect(dependsOn(name).postgres, `${name} → postgres`).toBe('service_healthy');
      const reached = waitsFor(name);
      for (const job of jobs) expect(reached.has(job), `${name} waits for ${job} (${profile})`).toBe(true);
    }
    expect(dependsOn('temporal')['temporal-schema']).toBe('service_completed_successfully');
  });

  it('setup jobs run once; long-running services restart', () => {
    for (const name of names) {
      if (isJob(name)) expect(services[name]?.healthcheck, `${name} is a job`).toBeUndefined();
      else expect(services[name]?.restart, name).toBe('unless-stopped');
    }
  });

  it('the setup scripts the jobs run are in the repository', () => {
    for (const name of names.filter((n) => services[n]?.image?.startsWith('temporalio/admin-tools:'))) {
      const entrypoint = services[name]?.entrypoint as string[];
      const script = entrypoint.find((part) => part.startsWith('/deploy/')) as string;
      expect(script, name).toBeTruthy();
      const mount = services[name]?.volumes?.find((v) => typeof v === 'string' && script.startsWith(v.split(':')[1] as string)) as string;
      expect(mount, `${name} mounts ${script}`).toBeTruthy();
      const [source, target] = mount.split(':') as [string, string];
      expect(existsSync(join(root, source, script.slice(target.length)))).toBe(true);
    }
  });
});

describe('docker-compose.yml: Temporal namespace and search attributes', () => {
  it("registers exactly watchsync's search attributes, in the namespace the worker and the bridge use", () => {
    const registered = env('temporal-setup')
      .WATCHSYNC_SEARCH_ATTRIBUTES?.split(/\s+/)
      .map((pair) => pair.split('=') as [string, string]);
    expect(Object.fromEntries(registered ?? [])).toEqual(searchAttributes);
    const setup = containerEnv('temporal-setup');
    expect(setup.TEMPORAL_RETENTION).toMatch(/^\d+[hms]$/);
    for (const name of watchsyncServices) {
      expect(containerEnv(name).TEMPORAL_NAMESPACE).toBe(setup.TEMPORAL_NAMESPACE);
      expect(containerEnv(name).TEMPORAL_ADDRESS).toBe(setup.TEMPORAL_ADDRESS);
    }
  });
});

describe('docker-compose.yml: volumes and ports', () => {
  const namedVolume = (service: string, target: string) => {
    const mount = services[service]?.volumes?.find((v) => typeof v === 'string' && v.split(':')[1] === target) as string | undefined;
    const source = mount?.split(':')[0];
    expect(source, `${service} mounts something at ${target}`).toBeTruthy();
    expect(source, `${service}:${target} is a named volume, not a bind mount`).toMatch(/^[a-z][\w.-]*$/);
    expect(Object.keys(compose.volumes ?? {})).toContain(source);
  };

  it('keeps PostgreSQL data (watchsync and Temporal) and the dev server data on named volumes', () => {
    namedVolume('postgres', '/var/lib/postgresql/data');
    namedVolume('temporal-dev', '/data');
  });

  it('publishes only the bridge webhook port and the Temporal web UI', () => {
    const published = Object.fromEntries(names.map((n) => [n, publishedContainerPorts(n)]).filter(([, p]) => (p as number[]).length));
    expect(published).toEqual({ bridge: [8787], 'temporal-ui': [8080], 'temporal-dev': [8233] });
    for (const name of ['temporal-ui', 'temporal-dev']) {
      expect(String(services[name]?.ports?.[0]), `${name}: the UI has no login, loopback unless .env says otherwise`).toMatch(
        /^\$\{TEMPORAL_UI_BIND:-127\.0\.0\.1\}:/,
      );
    }
  });

  it('the published bridge port gives other machines the webhook route and a bare /health; ops endpoints need the admin token', async () => {
    // The bridge as compose configures it (all interfaces inside the container), on a free port of this machine.
    const vars = { ...containerEnv('bridge'), WATCHSYNC_BRIDGE_PORT: String(await freePort()) };
    const config = loadConfig({ ...vars, WATCHSYNC_CONFIG: join(root, 'deploy', 'config.example.json') });
    expect(config.bridge.host).toBe('0.0.0.0');
    const bridge = await startBridge({ config, log: createLogger({ level: 'silent' }) });
    try {
      const remote = `http://${externalAddress()}:${config.bridge.port}`;
      const health = await request(`${remote}/health`);
      expect(await health.body.json()).toEqual({ status: 'ok' });
      for (const path of ['/ops/logs', '/ops/watcher']) {
        const response = await request(`${remote}${path}`);
        // .env.example leaves WATCHSYNC_ADMIN_TOKEN empty: nothing of the ops side answers the network.
        expect(response.statusCode, path).toBe(403);
        expect(await response.body.json()).toEqual({ error: 'set bridge.admin_token to enable ops endpoints from other machines' });
      }
      const local = await request(`http://127.0.0.1:${config.bridge.port}/health`);
      expect(await local.body.json(), 'the container healthcheck asks on loopback and gets the details').toMatchObject({
        status: 'ok',
        features: expect.any(Object),
      });
    } finally {
      await bridge.close();
    }
  });

  it('mounts the config file read-only where WATCHSYNC_CONFIG points, from the git-ignored config.json', () => {
    for (const name of watchsyncServices) {
      const mount = services[name]?.volumes?.find((v) => typeof v === 'object' && v.target === env(name).WATCHSYNC_CONFIG);
      expect(mount, name).toMatchObject({ type: 'bind', source: './config.json', read_only: true });
    }
    expect(readFileSync(join(root, '.gitignore'), 'utf8').split('\n')).toContain('config.json');
    expect(() => parseConfig(JSON.parse(readFileSync(join(root, 'deploy', 'config.example.json'), 'utf8')))).not.toThrow();
  });
});

/** Environment variables that override a key src/secrets.ts calls secret. */
function secretOverrides(): string[] {
  const secret = new Set<string>(secretKeys);
  return Object.entries(envOverrides)
    .filter(([, key]) => secret.has(key.split('.').at(-1)!))
    .map(([name]) => name);
}

describe('docker-compose.yml: environment and secrets', () => {
  it('sets on the worker and the bridge only config overrides from src/config/env.ts (plus documented extras)', () => {
    for (const name of watchsyncServices) {
      expect(services[name]?.env_file, `${name}: no env_file, so the environment is exactly what is listed`).toBeUndefined();
      for (const key of Object.keys(env(name))) {
        expect(key in envOverrides || key in nonConfigVars, `${name}: ${key} is read by watchsync`).toBe(true);
      }
    }
  });

  it('passes every secret override, and every override .env.example documents, through to both services', () => {
    const secretVars = secretOverrides();
    for (const key of secretVars) expect(Object.keys(envExample), `.env.example documents ${key}`).toContain(key);
    for (const key of Object.keys(envExample).filter((k) => k in envOverrides)) {
      for (const name of watchsyncServices) expect(env(name)[key], `${name}: ${key}`).toMatch(new RegExp(`^\\$\\{${key}(?::-[^}]*)?\\}$`));
    }
  });

  it('gives the worker and the bridge a config the real loader accepts, with what each needs', () => {
    for (const name of watchsyncServices) {
      const e = containerEnv(name);
      expect(e.NODE_ENV).toBe('production');
      expect(e.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(e.DATABASE_URL).toMatch(/@postgres:5432\//);
      const config = loadConfig({ ...e, WATCHSYNC_CONFIG: join(root, 'deploy', 'config.example.json') });
      expect(config.temporal.address).toBe('temporal:7233');
      expect(config.database.url).toBe(e.DATABASE_URL);
    }
    const bridge = loadConfig({ ...containerEnv('bridge'), WATCHSYNC_CONFIG: join(root, 'deploy', 'config.example.json') });
    expect(bridge.bridge.host, 'the published port reaches the bridge only on all interfaces').toBe('0.0.0.0');
    expect(publishedContainerPorts('bridge')).toEqual([bridge.bridge.port]);
  });

  it('writes no secret into the file: secrets are interpolated from .env, which .env.example leaves empty', () => {
    const secretVars = secretOverrides();
    expect(secretVars).toEqual(
      expect.arrayContaining(['PLEX_TOKEN', 'PLEX_HOME_USER_PIN', 'TRAKT_CLIENT_SECRET', 'WATCHSYNC_ADMIN_TOKEN']),
    );
    for (const name of names) {
      for (const [key, value] of Object.entries(env(name))) {
        if (secretVars.includes(key) || /PASSWORD|PWD|SECRET|TOKEN|PIN/.test(key)) {
          expect(value, `${name}: ${key}`).toMatch(/^\$\{[A-Z_]+(:[-?][^}]*)?\}$/);
        }
        // Credentials inside URLs (DATABASE_URL) come from .env too.
        const password = /:\/\/(?:\$\{[^}]*\}|[^:@/]*):([^@]*)@/.exec(value)?.[1];
        if (password !== undefined) expect(password, `${name}: ${key} password`).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]*\}$/);
      }
    }
    for (const key of [...secretVars, 'POSTGRES_PASSWORD']) expect(envExample[key], `.env.example ${key}`).toBe('');
    expect(() => interpolate(env('worker').DATABASE_URL as string, {})).toThrow(/POSTGRES_PASSWORD/);
  });

  it('documents in .env.example every variable the file interpolates, and nothing it does not use', () => {
    const used = new Set(interpolatedNames(composeText));
    for (const name of used) expect(Object.keys(envExample), `${name} in .env.example`).toContain(name);
    for (const name of Object.keys(envExample)) {
      expect(used.has(name) || composeOnlyVars.includes(name), `.env.example ${name} is used`).toBe(true);
    }
    expect(envExample.COMPOSE_PROFILES).toBe('full');
  });
});

describe('docker-compose.yml: health and shutdown', () => {
  it("gives the worker longer to stop than its own shutdown grace, so in-flight activities aren't killed", () => {
    const configured = containerEnv('worker').WATCHSYNC_SHUTDOWN_GRACE_MS;
    const graceMs = configured ? Number(configured) : workerSection.parse({}).shutdown_grace_ms;
    expect(workerSection.parse({ shutdown_grace_ms: graceMs }).shutdown_grace_ms).toBe(graceMs);
    // Compose sends SIGTERM, waits stop_grace_period, then SIGKILLs: leave room to close connections after the grace.
    expect(durationMs(services.worker?.stop_grace_period ?? '10s')).toBeGreaterThanOrEqual(graceMs + 10_000);
    // The env value wins over config.json, so a config file cannot stretch the grace past stop_grace_period.
    expect(configured).toBeTruthy();
    expect(durationMs(services.bridge?.stop_grace_period ?? '10s')).toBeGreaterThanOrEqual(10_000);
  });

  it('health-checks the worker through Temporal and the bridge through /health, with the script the image ships', () => {
    for (const name of watchsyncServices) {
      expect(services[name]?.healthcheck?.test).toEqual(['CMD', 'node', '/app/deploy/healthcheck.js', name]);
      expect(durationMs(services[name]?.healthcheck?.start_period ?? '0s')).toBeGreaterThan(0);
    }
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toMatch(/^COPY deploy\/healthcheck\.js \.\/deploy\/healthcheck\.js$/m);
    expect(services.postgres?.healthcheck?.test).toEqual(['CMD-SHELL', expect.stringContaining('pg_isready')]);
  });

  it('runs the worker and the bridge from the one image by command', () => {
    expect(services.worker?.command).toEqual(['worker']);
    expect(services.bridge?.command).toEqual(['bridge']);
    expect(services.worker?.image).toBe(services.bridge?.image);
  });
});

// `docker compose config` validates the file against the compose spec (no engine needed). The Docker CLI is on
// this machine; the compose plugin is not part of Debian's packages, so this runs where it has been installed.
const run = promisify(execFile);
const composeCli = (() => {
  try {
    execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(composeCli)('docker compose config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compose-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(profiles)('accepts the file with the %s profile and resolves the services the tests above expect', async (profile) => {
    writeFileSync(
      join(dir, '.env'),
      readFileSync(join(root, '.env.example'), 'utf8').replace(/^POSTGRES_PASSWORD=$/m, 'POSTGRES_PASSWORD=x'),
    );
    copyFileSync(join(root, 'deploy', 'config.example.json'), join(dir, 'config.json'));
    const { stdout } = await run(
      'docker',
      [
        'compose',
        '-f',
        join(root, 'docker-compose.yml'),
        '--env-file',
        join(dir, '.env'),
        '--profile',
        profile,
        'config',
        '--format',
        'json',
      ],
      { env: { ...process.env, COMPOSE_PROFILES: '' } },
    );
    const resolved = JSON.parse(stdout) as ComposeFile;
    expect(Object.keys(resolved.services).sort()).toEqual(active(profile).sort());
    expect(resolved.services.worker?.environment?.DATABASE_URL).toBe('postgres://watchsync:x@postgres:5432/watchsync');
  });
});
