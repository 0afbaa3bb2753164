import { type Dispatcher, WebSocket } from 'undici';
import type { PlayEvent } from '../domain/scrobble';
import type { Logger } from '../log';
import { backoffDelayMs } from './backoff';
import { InvalidInputError, isIgnored, playEventsFromFrame } from './events';
import type { PmsConnection, PmsReader } from './pms';
import type { ScrobbleSignaller } from './signaller';

export interface WatcherOptions {
  pms: PmsConnection;
  reader: PmsReader;
  signaller: ScrobbleSignaller;
  log: Logger;
  backoff: { minMs: number; maxMs: number };
  /** Refuse a PMS reporting another machineIdentifier. */
  serverUuidPin?: string;
  /** What the Temporal UI calls this server (PMS identity has no friendly name). */
  serverName: string;
  /** Frames longer than this are refused unread. */
  maxFrameBytes: number;
  /** Stamps `receivedAt`. */
  clock: () => number;
}

export interface WatcherStatus {
  state: 'stopped' | 'connecting' | 'connected' | 'waiting';
  serverUuid?: string;
  connectedSince?: string;
  connects: number;
  framesReceived: number;
  framesRejected: number;
  framesIgnored: number;
  eventsDelivered: number;
  eventsDropped: number;
  pendingDeliveries: number;
  lastError?: string;
  nextAttemptAt?: string;
}

/** Deliveries queued while Temporal is slow or down; beyond this, new events are dropped (and counted). */
const maxPendingDeliveries = 10_000;
/** Play events queued behind a signal in flight go out together, at most this many to a signal. */
const maxEventsPerSignal = 200;
/** Back-off between attempts to signal, doubling up to the max. */
const deliveryRetry = { baseMs: 250, maxMs: 5_000 };
/** A watcher being stopped stops retrying after this many attempts (events still queued are then dropped). */
const attemptsWhileStopping = 5;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ServerMismatchError extends Error {
  constructor(expected: string, actual: string) {
    super(`PMS reports machineIdentifier ${actual}, not the configured ${expected}`);
    this.name = 'ServerMismatchError';
  }
}

/**
 * Listens to `/:/websockets/notifications` of one PMS and signals the play events of each `playing` notification
 * in arrival order (batched while a signal is in flight). Reconnects with back-off; after every connect it sends `/status/sessions` so the workflow
 * closes the sessions that ended while nobody was listening.
 */
export class PmsWatcher {
  private running = false;
  private loop: Promise<void> | undefined;
  private socket: WebSocket | undefined;
  private wake: (() => void) | undefined;
  private deliveries: Promise<void> = Promise.resolve();
  /** In arrival order: play events, and snapshots to read from the PMS when their turn comes. */
  private readonly queue: Array<{ event: PlayEvent } | { snapshotOf: string }> = [];
  private draining = false;
  /**
   * Who plays each live session (undefined: asked, not found). Frames name no user, and by the time the workflow
   * asks (a worker restarting) the session may be over: a whitelist would then drop the play as "user unknown".
   */
  private users = new Map<string, string | undefined>();
  private readonly stats: WatcherStatus = {
    state: 'stopped',
    connects: 0,
    framesReceived: 0,
    framesRejected: 0,
    framesIgnored: 0,
    eventsDelivered: 0,
    eventsDropped: 0,
    pendingDeliveries: 0,
  };

  constructor(private readonly options: WatcherOptions) {}

  status(): WatcherStatus {
    return { ...this.stats };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Closes the socket and stops reconnecting; deliveries already queued still go out. */
  async stop(): Promise<void> {
    this.running = false;
    this.socket?.close();
    this.wake?.();
    await this.loop;
    await this.deliveries;
    this.stats.state = 'stopped';
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      const connected = await this.connectOnce().catch((error: unknown) => {
        this.stats.lastError = (error as Error).message;
        this.options.log.warn({ err: error }, 'PMS websocket failed');
        return false;
      });
      if (!this.running) break;
      failures = connected ? 0 : failures + 1;
      await this.waitBeforeReconnect(failures);
    }
  }

  private async waitBeforeReconnect(failures: number): Promise<void> {
    const { minMs, maxMs } = this.options.backoff;
    const delayMs = backoffDelayMs(failures, minMs, maxMs);
    this.stats.state = 'waiting';
    this.stats.nextAttemptAt = new Date(Date.now() + delayMs).toISOString();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delayMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
    this.stats.nextAttemptAt = undefined;
  }

  /** One connection, until it closes. True when it opened (the back-off starts over). */
  private async connectOnce(): Promise<boolean> {
    const { pms, reader, serverUuidPin, log } = this.options;
    this.stats.state = 'connecting';
    const serverUuid = await reader.serverUuid();
    if (serverUuidPin !== undefined && serverUuid !== serverUuidPin) throw new ServerMismatchError(serverUuidPin, serverUuid);
    this.stats.serverUuid = serverUuid;
    this.options.signaller.nameServer(serverUuid, this.options.serverName);
    const socket = new WebSocket(notificationsUrl(pms), pms.dispatcher ? { dispatcher: pms.dispatcher as Dispatcher } : undefined);
    this.socket = socket;
    let opened = false;
    await new Promise<void>((resolve) => {
      socket.addEventListener('open', () => {
        opened = true;
        this.stats.state = 'connected';
        this.stats.connects += 1;
        this.stats.connectedSince = new Date().toISOString();
        log.info({ serverUuid }, 'PMS websocket connected');
        this.sendSnapshot(serverUuid);
      });
      socket.addEventListener('message', (event) => this.onFrame(event.data, serverUuid));
      socket.addEventListener('error', (event) => {
        this.stats.lastError = (event as { message?: string }).message ?? 'websocket error';
      });
      socket.addEventListener('close', () => resolve());
      if (!this.running) socket.close();
    });
    this.socket = undefined;
    this.stats.connectedSince = undefined;
    if (opened) log.warn({ serverUuid }, 'PMS websocket closed');
    return opened;
  }

  private onFrame(data: unknown, serverUuid: string): void {
    this.stats.framesReceived += 1;
    const receivedAt = this.options.clock();
    if (typeof data !== 'string' || Buffer.byteLength(data) > this.options.maxFrameBytes) {
      this.reject(typeof data === 'string' ? 'frame too large' : 'binary frame');
      return;
    }
    let events: PlayEvent[];
    try {
      const parsed = playEventsFromFrame(data, serverUuid, receivedAt);
      if (isIgnored(parsed)) {
        this.stats.framesIgnored += 1;
        return;
      }
      events = parsed;
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      this.reject(error.message);
      return;
    }
    for (const event of events) this.enqueue({ event });
  }

  private reject(reason: string): void {
    this.stats.framesRejected += 1;
    this.options.log.debug({ reason }, 'PMS frame rejected');
  }

  private sendSnapshot(serverUuid: string): void {
    this.enqueue({ snapshotOf: serverUuid });
  }

  private enqueue(item: { event: PlayEvent } | { snapshotOf: string }): void {
    if (this.stats.pendingDeliveries >= maxPendingDeliveries) {
      this.stats.eventsDropped += 1;
      return;
    }
    this.stats.pendingDeliveries += 1;
    this.queue.push(item);
    if (!this.draining) {
      this.draining = true;
      this.deliveries = this.drain();
    }
  }

  /**
   * One signal at a time, in arrival order: the workflow must see a session's events in sequence. The play
   * events that queued up while a signal was in flight go out together in the next one, so a burst of frames
   * costs a few signals (and workflow tasks), not one each; one event on its own still goes at once.
   */
  private async drain(): Promise<void> {
    const { signaller } = this.options;
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if ('snapshotOf' in head) {
        this.queue.shift();
        const serverUuid = head.snapshotOf;
        await this.deliverWithRetries(1, async () => {
          const sessions = await this.readSessions();
          await signaller.deliverSnapshot({
            kind: 'sessions-snapshot',
            serverUuid,
            sessions: sessions.map(({ sessionKey, ratingKey }) => ({ sessionKey, ratingKey })),
          });
        });
        continue;
      }
      let count = 0;
      while (count < this.queue.length && count < maxEventsPerSignal && 'event' in this.queue[count]!) count += 1;
      const batch = await this.withUsers(this.queue.splice(0, count).map((item) => (item as { event: PlayEvent }).event));
      await this.deliverWithRetries(batch.length, () =>
        batch.length === 1 ? signaller.deliver(batch[0]!) : signaller.deliverBatch(batch[0]!.serverUuid, batch),
      );
    }
    this.draining = false;
  }

  /**
   * Retries until the signal is durable: while Temporal is down, events wait in the queue (up to its cap) instead
   * of being dropped, since PMS never sends a frame twice and a lost stop is a lost scrobble.
   */
  private async readSessions(): ReturnType<PmsReader['sessions']> {
    const sessions = await this.options.reader.sessions();
    this.users = new Map(sessions.map((s) => [s.sessionKey, s.user]));
    return sessions;
  }

  /** Names the user of sessions seen for the first time, asking PMS while they are live (once per batch). */
  private async withUsers(batch: PlayEvent[]): Promise<PlayEvent[]> {
    if (batch.some((e) => e.user === undefined && !this.users.has(e.sessionKey))) {
      await this.readSessions().catch((error: unknown) => {
        // The workflow's enrichment asks again; the events must not wait for PMS.
        this.options.log.debug({ err: error }, 'could not read /status/sessions for the users of new sessions');
      });
      for (const e of batch) if (!this.users.has(e.sessionKey)) this.users.set(e.sessionKey, undefined);
    }
    return batch.map((e) => {
      const user = e.user ?? this.users.get(e.sessionKey);
      return user === undefined ? e : { ...e, user };
    });
  }

  private async deliverWithRetries(events: number, deliver: () => Promise<void>): Promise<void> {
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          await deliver();
          this.stats.eventsDelivered += events;
          return;
        } catch (error) {
          this.stats.lastError = (error as Error).message;
          if (!this.running && attempt >= attemptsWhileStopping) {
            this.stats.eventsDropped += events;
            this.options.log.error({ err: error, events }, 'stopping: could not signal the scrobble workflow; events dropped');
            return;
          }
          if (attempt === 1) this.options.log.warn({ err: error, events }, 'could not signal the scrobble workflow; retrying');
          await sleep(Math.min(deliveryRetry.maxMs, deliveryRetry.baseMs * 2 ** (attempt - 1)));
        }
      }
    } finally {
      this.stats.pendingDeliveries -= events;
    }
  }
}

function notificationsUrl(pms: PmsConnection): string {
  const url = new URL('/:/websockets/notifications', pms.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('filters', 'playing');
  url.searchParams.set('X-Plex-Token', pms.token);
  return url.toString();
}
