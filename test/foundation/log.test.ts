import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { createLogger } from '../../src/log';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: createLogger({ level: 'debug' }, stream) };
}

describe('logging', () => {
  it('never writes a secret, whether logged as config, payload, URL or error', () => {
    const { lines, log } = capture();
    const config = parseConfig({
      plex: { account_token: 'S1-plex-account', pms_token: 'S2-pms' },
      trakt: { client_id: 'visible-client-id', client_secret: 'S3-trakt-secret' },
      bridge: { admin_token: 'S4-admin-9f2c71e0b84d5a3e' },
      database: { url: 'postgres://watchsync:S5-dbpass@db/watchsync' },
    });
    log.info({ config }, 'effective config');
    log.info({ tokens: { access_token: 'S6-access', refresh_token: 'S7-refresh' }, user: { authToken: 'S8-plex-auth' } }, 'trakt tokens');
    log.warn({ headers: { 'X-Plex-Token': 'S9-header', authorization: 'Bearer S10' } }, 'request');
    log.error(new Error('GET http://pms:32400/library?X-Plex-Token=S11-url failed'), 'request failed');
    log.info('fetching http://pms:32400/status/sessions?X-Plex-Token=S12-msg');
    log.info({ nested: { deeper: { still: { webhook_secret: 'S13-webhook' } } } }, 'deep');

    const output = lines.join('');
    expect(output).toContain('visible-client-id');
    for (let n = 1; n <= 13; n++) expect(output, `secret S${n} leaked`).not.toMatch(new RegExp(`S${n}-|S${n}\\b`));
    expect(output).toContain('[redacted]');
  });

  it('honours the level', () => {
    const { lines, log } = capture();
    log.level = 'warn';
    log.info('hidden');
    log.warn('shown');
    expect(lines.join('')).toMatch(/shown/);
    expect(lines.join('')).not.toMatch(/hidden/);
  });
});
