import { randomUUID } from 'node:crypto';
import type { PlayableItem } from '../contracts';
import { type ActivityNotification, activityContainer, type NotificationContainer, type TimelineEntry } from './frames';

/** PMS timeline states: 5 = item done/updated, 9 = deleted. */
export const timelineState = { updated: 5, deleted: 9 } as const;
const plexTypeNumbers = { movie: 1, episode: 4 } as const;

/** The timeline entry PMS sends when a library item changed (e.g. its watched state after a scrobble). */
export function itemUpdatedEntry(item: PlayableItem, updatedAtEpochS: number): TimelineEntry {
  return {
    identifier: 'com.plexapp.plugins.library',
    sectionID: item.librarySectionID,
    itemID: Number(item.ratingKey),
    type: plexTypeNumbers[item.type],
    title: item.title,
    state: timelineState.updated,
    updatedAt: updatedAtEpochS,
  };
}

export interface ActivitySpec {
  /** e.g. "library.refresh.items", "library.update.section". */
  type: string;
  title: string;
  subtitle?: string;
  /** e.g. "/library/metadata/513". */
  contextKey?: string;
  userID?: number;
}

/** A whole background activity as PMS reports it: started, updated with progress, ended at 100. */
export function activitySequence(spec: ActivitySpec): NotificationContainer[] {
  const uuid = randomUUID();
  const notification = (event: ActivityNotification['event'], progress: number): ActivityNotification => ({
    event,
    uuid,
    Activity: {
      uuid,
      type: spec.type,
      cancellable: false,
      userID: spec.userID ?? 1,
      title: spec.title,
      subtitle: spec.subtitle ?? '',
      progress,
      ...(spec.contextKey !== undefined && event !== 'started' ? { Context: { key: spec.contextKey } } : {}),
    },
  });
  return [notification('started', 0), notification('updated', 50), notification('ended', 100)].map((n) => activityContainer([n]));
}
