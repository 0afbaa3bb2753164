import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { type Config, configPath, loadConfig } from '../config';
import { configFileOf } from '../config/worker-identity';

export interface PollingWorker {
  identity: string;
  /** The config file it runs with, when it is a watchsync worker that says so. */
  configFile?: string;
  lastAccess?: Date;
}

/** The workers polling the config's task queue for workflow tasks (DescribeTaskQueue; workflow tasks by default). */
export async function pollingWorkers(client: Client, config: Config): Promise<PollingWorker[]> {
  const response = await client.workflowService.describeTaskQueue({
    namespace: config.temporal.namespace,
    taskQueue: { name: config.temporal.task_queue },
  });
  return (response.pollers ?? []).map((poller) => {
    const identity = poller.identity ?? '';
    const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
    return {
      identity,
      configFile: configFileOf(identity),
      lastAccess: seconds > 0 ? new Date(seconds * 1000) : undefined,
    };
  });
}

/** Config files the polling workers read that are not the CLI's own. */
export function otherConfigs(workers: PollingWorker[], cliConfigFile = resolve(configPath())): string[] {
  return [...new Set(workers.map((w) => w.configFile).filter((file): file is string => file !== undefined && file !== cliConfigFile))];
}

/** For an unknown pair: which running worker's config has it, and how to point the CLI there. */
export async function pairElsewhereHint(client: Client, config: Config, pairId: string): Promise<string | undefined> {
  const others = otherConfigs(await pollingWorkers(client, config));
  for (const file of others) {
    let pairs: string[] = [];
    try {
      pairs = loadConfig({ ...process.env, WATCHSYNC_CONFIG: file }).pairs.map((p) => p.id);
    } catch {
      // Not readable from here (another machine, another container): still worth naming.
    }
    if (pairs.includes(pairId))
      return `The worker polling task queue "${config.temporal.task_queue}" runs with ${file}, which has pair "${pairId}": run the CLI with WATCHSYNC_CONFIG=${file}`;
  }
  if (others.length > 0)
    return `Note: the worker polling task queue "${config.temporal.task_queue}" runs with ${others.join(', ')}, not this CLI's config.`;
  return undefined;
}
