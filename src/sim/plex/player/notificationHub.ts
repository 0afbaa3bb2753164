import { encodeFrame, type NotificationContainer } from './frames';
import { PendingDeliveries } from './pending';

/** The part of a `ws` socket the hub uses. */
export interface NotificationSocket {
  readonly readyState: number;
  send(data: string, callback: (error?: Error) => void): void;
  terminate(): void;
  on(event: 'close', listener: () => void): void;
}

const socketOpen = 1;

/**
 * Fans notification frames out to the connected websockets, and carries the connection faults:
 * dropping every socket, refusing new connections for a while, and holding frames back.
 */
export class NotificationHub {
  /** Socket → the frame types it asked for (`?filters=playing,timeline`), or undefined for all. */
  private readonly sockets = new Map<NotificationSocket, ReadonlySet<string> | undefined>();
  private held: NotificationContainer[] | undefined;
  private refuseUntil = 0;
  readonly pending = new PendingDeliveries();
  readonly stats = { framesSent: 0, connectionsAccepted: 0, connectionsRefused: 0 };

  attach(socket: NotificationSocket, filters?: ReadonlySet<string>): void {
    this.sockets.set(socket, filters);
    this.stats.connectionsAccepted += 1;
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Real time (Date.now), since reconnecting clients wait in real time. */
  accepting(): boolean {
    const open = Date.now() >= this.refuseUntil;
    if (!open) this.stats.connectionsRefused += 1;
    return open;
  }

  refuseConnections(forMs: number): void {
    this.refuseUntil = Date.now() + forMs;
  }

  /** Kills every socket without a close handshake, as a server restart or network cut would. */
  dropConnections(): void {
    for (const socket of this.sockets.keys()) socket.terminate();
    this.sockets.clear();
  }

  /** Frames published while paused are delivered, in order, on resume. */
  pauseDelivery(): void {
    this.held ??= [];
  }

  resumeDelivery(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const container of held) this.broadcast(container);
  }

  connectionCount(): number {
    return this.sockets.size;
  }

  publish(container: NotificationContainer): void {
    if (this.held) this.held.push(container);
    else this.broadcast(container);
  }

  private broadcast(container: NotificationContainer): void {
    const frame = encodeFrame(container);
    for (const [socket, filters] of this.sockets) {
      if (socket.readyState !== socketOpen || (filters && !filters.has(container.type))) continue;
      this.stats.framesSent += 1;
      this.pending.track(new Promise<void>((resolve) => socket.send(frame, () => resolve())));
    }
  }
}
