/** What the scrobble workflows say about live playback: for `watchsync scrobble status` and the dashboard. */
import type { Client } from '@temporalio/client';
import {
  plexServerNameMemo,
  type ScrobbleStatus,
  scrobbleStatusQuery,
  scrobbleWorkflowId,
  scrobbleWorkflowType,
} from '../workflows/scrobble-api';

/** A Plex server by its machineIdentifier, and its name when the bridge that started its workflow knew it. */
export interface ScrobbleServer {
  serverUuid: string;
  name?: string;
}

/** The scrobble workflows the worker of this config runs (its task queue), one per Plex server. */
export async function runningScrobbleServers(client: Client, taskQueue: string): Promise<ScrobbleServer[]> {
  const servers: ScrobbleServer[] = [];
  const query = `WorkflowType = '${scrobbleWorkflowType}' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`;
  for await (const execution of client.workflow.list({ query })) {
    const name = execution.memo?.[plexServerNameMemo];
    servers.push({ serverUuid: execution.workflowId.replace(/^scrobble\//, ''), ...(typeof name === 'string' ? { name } : {}) });
  }
  return servers.sort((a, b) => a.serverUuid.localeCompare(b.serverUuid));
}

/** One server's status, or why its workflow did not answer: a stuck workflow must not hide the others. */
export type ServerStatus = ScrobbleServer & ({ status: ScrobbleStatus } | { error: string });

export async function queryScrobbleServer(client: Client, server: ScrobbleServer): Promise<ServerStatus> {
  try {
    return { ...server, status: await client.workflow.getHandle(scrobbleWorkflowId(server.serverUuid)).query(scrobbleStatusQuery) };
  } catch (error) {
    return { ...server, error: error instanceof Error ? error.message : String(error) };
  }
}

/** How a server is named to a user: its machineIdentifier (what `--server` takes), then its name when known. */
export const serverLabel = ({ serverUuid, name }: ScrobbleServer): string => (name ? `${serverUuid} "${name}"` : serverUuid);

/** Every running scrobble workflow's status (or why it did not answer), by server. */
export async function scrobbleStatuses(client: Client, taskQueue: string): Promise<ServerStatus[]> {
  const servers = await runningScrobbleServers(client, taskQueue);
  return Promise.all(servers.map((server) => queryScrobbleServer(client, server)));
}
