import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Client } from 'pg';
import type { TestProject } from 'vitest/node';
import { type DevServer, startDevServer } from '../../src/devserver/temporal';
import { createPool } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { workflowsPath } from '../../src/worker';

import type { ProvidedServices } from '../support/services';

/** The project's own scripts find or build the CLI and start PostgreSQL; `npm test` has run them already. */
function ensure(script: string, envName: string): string {
  return process.env[envName] || execFileSync('bash', [join(__dirname, '..', '..', 'scripts', script)], { encoding: 'utf8' }).trim();
}

/** A fresh database per run, so tests see only what they wrote. */
async function createTestDatabase(adminUrl: string): Promise<string> {
  const name = `watchsync_test_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(adminUrl: string, testUrl: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${new URL(testUrl).pathname.slice(1)} with (force)`).finally(() => admin.end());
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cliPath = ensure('ensure-temporal.sh', 'TEMPORAL_CLI_PATH');
  const adminUrl = ensure('ensure-postgres.sh', 'DATABASE_URL');

  const started = Date.now();
  const [server, databaseUrl, bundle] = await Promise.all([
    startDevServer({ cliPath, headless: true }) as Promise<DevServer>,
    createTestDatabase(adminUrl),
    bundleWorkflowCode({
      workflowsPath,
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never,
    }),
  ]);
  const pool = createPool(databaseUrl, 2);
  await migrate(pool);
  await pool.end();

  const dir = mkdtempSync(join(tmpdir(), 'watchsync-test-'));
  const workflowBundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, bundle.code);
  console.log(
    `[global setup] Temporal dev server ${server.address}, PostgreSQL ${new URL(databaseUrl).pathname.slice(1)}, ready in ${Date.now() - started} ms`,
  );

  const services: ProvidedServices = { temporalAddress: server.address, databaseUrl, workflowBundlePath };
  // vitest's ProvidedContext can't be augmented from a CommonJS project, hence the untyped provide.
  (project.provide as (key: string, value: unknown) => void)('services', services);

  return async () => {
    await server.stop();
    await dropDatabase(adminUrl, databaseUrl).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
}
