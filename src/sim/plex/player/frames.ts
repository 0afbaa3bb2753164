/** The PMS websocket frames (`/:/websockets/notifications`), in the envelope real servers send. */

export type PlaybackState = 'playing' | 'paused' | 'buffering' | 'stopped';

/** Field order follows captured frames; there is no user info, clients map sessionKey via /status/sessions. */
export interface PlaySessionStateNotification {
  sessionKey: string;
  clientIdentifier: string;
  guid: '';
  ratingKey: string;
  url: '';
  key: string;
  viewOffset: number;
  playQueueItemID: number;
  state: PlaybackState;
}

/** Library item changes; `state` 5 is "done" (item updated), 9 with metadataState "deleted" is a removal. */
export interface TimelineEntry {
  identifier: string;
  sectionID: number;
  itemID: number;
  type: number;
  title: string;
  state: number;
  metadataState?: string;
  updatedAt: number;
}

export interface ActivityNotification {
  event: 'started' | 'updated' | 'ended';
  uuid: string;
  Activity: {
    uuid: string;
    type: string;
    cancellable: boolean;
    userID: number;
    title: string;
    subtitle: string;
    progress: number;
    Context?: { key: string };
  };
}

export type NotificationContainer =
  | { type: 'playing'; size: number; PlaySessionStateNotification: PlaySessionStateNotification[] }
  | { type: 'timeline'; size: number; TimelineEntry: TimelineEntry[] }
  | { type: 'activity'; size: number; ActivityNotification: ActivityNotification[] };

export function playingContainer(notifications: PlaySessionStateNotification[]): NotificationContainer {
  return { type: 'playing', size: notifications.length, PlaySessionStateNotification: notifications };
}

export function timelineContainer(entries: TimelineEntry[]): NotificationContainer {
  return { type: 'timeline', size: entries.length, TimelineEntry: entries };
}

export function activityContainer(notifications: ActivityNotification[]): NotificationContainer {
  return { type: 'activity', size: notifications.length, ActivityNotification: notifications };
}

/** The text frame on the wire; python-plexapi strips the `NotificationContainer` wrapper. */
export function encodeFrame(container: NotificationContainer): string {
  return JSON.stringify({ NotificationContainer: container });
}
