#!/usr/bin/env node
// Container healthcheck for the watchsync image: `node deploy/healthcheck.js worker|bridge`. Exit 0 = healthy.
//
// worker: asks Temporal which pollers served the workflow task queue recently and passes only if one of them is
//   this container's worker (the SDK's default identity is `<pid>@<hostname>`, and every process in a container
//   shares its hostname). That proves more than "the process is alive": the worker connected to Temporal, found
//   its namespace and task queue, and is polling now. It starts no workflow, so it leaves no runs in the web UI.
// bridge: GET /health on the bridge's own port.
//
// Both read the same config as the process they check (config file + environment overrides).
'use strict';
const { hostname } = require('node:os');

/** Temporal long polls last about a minute; a live worker's last poll is never much older than that. */
const MAX_POLL_AGE_MS = 150_000;
const TIMEOUT_MS = 10_000;

function loadConfig() {
  try {
    return require('../dist/config').loadConfig();
  } catch (error) {
    // In the repository (tests) there may be no dist/: the TypeScript source, loaded through tsx.
    if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('dist/config')) {
      return require('../src/config').loadConfig();
    }
    throw error;
  }
}

async function checkWorker(config) {
  const { Connection } = require('@temporalio/client');
  const connection = await Connection.connect({ address: config.temporal.address, connectTimeout: TIMEOUT_MS });
  try {
    const response = await connection.workflowService.describeTaskQueue({
      namespace: config.temporal.namespace,
      taskQueue: { name: config.temporal.task_queue, kind: 1 /* TASK_QUEUE_KIND_NORMAL */ },
      taskQueueType: 1 /* TASK_QUEUE_TYPE_WORKFLOW */,
    });
    const host = process.env.WATCHSYNC_HEALTHCHECK_HOSTNAME || hostname();
    const now = Date.now();
    const mine = (response.pollers || []).filter((p) => typeof p.identity === 'string' && p.identity.endsWith(`@${host}`));
    const fresh = mine.some((p) => p.lastAccessTime && now - toMillis(p.lastAccessTime) <= MAX_POLL_AGE_MS);
    if (!fresh) {
      const seen = (response.pollers || []).map((p) => p.identity).join(', ') || 'none';
      throw new Error(`no recent poller from ${host} on task queue ${config.temporal.task_queue} (pollers: ${seen})`);
    }
    return `worker polling ${config.temporal.namespace}/${config.temporal.task_queue}`;
  } finally {
    await connection.close();
  }
}

async function checkBridge(config) {
  const response = await fetch(`http://127.0.0.1:${config.bridge.port}/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`bridge /health answered ${response.status}`);
  return `bridge ${JSON.stringify(await response.json())}`;
}

function toMillis(timestamp) {
  return Number(timestamp.seconds) * 1000 + Math.floor((timestamp.nanos || 0) / 1e6);
}

async function main() {
  const role = process.argv[2];
  const check = { worker: checkWorker, bridge: checkBridge }[role];
  if (!check) throw new Error('usage: healthcheck.js worker|bridge');
  const message = await check(loadConfig());
  process.stdout.write(`${message}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`unhealthy: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
