import { describe, expect, it } from 'vitest';
import {
  compilePathRules,
  describePathRule,
  localToPlex,
  type PathRule,
  PathRuleError,
  type PathScope,
  pathRuleProblems,
  plexToLocal,
  type UnmappedReason,
} from '../../src/domain/path-mapping';

/** Expected outcome: the mapped path and the index of the rule that made it, or why it stayed unmapped. */
type Expected = { path: string; rule: number } | { unmapped: UnmappedReason };

const linuxToNas: PathRule[] = [
  { from: '/data/media', to: '/mnt/nas/media' },
  { from: '/data/media/tv', to: '/mnt/tv' },
  { from: '/media/tv', to: '/srv/tv' },
];

const serverA = { server: 'a' } satisfies PathScope;

describe('plexToLocal', () => {
  it.each<[string, PathRule[], string, PathScope, Expected]>([
    // Segment boundaries and the longest prefix.
    [
      'prefix maps a file below it',
      linuxToNas,
      '/data/media/movies/Heat (1995)/Heat.mkv',
      {},
      { path: '/mnt/nas/media/movies/Heat (1995)/Heat.mkv', rule: 0 },
    ],
    [
      'longest prefix wins over a shorter one',
      linuxToNas,
      '/data/media/tv/Lost/S01E01.mkv',
      {},
      { path: '/mnt/tv/Lost/S01E01.mkv', rule: 1 },
    ],
    [
      'longest prefix wins whatever the rule order',
      [linuxToNas[1]!, linuxToNas[0]!],
      '/data/media/tv/Lost/x.mkv',
      {},
      { path: '/mnt/tv/Lost/x.mkv', rule: 0 },
    ],
    ['/media/tv never maps /media/tv2', linuxToNas, '/media/tv2/x.mkv', {}, { unmapped: 'no-rule' }],
    [
      '/data/media/tv never maps /data/media/tvshows: the shorter prefix does',
      linuxToNas,
      '/data/media/tvshows/x.mkv',
      {},
      { path: '/mnt/nas/media/tvshows/x.mkv', rule: 0 },
    ],
    ['the prefix itself maps', linuxToNas, '/media/tv', {}, { path: '/srv/tv', rule: 2 }],
    ['a trailing separator on the path is dropped', linuxToNas, '/media/tv/', {}, { path: '/srv/tv', rule: 2 }],
    [
      'a trailing separator on the rule is ignored',
      [{ from: '/media/tv/', to: '/srv/tv/' }],
      '/media/tv/x.mkv',
      {},
      { path: '/srv/tv/x.mkv', rule: 0 },
    ],
    ['doubled separators in the path collapse', linuxToNas, '/media//tv///x.mkv', {}, { path: '/srv/tv/x.mkv', rule: 2 }],
    ['a prefix in the middle of a path does not match', linuxToNas, '/backup/media/tv/x.mkv', {}, { unmapped: 'no-rule' }],
    [
      'the root maps everything below it',
      [{ from: '/', to: '/mnt/plex-root' }],
      '/a/b.mkv',
      {},
      { path: '/mnt/plex-root/a/b.mkv', rule: 0 },
    ],
    [
      'a longer prefix beats the root',
      [
        { from: '/', to: '/r' },
        { from: '/a', to: '/x' },
      ],
      '/a/b.mkv',
      {},
      { path: '/x/b.mkv', rule: 1 },
    ],
    [
      'equal prefixes: the first rule wins',
      [
        { from: '/a', to: '/one' },
        { from: '/a/', to: '/two' },
      ],
      '/a/b',
      {},
      { path: '/one/b', rule: 0 },
    ],
    ['no rules: unmapped', [], '/a/b.mkv', {}, { unmapped: 'no-rule' }],
    ['a relative path is never mapped', linuxToNas, 'data/media/x.mkv', {}, { unmapped: 'no-rule' }],
    ['an empty path is never mapped', linuxToNas, '', {}, { unmapped: 'no-rule' }],
    // POSIX is case-sensitive.
    ['POSIX prefixes match case-sensitively', linuxToNas, '/Media/TV/x.mkv', {}, { unmapped: 'no-rule' }],
    [
      'ignoreCase makes a POSIX rule case-insensitive (macOS PMS)',
      [{ from: '/Volumes/Media', to: '/mnt/media', ignoreCase: true }],
      '/volumes/MEDIA/Film/x.mkv',
      {},
      { path: '/mnt/media/Film/x.mkv', rule: 0 },
    ],
    [
      'a backslash in a POSIX name stays in the name',
      [{ from: '/data', to: '/mnt' }],
      '/data/odd\\name.mkv',
      {},
      { path: '/mnt/odd\\name.mkv', rule: 0 },
    ],
    [
      'names keep their case and spaces',
      linuxToNas,
      '/media/tv/The Office (US)/Season 01/E01 – Pilot.mkv',
      {},
      { path: '/srv/tv/The Office (US)/Season 01/E01 – Pilot.mkv', rule: 2 },
    ],
    // Windows drive letters.
    [
      'Linux PMS to a Windows drive: backslashes',
      [{ from: '/data/media', to: 'D:\\Media' }],
      '/data/media/TV/Lost/x.mkv',
      {},
      { path: 'D:\\Media\\TV\\Lost\\x.mkv', rule: 0 },
    ],
    [
      'a Windows target written with slashes still gets backslashes',
      [{ from: '/data', to: 'D:/Media' }],
      '/data/a/b.mkv',
      {},
      { path: 'D:\\Media\\a\\b.mkv', rule: 0 },
    ],
    ['a drive root as the target', [{ from: '/data', to: 'E:\\' }], '/data/a.mkv', {}, { path: 'E:\\a.mkv', rule: 0 }],
    [
      'Windows PMS to Linux: slashes',
      [{ from: 'D:\\Media', to: '/mnt/media' }],
      'D:\\Media\\Movies\\Heat.mkv',
      {},
      { path: '/mnt/media/Movies/Heat.mkv', rule: 0 },
    ],
    [
      'a Windows PMS path is matched case-insensitively',
      [{ from: 'D:\\Media', to: '/mnt/media' }],
      'd:\\MEDIA\\Movies\\Heat.mkv',
      {},
      { path: '/mnt/media/Movies/Heat.mkv', rule: 0 },
    ],
    [
      'Windows paths split on both separators',
      [{ from: 'D:\\Media\\TV', to: '/mnt/tv' }],
      'D:/Media/TV/Lost\\x.mkv',
      {},
      { path: '/mnt/tv/Lost/x.mkv', rule: 0 },
    ],
    [
      'Windows segment boundaries hold too',
      [{ from: 'D:\\Media\\TV', to: '/mnt/tv' }],
      'D:\\Media\\TV2\\x.mkv',
      {},
      { unmapped: 'no-rule' },
    ],
    ['another drive letter does not match', [{ from: 'D:\\Media', to: '/mnt/media' }], 'E:\\Media\\x.mkv', {}, { unmapped: 'no-rule' }],
    [
      'ignoreCase: false makes a Windows rule exact (drive letters still case-free)',
      [{ from: 'D:\\Media', to: '/m', ignoreCase: false }],
      'd:\\media\\x.mkv',
      {},
      { unmapped: 'no-rule' },
    ],
    [
      'ignoreCase: false still ignores the drive letter case',
      [{ from: 'D:\\Media', to: '/m', ignoreCase: false }],
      'd:\\Media\\x.mkv',
      {},
      { path: '/m/x.mkv', rule: 0 },
    ],
    ['a POSIX rule never matches a Windows path', linuxToNas, 'D:\\data\\media\\x.mkv', {}, { unmapped: 'no-rule' }],
    ['a Windows rule never matches a POSIX path', [{ from: 'D:\\data', to: '/x' }], '/data/x.mkv', {}, { unmapped: 'no-rule' }],
    [
      'a case-insensitive comparison keeps ß and SS apart',
      [{ from: 'D:\\Straße', to: '/s' }],
      'D:\\STRASSE\\x.mkv',
      {},
      { unmapped: 'no-rule' },
    ],
    [
      'a case-insensitive comparison folds non-ASCII letters',
      [{ from: 'D:\\Filme\\Ärzte', to: '/a' }],
      'D:\\filme\\ärzte\\x.mkv',
      {},
      { path: '/a/x.mkv', rule: 0 },
    ],
    // Names Windows cannot hold.
    [
      'a POSIX name with a backslash is not mapped to Windows',
      [{ from: '/data', to: 'D:\\Media' }],
      '/data/a\\b.mkv',
      {},
      { unmapped: 'unrepresentable' },
    ],
    [
      'a POSIX name with a colon is not mapped to Windows',
      [{ from: '/data', to: 'D:\\Media' }],
      '/data/Star Wars: A New Hope.mkv',
      {},
      { unmapped: 'unrepresentable' },
    ],
    [
      'a POSIX name with a question mark is not mapped to Windows',
      [{ from: '/data', to: '\\\\nas\\media' }],
      '/data/Why?.mkv',
      {},
      { unmapped: 'unrepresentable' },
    ],
    [
      'the same names map fine to POSIX',
      [{ from: '/data', to: '/mnt' }],
      '/data/Star Wars: A New Hope?.mkv',
      {},
      { path: '/mnt/Star Wars: A New Hope?.mkv', rule: 0 },
    ],
    // UNC.
    [
      'Linux PMS to a UNC share',
      [{ from: '/data/media', to: '\\\\nas\\media' }],
      '/data/media/Movies/Heat.mkv',
      {},
      { path: '\\\\nas\\media\\Movies\\Heat.mkv', rule: 0 },
    ],
    [
      'UNC PMS paths to Linux',
      [{ from: '\\\\NAS\\Media', to: '/mnt/media' }],
      '\\\\nas\\media\\TV\\x.mkv',
      {},
      { path: '/mnt/media/TV/x.mkv', rule: 0 },
    ],
    [
      'UNC prefixes respect segment boundaries',
      [{ from: '\\\\nas\\media', to: '/m' }],
      '\\\\nas\\media2\\x.mkv',
      {},
      { unmapped: 'no-rule' },
    ],
    [
      'UNC to drive letter',
      [{ from: '\\\\nas\\media\\tv', to: 'T:\\' }],
      '\\\\nas\\media\\tv\\Lost\\x.mkv',
      {},
      { path: 'T:\\Lost\\x.mkv', rule: 0 },
    ],
    ['a drive rule never matches a UNC path', [{ from: 'D:\\media', to: '/m' }], '\\\\nas\\media\\x.mkv', {}, { unmapped: 'no-rule' }],
    // Scope: server, library.
    ['a server rule applies to its server', [{ from: '/data', to: '/a', server: 'a' }], '/data/x', serverA, { path: '/a/x', rule: 0 }],
    ['a server rule skips another server', [{ from: '/data', to: '/a', server: 'a' }], '/data/x', { server: 'b' }, { unmapped: 'no-rule' }],
    ['a server rule skips a path of no known server', [{ from: '/data', to: '/a', server: 'a' }], '/data/x', {}, { unmapped: 'no-rule' }],
    [
      'a rule without a server applies to every server',
      [{ from: '/data', to: '/all' }],
      '/data/x',
      { server: 'b' },
      { path: '/all/x', rule: 0 },
    ],
    [
      'a server rule beats an every-server rule even when shorter',
      [
        { from: '/data/tv', to: '/all' },
        { from: '/data', to: '/a', server: 'a' },
      ],
      '/data/tv/x',
      serverA,
      { path: '/a/tv/x', rule: 1 },
    ],
    [
      'a library rule (by key) beats the server rule',
      [
        { from: '/data', to: '/a', server: 'a' },
        { from: '/data', to: '/anime', server: 'a', library: '7' },
      ],
      '/data/x',
      { server: 'a', libraryKey: '7', libraryTitle: 'Anime' },
      { path: '/anime/x', rule: 1 },
    ],
    [
      'a library rule (by title) beats the server rule',
      [
        { from: '/data', to: '/a', server: 'a' },
        { from: '/data', to: '/anime', server: 'a', library: 'Anime' },
      ],
      '/data/x',
      { server: 'a', libraryKey: '7', libraryTitle: 'Anime' },
      { path: '/anime/x', rule: 1 },
    ],
    [
      'a library rule skips other libraries',
      [
        { from: '/data', to: '/a', server: 'a' },
        { from: '/data', to: '/anime', server: 'a', library: 'Anime' },
      ],
      '/data/x',
      { server: 'a', libraryKey: '1', libraryTitle: 'Movies' },
      { path: '/a/x', rule: 0 },
    ],
    [
      'a library rule of another server does not apply',
      [{ from: '/data', to: '/anime', server: 'b', library: 'Anime' }],
      '/data/x',
      { server: 'a', libraryTitle: 'Anime' },
      { unmapped: 'no-rule' },
    ],
    [
      'a library rule that does not match falls back to the server rule',
      [
        { from: '/data', to: '/a', server: 'a' },
        { from: '/other', to: '/o', server: 'a', library: 'Anime' },
      ],
      '/data/x',
      { server: 'a', libraryTitle: 'Anime' },
      { path: '/a/x', rule: 0 },
    ],
    // Regex rules.
    [
      'a regex rule with capture groups',
      [{ from: '/data/(movies|tv)/(.*)', to: '/mnt/$1-disk/$2', regex: true }],
      '/data/tv/Lost/x.mkv',
      {},
      { path: '/mnt/tv-disk/Lost/x.mkv', rule: 0 },
    ],
    [
      'named capture groups',
      [{ from: '/disk(?<n>\\d+)/(?<rest>.*)', to: '/mnt/d$<n>/$<rest>', regex: true }],
      '/disk3/Movies/x.mkv',
      {},
      { path: '/mnt/d3/Movies/x.mkv', rule: 0 },
    ],
    [
      'a regex rule matches the whole path only',
      [{ from: 'media/(.*)', to: '/m/$1', regex: true }],
      '/data/media/x.mkv',
      {},
      { unmapped: 'no-rule' },
    ],
    ['explicit anchors are fine', [{ from: '^/data/(.*)$', to: '/m/$1', regex: true }], '/data/x.mkv', {}, { path: '/m/x.mkv', rule: 0 }],
    [
      'a regex rule beats a longer prefix of its scope',
      [
        { from: '/data/media/tv', to: '/tv' },
        { from: '/data/(.*)/4k/(.*)', to: '/uhd/$1/$2', regex: true },
      ],
      '/data/media/tv/4k/x.mkv',
      {},
      { path: '/uhd/media/tv/x.mkv', rule: 1 },
    ],
    [
      'a regex rule that does not match leaves the prefix rules',
      [
        { from: '/data/media/tv', to: '/tv' },
        { from: '/data/(.*)/4k/(.*)', to: '/uhd/$1/$2', regex: true },
      ],
      '/data/media/tv/x.mkv',
      {},
      { path: '/tv/x.mkv', rule: 0 },
    ],
    [
      'the first matching regex rule wins',
      [
        { from: '/d/(.*)', to: '/one/$1', regex: true },
        { from: '/d/(.*)', to: '/two/$1', regex: true },
      ],
      '/d/x',
      {},
      { path: '/one/x', rule: 0 },
    ],
    [
      'a regex result for Windows gets backslashes',
      [{ from: '/data/(movies|tv)/(.*)', to: 'D:\\$1\\$2', regex: true }],
      '/data/tv/Lost/S01/x.mkv',
      {},
      { path: 'D:\\tv\\Lost\\S01\\x.mkv', rule: 0 },
    ],
    [
      'a regex result for UNC gets backslashes',
      [{ from: '/data/(.*)', to: '\\\\nas\\share\\$1', regex: true }],
      '/data/a/b.mkv',
      {},
      { path: '\\\\nas\\share\\a\\b.mkv', rule: 0 },
    ],
    [
      'a regex on a Windows path ignores case',
      [{ from: 'D:\\\\Media\\\\(.*)', to: '/m/$1', regex: true }],
      'd:\\media\\a\\b.mkv',
      {},
      { path: '/m/a/b.mkv', rule: 0 },
    ],
    [
      'a regex capturing Windows separators into a POSIX result',
      [{ from: 'D:\\\\(.*)', to: '/m/$1', regex: true }],
      'D:\\a\\b/c.mkv',
      {},
      { path: '/m/a/b/c.mkv', rule: 0 },
    ],
    [
      'a regex keeps a backslash in a POSIX name',
      [{ from: '/d/(.*)', to: '/m/$1', regex: true }],
      '/d/a\\b.mkv',
      {},
      { path: '/m/a\\b.mkv', rule: 0 },
    ],
    [
      'a regex on a POSIX path is case-sensitive',
      [{ from: '/Data/(.*)', to: '/m/$1', regex: true }],
      '/data/x',
      {},
      { unmapped: 'no-rule' },
    ],
    [
      'a regex result that is not absolute stays unmapped',
      [{ from: '/data/(.*)', to: '$1', regex: true }],
      '/data/x.mkv',
      {},
      { unmapped: 'invalid-result' },
    ],
    [
      'a server-wide prefix loses to a library regex',
      [
        { from: '/data', to: '/a', server: 'a' },
        { from: '/data/(.*)', to: '/lib/$1', regex: true, server: 'a', library: '3' },
      ],
      '/data/x',
      { server: 'a', libraryKey: '3' },
      { path: '/lib/x', rule: 1 },
    ],
  ])('%s', (_case, rules, path, scope, expected) => {
    const result = plexToLocal(rules, path, scope);
    if ('unmapped' in expected) {
      expect(result).toEqual({ mapped: false, path, reason: expected.unmapped });
    } else {
      expect(result).toMatchObject({ mapped: true, path: expected.path, ruleIndex: expected.rule, rule: rules[expected.rule] });
    }
  });
});

describe('localToPlex (the Stash push and the metadata provider start from a local file)', () => {
  it.each<[string, PathRule[], string, PathScope, Expected]>([
    ['a prefix rule maps back', linuxToNas, '/mnt/nas/media/movies/Heat.mkv', {}, { path: '/data/media/movies/Heat.mkv', rule: 0 }],
    [
      'the longest local prefix wins',
      [
        { from: '/data', to: '/mnt' },
        { from: '/tv', to: '/mnt/tv' },
      ],
      '/mnt/tv/x.mkv',
      {},
      { path: '/tv/x.mkv', rule: 1 },
    ],
    ['local segment boundaries hold', [{ from: '/data', to: '/mnt/tv' }], '/mnt/tv2/x.mkv', {}, { unmapped: 'no-rule' }],
    [
      'a Windows local path is matched case-insensitively and mapped to POSIX',
      [{ from: '/data/media', to: 'D:\\Media' }],
      'd:\\media\\TV\\x.mkv',
      {},
      { path: '/data/media/TV/x.mkv', rule: 0 },
    ],
    [
      'a UNC local path maps back',
      [{ from: '/data/media', to: '\\\\nas\\media' }],
      '\\\\NAS\\Media\\TV\\x.mkv',
      {},
      { path: '/data/media/TV/x.mkv', rule: 0 },
    ],
    [
      'a POSIX local path maps back to a Windows PMS with backslashes',
      [{ from: 'D:\\Media', to: '/mnt/media' }],
      '/mnt/media/TV/x.mkv',
      {},
      { path: 'D:\\Media\\TV\\x.mkv', rule: 0 },
    ],
    [
      'a local name Windows cannot hold is not mapped to a Windows PMS',
      [{ from: 'D:\\Media', to: '/mnt/media' }],
      '/mnt/media/a:b.mkv',
      {},
      { unmapped: 'unrepresentable' },
    ],
    [
      'a regex rule without reverse maps one way only',
      [{ from: '/data/(.*)', to: '/m/$1', regex: true }],
      '/m/x.mkv',
      {},
      { unmapped: 'no-rule' },
    ],
    [
      'a regex rule maps back with its reverse pair',
      [{ from: '/data/(\\w+)/(.*)', to: '/mnt/$1/$2', regex: true, reverse: { from: '/mnt/(\\w+)/(.*)', to: '/data/$1/$2' } }],
      '/mnt/tv/x.mkv',
      {},
      { path: '/data/tv/x.mkv', rule: 0 },
    ],
    [
      'scope applies the same way back',
      [
        { from: '/data', to: '/a', server: 'a' },
        { from: '/other', to: '/a', server: 'b' },
      ],
      '/a/x',
      { server: 'b' },
      { path: '/other/x', rule: 1 },
    ],
    ['an unknown local path stays unmapped', linuxToNas, '/home/me/x.mkv', {}, { unmapped: 'no-rule' }],
  ])('%s', (_case, rules, path, scope, expected) => {
    const result = localToPlex(rules, path, scope);
    if ('unmapped' in expected) {
      expect(result).toEqual({ mapped: false, path, reason: expected.unmapped });
    } else {
      expect(result).toMatchObject({ mapped: true, path: expected.path, ruleIndex: expected.rule });
    }
  });

  it.each<[string, PathRule, string]>([
    ['POSIX ⇄ POSIX', { from: '/data/media', to: '/mnt/media' }, '/data/media/TV/Lost (2004)/Season 01/Lost - S01E01.mkv'],
    ['POSIX ⇄ Windows', { from: '/data/media', to: 'D:\\Media' }, '/data/media/TV/Lost (2004)/Season 01/Lost - S01E01.mkv'],
    ['POSIX ⇄ UNC', { from: '/data/media', to: '\\\\nas\\media' }, '/data/media/Movies/Heat (1995).mkv'],
    ['Windows ⇄ POSIX', { from: 'D:\\Media', to: '/mnt/media' }, 'D:\\Media\\Movies\\Heat (1995).mkv'],
  ])('a prefix rule round-trips: %s', (_case, rule, plexPath) => {
    const local = plexToLocal([rule], plexPath);
    expect(local.mapped).toBe(true);
    expect(localToPlex([rule], local.path)).toMatchObject({ mapped: true, path: plexPath });
  });
});

describe('rule validation', () => {
  it.each<[string, PathRule, string[]]>([
    ['relative from', { from: 'data', to: '/m' }, ['from: must be an absolute path (/…, X:\\… or \\\\server\\share…), got "data"']],
    ['relative to', { from: '/data', to: 'mnt' }, ['to: must be an absolute path (/…, X:\\… or \\\\server\\share…), got "mnt"']],
    ['empty from', { from: '', to: '/m' }, ['from: must be a non-empty string']],
    ['blank to', { from: '/d', to: '  ' }, ['to: must be a non-empty string']],
    ['UNC without a share', { from: '/d', to: '\\\\nas' }, ['to: a UNC path needs a server and a share']],
    [
      'broken regex',
      { from: '/data/(.*', to: '/m/$1', regex: true },
      ['from: not a valid regular expression (Invalid regular expression: //data/(.*/: Unterminated group)'],
    ],
    [
      'broken reverse regex',
      { from: '/d/(.*)', to: '/m/$1', regex: true, reverse: { from: '[', to: '/d' } },
      ['reverse.from: not a valid regular expression (Invalid regular expression: /[/: Unterminated character class)'],
    ],
    [
      'reverse on a prefix rule',
      { from: '/d', to: '/m', reverse: { from: '/m', to: '/d' } },
      ['reverse: only a regex rule needs one (a prefix rule maps back by itself)'],
    ],
  ])('%s', (_case, rule, problems) => {
    expect(pathRuleProblems(rule)).toEqual(problems);
  });

  it('a valid rule has no problems', () => {
    expect(pathRuleProblems({ from: 'C:\\', to: '\\\\nas\\share', server: 'x', library: 'Movies' })).toEqual([]);
  });

  it('compilePathRules names the first rule that cannot work', () => {
    const compile = () =>
      compilePathRules([
        { from: '/ok', to: '/ok' },
        { from: 'bad', to: '/m' },
      ]);
    expect(compile).toThrow(PathRuleError);
    expect(compile).toThrow('path mapping rule 1: from: must be an absolute path');
  });

  it('compiled rules map like the plain list', () => {
    const compiled = compilePathRules(linuxToNas);
    expect(plexToLocal(compiled, '/data/media/tv/x')).toEqual(plexToLocal(linuxToNas, '/data/media/tv/x'));
  });

  it('describes a rule by its name, or by what it maps', () => {
    expect(describePathRule({ from: '/a', to: '/b' })).toBe('/a → /b');
    expect(describePathRule({ from: '/a/(.*)', to: '/b/$1', regex: true })).toBe('regex /a/(.*) → /b/$1');
    expect(describePathRule({ from: '/a', to: '/b', name: 'nas' })).toBe('nas');
    expect(plexToLocal([{ from: '/a', to: '/b', name: 'nas' }], '/a/x')).toMatchObject({ label: 'nas' });
  });
});
