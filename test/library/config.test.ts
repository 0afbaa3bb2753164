import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, redactSecrets } from '../../src/config';

function problemKeys(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.key);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const server = { id: 'home', url: 'http://10.0.0.2:32400', token: 'secret-token' };

describe('config: library.servers', () => {
  it.each([
    [{ servers: [{ ...server, url: 'nope' }] }, 'library.servers.0.url'],
    [{ servers: [{ ...server, token: '' }] }, 'library.servers.0.token'],
    [{ servers: [{ ...server, id: 'has space' }] }, 'library.servers.0.id'],
    [{ servers: [server, server] }, 'library.servers'],
    [{ servers: [{ ...server, path_mappings: [{ from: 'relative', to: '/mnt' }] }] }, 'library.servers.0.path_mappings.0.from'],
    [{ servers: [{ ...server, path_mappings: [{ from: '/a(', to: '/m', regex: true }] }] }, 'library.servers.0.path_mappings.0.from'],
    [{ servers: [{ ...server, path_mappings: [{ from: '/a', to: '\\\\nas' }] }] }, 'library.servers.0.path_mappings.0.to'],
    [{ servers: [{ ...server, path_mappings: [{ from: '/a', too: '/m' }] }] }, 'library.servers.0.path_mappings.0.too'],
    [{ page_size: 5000 }, 'library.page_size'],
    [{ shrink_guard: { max_missing_percent: 120 } }, 'library.shrink_guard.max_missing_percent'],
  ])('%j is rejected naming %s', (library, key) => {
    expect(problemKeys({ library })).toContain(key);
  });

  it('defaults: 1000-item pages, 30 days to deleted, 10 % and 10 items before approval; the server token is redacted', () => {
    const config = parseConfig({ library: { servers: [{ ...server, path_mappings: [{ from: 'D:\\Media', to: '/mnt/media' }] }] } });
    expect(config.library).toMatchObject({
      page_size: 1000,
      missing_retention_days: 30,
      shrink_guard: { max_missing_percent: 10, min_items: 10 },
    });
    expect(config.library.servers[0]).toMatchObject({ enabled: true, sections: [], allow_self_signed_tls: false });
    expect(JSON.stringify(redactSecrets(config))).not.toContain('secret-token');
  });
});

describe('config: plex_provider.library_server (whose import the Stash gap comparison reads)', () => {
  it('must name a library.servers entry', () => {
    expect(problemKeys({ library: { servers: [server] }, plex_provider: { library_server: 'nas' } })).toEqual([
      'plex_provider.library_server',
    ]);
    expect(parseConfig({ library: { servers: [server] }, plex_provider: { library_server: 'home' } }).plex_provider.library_server).toBe(
      'home',
    );
  });
});
