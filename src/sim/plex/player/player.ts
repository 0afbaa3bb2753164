import type { LiveSession, LiveSessions, PlayableItem, PmsLibraryState } from '../contracts';
import { type NotificationContainer, playingContainer, type TimelineEntry, timelineContainer } from './frames';
import { type ActivitySpec, activitySequence, itemUpdatedEntry } from './libraryEvents';
import { describePlayable, type ItemDescriber } from './metadata';
import { NotificationHub } from './notificationHub';
import { PendingDeliveries } from './pending';
import { startRealtimeDriver } from './realtime';
import { liveSession, type PlaySession, playSessionNotification, watchedAtMs } from './session';
import { eventsWithThumb, type WebhookEvent, webhookPayload } from './webhookPayload';
import { WebhookPoster, type WebhookStats } from './webhookPoster';

export interface PlayerOptions {
  library: PmsLibraryState;
  /** Epoch ms. Simulated time is this clock plus everything `advance` added. */
  clock?: () => number;
  webhookUrls?: readonly string[];
  /** Play time between progress frames while playing (PMS: about 10 s). */
  progressIntervalMs?: number;
  /** Webhook `Metadata` for an item; `describeFromCatalog(catalog)` gives guids, show titles and indexes. */
  describe?: ItemDescriber;
  server?: { title?: string; version?: string };
}

export interface StartOptions {
  accountId: number;
  ratingKey: string;
  playerUuid?: string;
  playerTitle?: string;
  /** Resume position (ms). */
  viewOffsetMs?: number;
  /** The player is on the server's LAN. */
  local?: boolean;
}

export interface RateOptions {
  accountId: number;
  ratingKey: string;
  /** 0–10, two per star. */
  rating: number;
  playerUuid?: string;
  playerTitle?: string;
}

export interface Player extends LiveSessions {
  readonly notifications: NotificationHub;
  /** Starts playback; returns the new sessionKey. A player already playing something stops it first. */
  start(options: StartOptions): string;
  pause(sessionKey: string): void;
  resume(sessionKey: string): void;
  seek(sessionKey: string, offsetMs: number): void;
  buffer(sessionKey: string): void;
  stop(sessionKey: string): void;
  /** The same session moves on to the next episode (PMS keeps the sessionKey); returns the new ratingKey. */
  autoplayNext(sessionKey: string): string;
  /** A user rates an item from a player: a media.rate webhook. */
  rate(options: RateOptions): void;
  /** Moves simulated time: playing sessions progress, emit frames, cross the watched threshold, end. */
  advance(ms: number): void;
  /** Simulated now (epoch ms). */
  now(): number;
  /** Real-time mode for demos: simulated play runs at `speed` × wall time until stopRealtime(). */
  startRealtime(speed?: number): void;
  stopRealtime(): void;
  /** Library changes for the websocket (the PMS side reports its own, e.g. deletions). */
  publishTimeline(entries: TimelineEntry[]): void;
  publishActivity(activity: ActivitySpec): void;
  dropConnections(): void;
  refuseConnections(forMs: number): void;
  pauseDelivery(): void;
  resumeDelivery(): void;
  webhookStats(): WebhookStats;
  /** Waits until every frame and webhook queued so far was sent (frames held by pauseDelivery excepted). */
  flush(): Promise<void>;
}

const defaultServerVersion = '1.41.3.9314-a0bfb8370';
const defaultPlayerTitle = 'Plex Web (Chrome)';
const playerPublicAddress = '203.0.113.7';

class SimulatedPlayer implements Player {
  readonly notifications = new NotificationHub();
  private readonly sessionsByKey = new Map<string, PlaySession>();
  private readonly library: PmsLibraryState;
  private readonly clock: () => number;
  private readonly progressIntervalMs: number;
  private readonly describe: ItemDescriber;
  private readonly server: { title: string; uuid: string };
  private readonly pending = new PendingDeliveries();
  private readonly webhooks: WebhookPoster;
  private clockOffsetMs = 0;
  private lastSessionKey = 0;
  private lastPlayQueueItemID = 1000;
  private stopRealtimeDriver: (() => void) | undefined;

  constructor(options: PlayerOptions) {
    this.library = options.library;
    this.clock = options.clock ?? Date.now;
    this.progressIntervalMs = options.progressIntervalMs ?? 10_000;
    this.describe = options.describe ?? describePlayable;
    this.server = { title: options.server?.title ?? 'Plex Sim', uuid: options.library.machineIdentifier };
    const userAgent = `PlexMediaServer/${options.server?.version ?? defaultServerVersion}`;
    this.webhooks = new WebhookPoster(options.webhookUrls ?? [], userAgent, this.pending);
  }

  sessions(): readonly LiveSession[] {
    return [...this.sessionsByKey.values()].map(liveSession);
  }

  now(): number {
    return this.clock() + this.clockOffsetMs;
  }

  start(options: StartOptions): string {
    const account = this.library.accounts.find((a) => a.id === options.accountId);
    if (!account) throw new Error(`unknown account ${options.accountId}`);
    const item = this.playable(options.ratingKey);
    this.lastSessionKey += 1;
    const sessionKey = String(this.lastSessionKey);
    const playerUuid = options.playerUuid ?? `sim-player-${sessionKey}`;
    for (const other of this.sessionsByKey.values()) if (other.player.uuid === playerUuid) this.stop(other.sessionKey);
    const session: PlaySession = {
      sessionKey,
      account,
      player: {
        local: options.local ?? true,
        publicAddress: playerPublicAddress,
        title: options.playerTitle ?? defaultPlayerTitle,
        uuid: playerUuid,
      },
      item,
      state: 'playing',
      viewOffsetMs: Math.min(Math.max(options.viewOffsetMs ?? 0, 0), item.durationMs),
      playQueueItemID: this.nextPlayQueueItemID(),
      sinceFrameMs: 0,
      scrobbled: false,
    };
    this.sessionsByKey.set(sessionKey, session);
    this.emitState(session);
    this.webhook(session, 'media.play');
    this.checkWatched(session);
    return sessionKey;
  }

  pause(sessionKey: string): void {
    const session = this.session(sessionKey);
    if (session.state === 'paused') return;
    session.state = 'paused';
    this.emitState(session);
    this.webhook(session, 'media.pause');
  }

  resume(sessionKey: string): void {
    const session = this.session(sessionKey);
    if (session.state === 'playing') return;
    const wasPaused = session.state === 'paused';
    session.state = 'playing';
    this.emitState(session);
    // Leaving a buffering stall is not a user resume: no webhook.
    if (wasPaused) this.webhook(session, 'media.resume');
  }

  buffer(sessionKey: string): void {
    const session = this.session(sessionKey);
    if (session.state === 'buffering') return;
    session.state = 'buffering';
    this.emitState(session);
  }

  seek(sessionKey: string, offsetMs: number): void {
    const session = this.session(sessionKey);
    session.viewOffsetMs = Math.min(Math.max(offsetMs, 0), session.item.durationMs);
    this.emitState(session);
    this.checkWatched(session);
  }

  stop(sessionKey: string): void {
    const session = this.session(sessionKey);
    this.publish(playingContainer([playSessionNotification(session, 'stopped')]));
    this.persistOffset(session);
    this.webhook(session, 'media.stop');
    this.sessionsByKey.delete(sessionKey);
  }

  autoplayNext(sessionKey: string): string {
    const session = this.session(sessionKey);
    const nextKey = session.item.nextRatingKey;
    if (nextKey === undefined) throw new Error(`${session.item.ratingKey} has no next episode`);
    const next = this.playable(nextKey);
    // PMS sends no "stopped" frame here: the session simply reports the next item. Webhooks are per item.
    this.persistOffset(session);
    this.webhook(session, 'media.stop');
    Object.assign(session, {
      item: next,
      state: 'playing',
      viewOffsetMs: 0,
      playQueueItemID: this.nextPlayQueueItemID(),
      scrobbled: false,
    });
    this.emitState(session);
    this.webhook(session, 'media.play');
    return next.ratingKey;
  }

  rate(options: RateOptions): void {
    const account = this.library.accounts.find((a) => a.id === options.accountId);
    if (!account) throw new Error(`unknown account ${options.accountId}`);
    const item = this.playable(options.ratingKey);
    const player = {
      local: true,
      publicAddress: playerPublicAddress,
      title: options.playerTitle ?? defaultPlayerTitle,
      uuid: options.playerUuid ?? 'sim-rating-player',
    };
    const payload = webhookPayload({
      event: 'media.rate',
      rating: options.rating,
      account,
      server: this.server,
      player,
      metadata: this.describe(item),
    });
    this.webhooks.post(payload, true);
  }

  advance(ms: number): void {
    this.progress(ms, ms);
  }

  startRealtime(speed = 1): void {
    this.stopRealtime();
    // Wall time already moves the clock; only the extra (speed - 1) is added to simulated time.
    this.stopRealtimeDriver = startRealtimeDriver((elapsedMs) => this.progress(elapsedMs * speed, elapsedMs * (speed - 1)));
  }

  stopRealtime(): void {
    this.stopRealtimeDriver?.();
    this.stopRealtimeDriver = undefined;
  }

  publishTimeline(entries: TimelineEntry[]): void {
    this.publish(timelineContainer(entries));
  }

  publishActivity(activity: ActivitySpec): void {
    for (const container of activitySequence(activity)) this.publish(container);
  }

  dropConnections(): void {
    this.notifications.dropConnections();
  }

  refuseConnections(forMs: number): void {
    this.notifications.refuseConnections(forMs);
  }

  pauseDelivery(): void {
    this.notifications.pauseDelivery();
  }

  resumeDelivery(): void {
    this.notifications.resumeDelivery();
  }

  webhookStats(): WebhookStats {
    return { ...this.webhooks.stats };
  }

  async flush(): Promise<void> {
    await Promise.all([this.pending.settled(), this.notifications.pending.settled()]);
  }

  /**
   * Plays `playMs` in steps that stop at every event boundary (progress frame, watched threshold, end of
   * media) across all sessions, so frames from concurrent sessions come out in time order.
   */
  private progress(playMs: number, clockMs: number): void {
    let remaining = playMs;
    while (remaining > 0) {
      const playing = [...this.sessionsByKey.values()].filter((s) => s.state === 'playing');
      const step = Math.min(remaining, ...playing.map((s) => this.msToNextEvent(s)));
      remaining -= step;
      this.clockOffsetMs += playMs === 0 ? 0 : (step * clockMs) / playMs;
      for (const session of playing) {
        session.viewOffsetMs += step;
        session.sinceFrameMs += step;
        this.afterProgress(session);
      }
    }
  }

  private msToNextEvent(session: PlaySession): number {
    const toFrame = this.progressIntervalMs - session.sinceFrameMs;
    const toEnd = session.item.durationMs - session.viewOffsetMs;
    const toWatched = session.scrobbled ? toEnd : watchedAtMs(session.item) - session.viewOffsetMs;
    return Math.max(1, Math.min(toFrame, toEnd, toWatched));
  }

  private afterProgress(session: PlaySession): void {
    this.checkWatched(session);
    if (session.viewOffsetMs >= session.item.durationMs) this.stop(session.sessionKey);
    else if (session.sinceFrameMs >= this.progressIntervalMs) this.emitState(session);
  }

  /** Crossing 90 %: PMS marks the item played, tells websocket listeners, fires media.scrobble. */
  private checkWatched(session: PlaySession): void {
    if (session.scrobbled || session.viewOffsetMs < watchedAtMs(session.item)) return;
    session.scrobbled = true;
    const nowEpochS = Math.floor(this.now() / 1000);
    this.library.markPlayed(session.account.id, session.item.ratingKey, nowEpochS);
    this.publishTimeline([itemUpdatedEntry(session.item, nowEpochS)]);
    this.webhook(session, 'media.scrobble');
  }

  private emitState(session: PlaySession): void {
    session.sinceFrameMs = 0;
    this.persistOffset(session);
    this.publish(playingContainer([playSessionNotification(session, session.state)]));
  }

  /** PMS stores the resume position from every timeline report; a watched item resumes from the start. */
  private persistOffset(session: PlaySession): void {
    this.library.setViewOffset(session.account.id, session.item.ratingKey, session.scrobbled ? 0 : session.viewOffsetMs);
  }

  private webhook(session: PlaySession, event: WebhookEvent): void {
    const metadata = this.describe(session.item);
    const withOffset = event === 'media.pause' || event === 'media.resume' ? { ...metadata, viewOffset: session.viewOffsetMs } : metadata;
    const payload = webhookPayload({ event, account: session.account, server: this.server, player: session.player, metadata: withOffset });
    this.webhooks.post(payload, eventsWithThumb.has(event));
  }

  private publish(container: NotificationContainer): void {
    this.notifications.publish(container);
  }

  private session(sessionKey: string): PlaySession {
    const session = this.sessionsByKey.get(sessionKey);
    if (!session) throw new Error(`unknown session ${sessionKey}`);
    return session;
  }

  private playable(ratingKey: string): PlayableItem {
    const item = this.library.playable(ratingKey);
    if (!item) throw new Error(`${ratingKey} is not playable`);
    return item;
  }

  private nextPlayQueueItemID(): number {
    this.lastPlayQueueItemID += 1;
    return this.lastPlayQueueItemID;
  }
}

export function createPlayer(options: PlayerOptions): Player {
  return new SimulatedPlayer(options);
}
