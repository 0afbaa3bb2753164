import { describe, expect, it } from 'vitest';
import { choosePlexFileSource, type ImportedSection, libraryServerOf, type SourceQuestion } from '../../src/domain/stash/gap-source';

const agent = 'tv.plex.agents.custom.watchsync.stash';
const now = Date.parse('2026-12-06T12:00:00Z');
const hour = 3_600_000;
const section = (over: Partial<ImportedSection> = {}): ImportedSection => ({
  key: '20',
  type: 'movie',
  agent,
  enabled: true,
  listedAtMs: now - hour,
  ...over,
});
const ask = (over: Partial<SourceQuestion> = {}): SourceQuestion => ({
  serverId: 'nas',
  sectionIds: [],
  agent,
  imported: [section()],
  nowMs: now,
  maxAgeMs: 12 * hour,
  ...over,
});

describe('which library server is the comparison’s Plex', () => {
  const servers = [
    { id: 'nas', url: 'http://192.168.1.5:32400/', enabled: true },
    { id: 'off', url: 'http://10.0.0.9:32400', enabled: false },
  ];
  it.each([
    ['the entry at plex.pms_url (case and a trailing slash aside)', { pmsUrl: 'http://192.168.1.5:32400', servers }, { serverId: 'nas' }],
    [
      'the one plex_provider.library_server names, whatever its url',
      { libraryServer: 'nas', pmsUrl: 'http://plex:32400', servers },
      { serverId: 'nas' },
    ],
    [
      'none at another port',
      { pmsUrl: 'http://192.168.1.5:32401', servers },
      { reason: expect.stringContaining('plex.pms_url (http://192.168.1.5:32401)') },
    ],
    [
      'none when the matching entry is disabled',
      { pmsUrl: 'http://10.0.0.9:32400', servers },
      { reason: expect.stringContaining('library_server') },
    ],
    ['none without plex.pms_url', { servers }, { reason: expect.stringContaining('plex.pms_url') }],
    ['a named but disabled entry is not read', { libraryServer: 'off', servers }, { reason: 'library server "off" is disabled' }],
    [
      'a name no entry has (the config check refuses it first)',
      { libraryServer: 'gone', servers },
      { reason: 'plex_provider.library_server "gone" is no library.servers entry' },
    ],
  ])('%s', (_name, settings, expected) => {
    expect(libraryServerOf(settings)).toEqual(expected);
  });
});

describe('reading Plex’s files from the library import or from Plex', () => {
  it.each<[string, Partial<SourceQuestion>, ReturnType<typeof choosePlexFileSource>]>([
    [
      'the provider’s sections, all fresh: the import',
      { imported: [section(), section({ key: '21', listedAtMs: now - 3 * hour }), section({ key: '1', agent: 'tv.plex.agents.movie' })] },
      { kind: 'library-import', serverId: 'nas', sections: ['20', '21'], listedAt: new Date(now - 3 * hour).toISOString() },
    ],
    [
      'configured section ids, listed exactly at the limit: the import',
      { sectionIds: [1], imported: [section({ key: '1', agent: 'other', listedAtMs: now - 12 * hour })] },
      { kind: 'library-import', serverId: 'nas', sections: ['1'], listedAt: new Date(now - 12 * hour).toISOString() },
    ],
    [
      'one section a minute too old: Plex, naming it and when it was listed',
      { imported: [section(), section({ key: '21', listedAtMs: now - 12 * hour - 60_000 })] },
      {
        kind: 'plex-listing',
        reason: `section 21 of "nas" was last completely imported at ${new Date(now - 12 * hour - 60_000).toISOString()}, more than 12h ago`,
      },
    ],
    [
      'a section never completely listed (an import that failed half-way): Plex',
      { imported: [section({ listedAtMs: undefined })] },
      { kind: 'plex-listing', reason: 'section 20 of "nas" was never completely imported' },
    ],
    [
      'a configured section the import skips (library.servers[].sections): Plex',
      { sectionIds: [20, 7], imported: [section(), section({ key: '7', enabled: false })] },
      { kind: 'plex-listing', reason: 'section 7 is not imported by library server "nas"' },
    ],
    [
      'a configured section the import never recorded: Plex',
      { sectionIds: [9] },
      { kind: 'plex-listing', reason: 'section 9 is not imported by library server "nas"' },
    ],
    [
      'no import of the server at all: Plex',
      { imported: [] },
      { kind: 'plex-listing', reason: `the import of "nas" records no movie section whose agent is ${agent}` },
    ],
    [
      'a show section with the provider’s agent is not compared',
      { imported: [section({ type: 'show' })] },
      { kind: 'plex-listing', reason: `the import of "nas" records no movie section whose agent is ${agent}` },
    ],
    [
      'a provider section the import skips: Plex',
      { imported: [section(), section({ key: '22', enabled: false })] },
      { kind: 'plex-listing', reason: 'section 22 is not imported by library server "nas"' },
    ],
  ])('%s', (_name, over, expected) => {
    expect(choosePlexFileSource(ask(over))).toEqual(expected);
  });
});
