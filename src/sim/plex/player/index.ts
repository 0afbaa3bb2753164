export type { ActivityNotification, NotificationContainer, PlaybackState, PlaySessionStateNotification, TimelineEntry } from './frames';
export type { ActivitySpec } from './libraryEvents';
export { describeFromCatalog, describePlayable, type ItemDescriber, type WebhookMetadata } from './metadata';
export type { NotificationHub } from './notificationHub';
export { type NotificationsOptions, registerNotifications } from './notifications';
export { createPlayer, type Player, type PlayerOptions, type RateOptions, type StartOptions } from './player';
export type { WebhookEvent } from './webhookPayload';
export type { WebhookStats } from './webhookPoster';
