/**
 * Failures in the middle of a paged listing: the N-th page of `GET /library/sections/:sectionId/all` fails
 * while the first pages succeed — the case that must never turn into an "incomplete snapshot with removals".
 * Route-level faults (latency, error rate, outages) are the shared FaultBoard's; this only knows pages.
 */
export interface PageFaultRule {
  /** Requests whose X-Plex-Container-Start is at or past this offset fail. */
  fromOffset: number;
  /** Status of the failure (default 500). */
  status?: number;
  /** Drop the connection instead of answering. */
  refuse?: boolean;
  /** Fail this many times, then clear (default: until cleared). */
  times?: number;
}

export class PageFaults {
  private rules = new Map<string, PageFaultRule>();

  set(route: string, rule: PageFaultRule): void {
    this.rules.set(route, { ...rule });
  }

  clear(route?: string): void {
    if (route === undefined) this.rules.clear();
    else this.rules.delete(route);
  }

  snapshot(): Record<string, PageFaultRule> {
    return Object.fromEntries(this.rules);
  }

  /** The rule that fails this page, if any (counting down `times`). */
  take(route: string, start: number): PageFaultRule | undefined {
    const rule = this.rules.get(route);
    if (!rule || start < rule.fromOffset) return undefined;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) this.rules.delete(route);
    }
    return rule;
  }
}
