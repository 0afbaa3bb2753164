/** In-flight deliveries (frames, webhooks), so tests can wait until everything queued so far went out. */
export class PendingDeliveries {
  private readonly inFlight = new Set<Promise<unknown>>();

  track(delivery: Promise<unknown>): void {
    this.inFlight.add(delivery);
    const done = () => this.inFlight.delete(delivery);
    delivery.then(done, done);
  }

  /** Resolves once nothing is in flight, including deliveries queued while waiting. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
