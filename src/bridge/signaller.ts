import type { Client } from '@temporalio/client';
import type { PlayEvent, ScrobbleEvent, SessionsSnapshotEvent } from '../domain/scrobble';
import type { scrobble } from '../workflows';
import {
  playEventSignal,
  type ScrobbleWorkflowInput,
  scrobbleEventsSignal,
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
}

export interface SignallerOptions {
  client: Client;
  taskQueue: string;
  /** The workflow input used when the server's workflow is not running yet. */
  input(serverUuid: string): ScrobbleWorkflowInput;
}

/** signalWithStart: one call that signals the running workflow or starts it with the signal. */
export function createScrobbleSignaller({ client, taskQueue, input }: SignallerOptions): ScrobbleSignaller {
  const target = (serverUuid: string) => ({
    workflowId: scrobbleWorkflowId(serverUuid),
    taskQueue,
    args: [input(serverUuid)] as [ScrobbleWorkflowInput],
  });
  return {
    async deliver(event) {
      await client.workflow.signalWithStart<typeof scrobble, [PlayEvent]>(scrobbleWorkflowType, {
        ...target(event.serverUuid),
        signal: playEventSignal,
        signalArgs: [event],
      });
    },
    async deliverSnapshot(snapshot) {
      await client.workflow.signalWithStart<typeof scrobble, [SessionsSnapshotEvent]>(scrobbleWorkflowType, {
        ...target(snapshot.serverUuid),
        signal: sessionsSnapshotSignal,
        signalArgs: [snapshot],
      });
    },
    async deliverBatch(serverUuid, events) {
      await client.workflow.signalWithStart<typeof scrobble, [ScrobbleEvent[]]>(scrobbleWorkflowType, {
        ...target(serverUuid),
        signal: scrobbleEventsSignal,
        signalArgs: [events],
      });
    },
  };
}
