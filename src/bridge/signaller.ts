import type { Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import type { PlayEvent, ScrobbleEvent, SessionsSnapshotEvent } from '../domain/scrobble';
import type { scrobble } from '../workflows';
import {
  playEventSignal,
  plexServerNameMemo,
  type ScrobbleWorkflowInput,
  scrobbleEventsSignal,
  scrobbleRulesSignal,
  scrobbleWorkflowId,
  scrobbleWorkflowType,
  sessionsSnapshotSignal,
} from '../workflows/scrobble-api';

/** Hands events to the scrobble workflow of their server; resolves once the signal is durable in its history. */
export interface ScrobbleSignaller {
  deliver(event: PlayEvent): Promise<void>;
  deliverSnapshot(snapshot: SessionsSnapshotEvent): Promise<void>;
  /** Events of one server, in order, as one signal. */
  deliverBatch(serverUuid: string, events: ScrobbleEvent[]): Promise<void>;
  /** The name a server goes by, shown in the Temporal UI by a workflow this signaller starts for it. */
  nameServer(serverUuid: string, name: string): void;
}

export interface SignallerOptions {
  client: Client;
  taskQueue: string;
  /** The workflow input used when the server's workflow is not running yet. */
  input(serverUuid: string): ScrobbleWorkflowInput;
  /** Who starts the workflow, for its details in the Temporal UI ("the bridge, from webhooks and the websocket"). */
  startedBy: string;
}

/**
 * What the Temporal UI shows of a scrobble workflow: the server by name, since its ID is a 40-hex machineIdentifier.
 * The name is in its memo too, where `scrobble status` and the dashboard read it when they list the workflows.
 */
export function scrobbleRunMetadata(serverUuid: string, name: string | undefined, startedBy: string) {
  const server = name ? `"${name}"` : serverUuid;
  return {
    ...(name ? { memo: { [plexServerNameMemo]: name } } : {}),
    staticSummary: `Live scrobbling to Trakt for Plex server ${server}`,
    staticDetails: [
      `**Plex server:** ${name ?? '(name not known yet)'}`,
      `**machineIdentifier:** ${serverUuid}`,
      `**Started by:** ${startedBy}`,
      'Signals: `playEvent`, `scrobbleEvents`, `sessionsSnapshot`, `scrobbleRules`; query `status` (`watchsync scrobble status`).',
    ].join('\n\n'),
  };
}

/**
 * signalWithStart: one call that signals the running workflow or starts it with the signal. Before its first
 * event for a server, a signaller sends that workflow the rules of its config: a workflow started by an earlier
 * bridge (with an older config) adopts them.
 */
export function createScrobbleSignaller({ client, taskQueue, input, startedBy }: SignallerOptions): ScrobbleSignaller {
  const names = new Map<string, string>();
  const signal = async <T>(serverUuid: string, definition: SignalDefinition<[T]>, arg: T): Promise<void> => {
    await client.workflow.signalWithStart<typeof scrobble, [T]>(scrobbleWorkflowType, {
      workflowId: scrobbleWorkflowId(serverUuid),
      taskQueue,
      // Only a start uses these; a signal to the running workflow leaves its metadata as it was.
      ...scrobbleRunMetadata(serverUuid, names.get(serverUuid), startedBy),
      args: [input(serverUuid)],
      signal: definition,
      signalArgs: [arg],
    });
  };
  const announced = new Map<string, Promise<void>>();
  const announceRules = (serverUuid: string): Promise<void> => {
    let announcing = announced.get(serverUuid);
    if (!announcing) {
      announcing = signal(serverUuid, scrobbleRulesSignal, input(serverUuid).rules);
      announced.set(serverUuid, announcing);
      // Not announced after all: the next delivery tries again.
      announcing.catch(() => announced.delete(serverUuid));
    }
    return announcing;
  };
  const send = async <T>(serverUuid: string, definition: SignalDefinition<[T]>, arg: T) => {
    await announceRules(serverUuid);
    await signal(serverUuid, definition, arg);
  };
  return {
    deliver: (event) => send(event.serverUuid, playEventSignal, event),
    deliverSnapshot: (snapshot) => send(snapshot.serverUuid, sessionsSnapshotSignal, snapshot),
    deliverBatch: (serverUuid, events) => send(serverUuid, scrobbleEventsSignal, events),
    nameServer: (serverUuid, name) => {
      if (name.trim() !== '') names.set(serverUuid, name.trim());
    },
  };
}
