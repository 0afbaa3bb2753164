/** What the scrobble workflows say about live playback: for `watchsync scrobble status` and the dashboard. */
import type { Client } from '@temporalio/client';
import { type ScrobbleStatus, scrobbleStatusQuery, scrobbleWorkflowId, scrobbleWorkflowType } from '../workflows/scrobble-api';

/** The scrobble workflows the worker of this config runs (its task queue), one per Plex server. */
export async function runningScrobbleServers(client: Client, taskQueue: string): Promise<string[]> {
  const ids: string[] = [];
  const query = `WorkflowType = '${scrobbleWorkflowType}' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`;
  for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId.replace(/^scrobble\//, ''));
  return ids.sort();
}

/** One server's status, or why its workflow did not answer: a stuck workflow must not hide the others. */
export type ServerStatus = { serverUuid: string; status: ScrobbleStatus } | { serverUuid: string; error: string };

export async function queryScrobbleServer(client: Client, serverUuid: string): Promise<ServerStatus> {
  try {
    return { serverUuid, status: await client.workflow.getHandle(scrobbleWorkflowId(serverUuid)).query(scrobbleStatusQuery) };
  } catch (error) {
    return { serverUuid, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Every running scrobble workflow's status (or why it did not answer), by server. */
export async function scrobbleStatuses(client: Client, taskQueue: string): Promise<ServerStatus[]> {
  const servers = await runningScrobbleServers(client, taskQueue);
  return Promise.all(servers.map((uuid) => queryScrobbleServer(client, uuid)));
}
