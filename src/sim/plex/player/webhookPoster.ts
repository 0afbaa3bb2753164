import { request } from 'undici';
import { encodeMultipart, type MultipartPart } from './multipart';
import type { PendingDeliveries } from './pending';
import { thumbJpeg } from './thumb';

export interface WebhookStats {
  delivered: number;
  failed: number;
  lastError?: string;
}

const deliveryTimeoutMs = 5_000;

/**
 * POSTs webhooks as PMS does (multipart `payload` + optional `thumb`, User-Agent PlexMediaServer/<version>),
 * in order per URL. Failures are counted, never thrown into the player; PMS does not retry.
 */
export class WebhookPoster {
  readonly stats: WebhookStats = { delivered: 0, failed: 0 };
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly urls: readonly string[],
    private readonly userAgent: string,
    private readonly pending: PendingDeliveries,
  ) {}

  post(payload: Record<string, unknown>, withThumb: boolean): void {
    const parts: MultipartPart[] = [{ name: 'payload', contentType: 'application/json', data: JSON.stringify(payload) }];
    if (withThumb) parts.push({ name: 'thumb', filename: 'image.jpg', contentType: 'image/jpeg', data: thumbJpeg });
    const { body, contentType } = encodeMultipart(parts);
    for (const url of this.urls) {
      const queued = (this.queues.get(url) ?? Promise.resolve()).then(() => this.deliver(url, body, contentType));
      this.queues.set(url, queued);
      this.pending.track(queued);
    }
  }

  private async deliver(url: string, body: Buffer, contentType: string): Promise<void> {
    try {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': contentType, 'user-agent': this.userAgent },
        body,
        headersTimeout: deliveryTimeoutMs,
        bodyTimeout: deliveryTimeoutMs,
      });
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300) this.stats.delivered += 1;
      else this.fail(`${url} answered ${response.statusCode}`);
    } catch (error) {
      this.fail(`${url}: ${(error as Error).message}`);
    }
  }

  private fail(reason: string): void {
    this.stats.failed += 1;
    this.stats.lastError = reason;
  }
}
