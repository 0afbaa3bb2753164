import { randomBytes } from 'node:crypto';

/** A form-data part; without a filename it is a field (how PMS sends `payload`), with one a file (`thumb`). */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType: string;
  data: Buffer | string;
}

/**
 * Encodes multipart/form-data by hand: undici's FormData can only give a part a Content-Type by making it a
 * file, but PMS sends `payload` as a plain field that still carries `Content-Type: application/json`.
 */
export function encodeMultipart(parts: readonly MultipartPart[]): { body: Buffer; contentType: string } {
  const boundary = `----PlexSimBoundary${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\nContent-Type: ${part.contentType}\r\n\r\n`;
    chunks.push(Buffer.from(head), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
