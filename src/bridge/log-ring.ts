import { Writable } from 'node:stream';

/**
 * The bridge's most recent log lines (already redacted by the logger), for the ops endpoint. A pino
 * destination: every write is one JSON line.
 */
export class LogRing extends Writable {
  private readonly lines: string[] = [];

  constructor(private readonly capacity = 500) {
    super();
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    for (const line of String(chunk).split('\n')) if (line.trim() !== '') this.lines.push(line);
    this.lines.splice(0, Math.max(0, this.lines.length - this.capacity));
    callback();
  }

  /** The last `limit` lines, oldest first, parsed back to objects. */
  recent(limit: number): unknown[] {
    return this.lines.slice(-Math.max(0, limit)).map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return { msg: line };
      }
    });
  }
}
