import { describe, expect, it } from 'vitest';
import { idsFromPlex, type ParsedGuid, parsePlexGuid } from '../../src/domain/guid';
import { externalIdsSchema, type MediaType } from '../../src/domain/items';

const noIdentity = (agent: string): ParsedGuid => ({ agent, ids: {}, local: true });
const plexRef = (type: MediaType, id: string): ParsedGuid => ({ agent: 'plex', ids: {}, plex: { type, id }, local: false });
const identified = (agent: string, fields: Omit<ParsedGuid, 'agent' | 'local'>): ParsedGuid => ({ agent, ...fields, local: false });

const legacyImdb = 'com.plexapp.agents.imdb';
const legacyTvdb = 'com.plexapp.agents.thetvdb';
const legacyTmdb = 'com.plexapp.agents.themoviedb';
const hama = 'com.plexapp.agents.hama';

/** Every GUID-shaped string in /work/shared/fixtures (json, jsonl, xml), verbatim. */
const fixtureGuids: Array<[string, ParsedGuid]> = [
  // Modern agents: identity only through the plex id (external ids are in Guid[]).
  ['plex://movie/5d7768244de0ee001fcc7fed', plexRef('movie', '5d7768244de0ee001fcc7fed')],
  ['plex://movie/5d7768257228e5001f1dccd2', plexRef('movie', '5d7768257228e5001f1dccd2')],
  ['plex://movie/5d77682a6f4521001ea99e2c', plexRef('movie', '5d77682a6f4521001ea99e2c')],
  ['plex://movie/5d7768313c3c2a001fbcd1f0', plexRef('movie', '5d7768313c3c2a001fbcd1f0')],
  ['plex://movie/5d776926ad5437001f7595eb', plexRef('movie', '5d776926ad5437001f7595eb')],
  ['plex://movie/5d776d1023d5a3001f52001d', plexRef('movie', '5d776d1023d5a3001f52001d')],
  ['plex://movie/5d776d10fb0d55001f596237', plexRef('movie', '5d776d10fb0d55001f596237')],
  ['plex://movie/5d776d1723d5a3001f520400', plexRef('movie', '5d776d1723d5a3001f520400')],
  ['plex://movie/617d3ab142705b2183b1b20b', plexRef('movie', '617d3ab142705b2183b1b20b')],
  ['plex://show/5d9c07f72df347001e3a70b4', plexRef('show', '5d9c07f72df347001e3a70b4')],
  ['plex://show/5d9f40086fc551001ef8e688', plexRef('show', '5d9f40086fc551001ef8e688')],
  ['plex://show/5df46a38237002001dce338d', plexRef('show', '5df46a38237002001dce338d')],
  ['plex://show/5e16253691c20300412003a8', plexRef('show', '5e16253691c20300412003a8')],
  ['plex://season/5d9c0939e9d5a1001f4def80', plexRef('season', '5d9c0939e9d5a1001f4def80')],
  ['plex://season/5d9c0939e9d5a1001f4def89', plexRef('season', '5d9c0939e9d5a1001f4def89')],
  ['plex://season/602e774fc96042002d099b4d', plexRef('season', '602e774fc96042002d099b4d')],
  ['plex://season/618b89208dde18df707ad15c', plexRef('season', '618b89208dde18df707ad15c')],
  ['plex://episode/5d9c0b7ee98e47001eb2e3a0', plexRef('episode', '5d9c0b7ee98e47001eb2e3a0')],
  ['plex://episode/5eeb4fc1d39938003f7753be', plexRef('episode', '5eeb4fc1d39938003f7753be')],
  ['plex://episode/5eeb4fc1d39938003f7753c0', plexRef('episode', '5eeb4fc1d39938003f7753c0')],
  ['plex://episode/60341406ae8595002c187924', plexRef('episode', '60341406ae8595002c187924')],
  ['plex://episode/6332ef1e8848240ba522f9df', plexRef('episode', '6332ef1e8848240ba522f9df')],
  // Collections are not media items watchsync syncs.
  ['plex://collection/5ec2eb574592b6004137f444', noIdentity('plex')],
  // Guid[] children.
  ['imdb://tt0088763', identified('imdb', { ids: { imdb: 'tt0088763' } })],
  ['imdb://tt0090728', identified('imdb', { ids: { imdb: 'tt0090728' } })],
  ['imdb://tt0096895', identified('imdb', { ids: { imdb: 'tt0096895' } })],
  ['imdb://tt11347692', identified('imdb', { ids: { imdb: 'tt11347692' } })],
  ['imdb://tt13702212', identified('imdb', { ids: { imdb: 'tt13702212' } })],
  ['imdb://tt15789472', identified('imdb', { ids: { imdb: 'tt15789472' } })],
  ['imdb://tt2294629', identified('imdb', { ids: { imdb: 'tt2294629' } })],
  ['imdb://tt7308394', identified('imdb', { ids: { imdb: 'tt7308394' } })],
  ['tmdb://105', identified('tmdb', { ids: { tmdb: 105 } })],
  ['tmdb://109445', identified('tmdb', { ids: { tmdb: 109445 } })],
  ['tmdb://1151534', identified('tmdb', { ids: { tmdb: 1151534 } })],
  ['tmdb://12345', identified('tmdb', { ids: { tmdb: 12345 } })],
  ['tmdb://1418023', identified('tmdb', { ids: { tmdb: 1418023 } })],
  ['tmdb://268', identified('tmdb', { ids: { tmdb: 268 } })],
  ['tmdb://3975867', identified('tmdb', { ids: { tmdb: 3975867 } })],
  ['tmdb://6978', identified('tmdb', { ids: { tmdb: 6978 } })],
  ['tmdb://95837', identified('tmdb', { ids: { tmdb: 95837 } })],
  ['tvdb://1204', identified('tvdb', { ids: { tvdb: 1204 } })],
  ['tvdb://1876', identified('tvdb', { ids: { tvdb: 1876 } })],
  ['tvdb://299', identified('tvdb', { ids: { tvdb: 299 } })],
  ['tvdb://347900', identified('tvdb', { ids: { tvdb: 347900 } })],
  ['tvdb://372848', identified('tvdb', { ids: { tvdb: 372848 } })],
  ['tvdb://445575', identified('tvdb', { ids: { tvdb: 445575 } })],
  ['tvdb://6179251', identified('tvdb', { ids: { tvdb: 6179251 } })],
  ['tvdb://8830735', identified('tvdb', { ids: { tvdb: 8830735 } })],
  ['tvdb://89', identified('tvdb', { ids: { tvdb: 89 } })],
  // Legacy agents.
  ['com.plexapp.agents.imdb://tt0072684?lang=en', identified(legacyImdb, { ids: { imdb: 'tt0072684' } })],
  ['com.plexapp.agents.imdb://tt0123456?lang=en', identified(legacyImdb, { ids: { imdb: 'tt0123456' } })],
  ['com.plexapp.agents.imdb://tt0165832?lang=en', identified(legacyImdb, { ids: { imdb: 'tt0165832' } })],
  ['com.plexapp.agents.imdb://tt0807840?lang=en', identified(legacyImdb, { ids: { imdb: 'tt0807840' } })],
  ['com.plexapp.agents.imdb://tt1254207?lang=en', identified(legacyImdb, { ids: { imdb: 'tt1254207' } })],
  ['com.plexapp.agents.imdb://tt1727587?lang=en', identified(legacyImdb, { ids: { imdb: 'tt1727587' } })],
  ['com.plexapp.agents.thetvdb://121361?lang=en', identified(legacyTvdb, { ids: { tvdb: 121361 } })],
  ['com.plexapp.agents.thetvdb://268592?lang=en', identified(legacyTvdb, { ids: { tvdb: 268592 } })],
  ['com.plexapp.agents.thetvdb://268592/1?lang=en', identified(legacyTvdb, { ids: {}, showIds: { tvdb: 268592 }, season: 1 })],
  [
    'com.plexapp.agents.thetvdb://268592/1/1?lang=en',
    identified(legacyTvdb, { ids: {}, showIds: { tvdb: 268592 }, season: 1, episode: 1 }),
  ],
  [
    'com.plexapp.agents.thetvdb://268592/1/2?lang=en',
    identified(legacyTvdb, { ids: {}, showIds: { tvdb: 268592 }, season: 1, episode: 2 }),
  ],
  [
    'com.plexapp.agents.thetvdb://73871/2/15?lang=en',
    identified(legacyTvdb, { ids: {}, showIds: { tvdb: 73871 }, season: 2, episode: 15 }),
  ],
  // Music, live TV and collections carry nothing watchsync can match by.
  [
    'com.plexapp.agents.plexmusic://gracenote/track/7572499-91016293BE6BF7F1AB2F848F736E74E5/7572500-3CBAE310D4F3E66C285E104A1458B272?lang=en',
    noIdentity('com.plexapp.agents.plexmusic'),
  ],
  ['com.gracenote.onconnect://episode/EP019919100088', noIdentity('com.gracenote.onconnect')],
  ['collection://6d66ad49-c50b-4c2e-8c65-1f40fb01b2b5', noIdentity('collection')],
  // Rating image names share the id schemes but are not ids.
  ['imdb://image.rating', noIdentity('imdb')],
  ['themoviedb://image.rating', noIdentity('themoviedb')],
  ['rottentomatoes://image.rating.certified', noIdentity('rottentomatoes')],
  ['rottentomatoes://image.rating.ripe', noIdentity('rottentomatoes')],
  ['rottentomatoes://image.rating.upright', noIdentity('rottentomatoes')],
  // Websocket PlaySessionStateNotification sends guid "".
  ['', noIdentity('')],
];

/** Forms DESIGN.md §3 names that the fixtures do not show. */
const otherForms: Array<[string, ParsedGuid]> = [
  [`${legacyTmdb}://603?lang=en`, identified(legacyTmdb, { ids: { tmdb: 603 } })],
  [`${legacyTmdb}://1399/1/1?lang=en`, identified(legacyTmdb, { ids: {}, showIds: { tmdb: 1399 }, season: 1, episode: 1 })],
  [`${legacyTvdb}://73739/0/3?lang=en`, identified(legacyTvdb, { ids: {}, showIds: { tvdb: 73739 }, season: 0, episode: 3 })],
  [`${legacyTvdb}://73739?lang=de`, identified(legacyTvdb, { ids: { tvdb: 73739 } })],
  [`${legacyTvdb}://73739`, identified(legacyTvdb, { ids: { tvdb: 73739 } })],
  [`${hama}://anidb-123?lang=en`, identified(hama, { ids: {}, anidb: 123 })],
  [`${hama}://anidb-17494/1/7?lang=en`, identified(hama, { ids: {}, anidb: 17494, season: 1, episode: 7 })],
  [`${hama}://anidb2-345?lang=en`, identified(hama, { ids: {}, anidb: 345 })],
  [`${hama}://tvdb-456?lang=en`, identified(hama, { ids: { tvdb: 456 } })],
  [`${hama}://tvdb-73739/1/1`, identified(hama, { ids: {}, showIds: { tvdb: 73739 }, season: 1, episode: 1 })],
  [`${hama}://tvdb2-456/2/3?lang=en`, identified(hama, { ids: {}, showIds: { tvdb: 456 }, season: 2, episode: 3 })],
  [`${hama}://tvdb4-456?lang=en`, identified(hama, { ids: { tvdb: 456 } })],
  [`${hama}://tmdb-603?lang=en`, identified(hama, { ids: { tmdb: 603 } })],
  [`${hama}://tsdb-1399?lang=en`, identified(hama, { ids: { tmdb: 1399 } })],
  [`${hama}://imdb-tt29768334?`, identified(hama, { ids: { imdb: 'tt29768334' } })],
  ['hama://tvdb-456', identified('hama', { ids: { tvdb: 456 } })],
  ['hama://anidb-9/1/2', identified('hama', { ids: {}, anidb: 9, season: 1, episode: 2 })],
  [`${hama}://mal-123?lang=en`, noIdentity(hama)],
  [`${hama}://anidb-abc?lang=en`, noIdentity(hama)],
  [`${hama}://tvdb-0?lang=en`, noIdentity(hama)],
  ['com.plexapp.agents.xbmcnfo://tt0133093?lang=xn', identified('com.plexapp.agents.xbmcnfo', { ids: { imdb: 'tt0133093' } })],
  ['com.plexapp.agents.xbmcnfo://12345?lang=xn', noIdentity('com.plexapp.agents.xbmcnfo')],
  ['com.plexapp.agents.xbmcnfotv://81189?lang=xn', identified('com.plexapp.agents.xbmcnfotv', { ids: { tvdb: 81189 } })],
  [
    'com.plexapp.agents.xbmcnfotv://81189/5/16?lang=xn',
    identified('com.plexapp.agents.xbmcnfotv', { ids: {}, showIds: { tvdb: 81189 }, season: 5, episode: 16 }),
  ],
  ['tv.plex.agents.nfo.movie://movie/tmdb_383498', identified('tv.plex.agents.nfo.movie', { ids: { tmdb: 383498 } })],
  ['tv.plex.agents.nfo.movie://movie/imdb_tt0133093', identified('tv.plex.agents.nfo.movie', { ids: { imdb: 'tt0133093' } })],
  ['tv.plex.agents.nfo.series://show/tvdb_81189', identified('tv.plex.agents.nfo.series', { ids: { tvdb: 81189 } })],
  ['tv.plex.agents.nfo.movie://movie/youtube_dQw4w9WgXcQ', noIdentity('tv.plex.agents.nfo.movie')],
  ['tv.plex.agents.nfo.movie://movie/tmdb_abc', noIdentity('tv.plex.agents.nfo.movie')],
  ['tv.plex.agents.none://12345', noIdentity('tv.plex.agents.none')],
  ['com.plexapp.agents.none://c2b5b2b9d1a3?lang=xn', noIdentity('com.plexapp.agents.none')],
  ['com.plexapp.agents.localmedia://1234', noIdentity('com.plexapp.agents.localmedia')],
  ['local://123', noIdentity('local')],
  ['none://0a1b2c', noIdentity('none')],
  ['tt1234567', identified('', { ids: { imdb: 'tt1234567' } })],
  ['  imdb://tt0111161  ', identified('imdb', { ids: { imdb: 'tt0111161' } })],
  ['IMDB://TT0111161', identified('imdb', { ids: { imdb: 'tt0111161' } })],
  ['plex://movie/5D776926AD5437001F7595EB', plexRef('movie', '5D776926AD5437001F7595EB')],
];

/** Junk: each yields no identity and never throws. */
const junk: Array<[string, ParsedGuid]> = [
  ['foo', noIdentity('')],
  ['   ', noIdentity('')],
  ['12345', noIdentity('')],
  ['tt', noIdentity('')],
  ['tt12a', noIdentity('')],
  ['://tt1234567', noIdentity('')],
  ['imdb:tt1234567', noIdentity('')],
  ['plex://', noIdentity('plex')],
  ['plex://movie', noIdentity('plex')],
  ['plex://movie/', noIdentity('plex')],
  ['plex://movie/5d776926ad5437001f7595e', noIdentity('plex')],
  ['plex://movie/5d776926ad5437001f7595ebb', noIdentity('plex')],
  ['plex://movie/5d776926ad5437001f7595eg', noIdentity('plex')],
  ['plex://movie/5d776926ad5437001f7595eb/extra', noIdentity('plex')],
  ['plex://artist/5d776926ad5437001f7595eb', noIdentity('plex')],
  ['imdb://', noIdentity('imdb')],
  ['tmdb://', noIdentity('tmdb')],
  ['tvdb://', noIdentity('tvdb')],
  ['tmdb://abc', noIdentity('tmdb')],
  ['tmdb://0', noIdentity('tmdb')],
  ['tmdb://1.5', noIdentity('tmdb')],
  ['tmdb://1e3', noIdentity('tmdb')],
  ['tmdb://123/1/1', noIdentity('tmdb')],
  ['tvdb://-5', noIdentity('tvdb')],
  ['tvdb://+5', noIdentity('tvdb')],
  ['tvdb://9007199254740993', noIdentity('tvdb')],
  ['imdb://123456', noIdentity('imdb')],
  ['imdb://nm0000123', noIdentity('imdb')],
  ['com.plexapp.agents.imdb://?lang=en', noIdentity(legacyImdb)],
  ['com.plexapp.agents.imdb://tt?lang=en', noIdentity(legacyImdb)],
  [`${legacyTvdb}://?lang=en`, noIdentity(legacyTvdb)],
  [`${legacyTvdb}://268592/x/1?lang=en`, noIdentity(legacyTvdb)],
  [`${legacyTvdb}://268592/1/-1?lang=en`, noIdentity(legacyTvdb)],
  [`${legacyTvdb}://268592/1/1/1?lang=en`, noIdentity(legacyTvdb)],
  [`${legacyTvdb}://268592/?lang=en`, noIdentity(legacyTvdb)],
  [`${legacyTvdb}://0/1/1?lang=en`, noIdentity(legacyTvdb)],
  ['constructor://1', noIdentity('constructor')],
  ['__proto__://1', noIdentity('')],
  ['toString://1', noIdentity('tostring')],
  ['hasOwnProperty://tt1', noIdentity('hasownproperty')],
  ['imdb://tt０１２３', noIdentity('imdb')],
  ['tmdb://١٢٣', noIdentity('tmdb')],
  ['плекс://movie/5d776926ad5437001f7595eb', noIdentity('')],
  ['imdb://tt0111161\u0000', noIdentity('imdb')],
  ['🎬://🍿', noIdentity('')],
];

describe('parsePlexGuid', () => {
  it.each(fixtureGuids)('parses fixture GUID %j', (guid, expected) => {
    expect(parsePlexGuid(guid)).toStrictEqual(expected);
  });

  it.each(otherForms)('parses %j', (guid, expected) => {
    expect(parsePlexGuid(guid)).toStrictEqual(expected);
  });

  it.each(junk)('finds no identity in junk %j', (guid, expected) => {
    expect(parsePlexGuid(guid)).toStrictEqual(expected);
  });

  it('finds no identity in very long strings', () => {
    const longDigits = '9'.repeat(100_000);
    expect(parsePlexGuid(`tvdb://${longDigits}`)).toStrictEqual(noIdentity('tvdb'));
    expect(parsePlexGuid(`tt${longDigits}x`)).toStrictEqual(noIdentity(''));
    expect(parsePlexGuid(`plex://movie/${'a'.repeat(100_000)}`)).toStrictEqual(noIdentity('plex'));
    expect(parsePlexGuid(`${legacyTvdb}://${'1/'.repeat(50_000)}?lang=en`)).toStrictEqual(noIdentity(legacyTvdb));
    expect(parsePlexGuid(`${'a'.repeat(100_000)}://`)).toStrictEqual(noIdentity('a'.repeat(100_000)));
    expect(parsePlexGuid('x'.repeat(100_000))).toStrictEqual(noIdentity(''));
  });

  it('reads JSON-escaped slashes as the GUID they encode', () => {
    // media_rate_movie.json / media_scrobble_movie.json write "plex:\/\/movie\/5d7768313c3c2a001fbcd1f0".
    const guid: string = JSON.parse(String.raw`"plex:\/\/movie\/5d7768313c3c2a001fbcd1f0"`);
    expect(parsePlexGuid(guid)).toStrictEqual(plexRef('movie', '5d7768313c3c2a001fbcd1f0'));
  });

  it.each([undefined, null])('treats %s as no identity', (guid) => {
    expect(parsePlexGuid(guid)).toStrictEqual(noIdentity(''));
  });

  it('does not throw on values outside its type', () => {
    for (const value of [42, {}, [], true, Symbol('guid')]) {
      expect(parsePlexGuid(value as unknown as string)).toStrictEqual(noIdentity(''));
    }
  });

  it.each([...fixtureGuids, ...otherForms, ...junk])('yields ids that satisfy externalIdsSchema for %j', (guid) => {
    const parsed = parsePlexGuid(guid);
    expect(externalIdsSchema.safeParse(parsed.ids).success).toBe(true);
    if (parsed.showIds) expect(externalIdsSchema.safeParse(parsed.showIds).success).toBe(true);
  });
});

describe('idsFromPlex', () => {
  const children = (...ids: string[]) => ids.map((id) => ({ id }));

  it.each<[string, string, string[], Record<string, string | number>]>([
    [
      'pms_library_metadata_movie.json',
      'plex://movie/5d776926ad5437001f7595eb',
      ['imdb://tt2294629', 'tmdb://109445', 'tvdb://89'],
      { plex: '5d776926ad5437001f7595eb', imdb: 'tt2294629', tmdb: 109445, tvdb: 89 },
    ],
    [
      'pms_library_metadata_movie_inprogress.json',
      'plex://movie/5d7768257228e5001f1dccd2',
      ['imdb://tt0096895', 'tmdb://268', 'tvdb://1204'],
      { plex: '5d7768257228e5001f1dccd2', imdb: 'tt0096895', tmdb: 268, tvdb: 1204 },
    ],
    [
      'pms_library_metadata_episode.json',
      'plex://episode/6332ef1e8848240ba522f9df',
      ['imdb://tt13702212', 'tmdb://3975867', 'tvdb://8830735'],
      { plex: '6332ef1e8848240ba522f9df', imdb: 'tt13702212', tmdb: 3975867, tvdb: 8830735 },
    ],
    [
      'discover_metadata_movie.json',
      'plex://movie/617d3ab142705b2183b1b20b',
      ['imdb://tt15789472', 'tmdb://1151534', 'tvdb://347900'],
      { plex: '617d3ab142705b2183b1b20b', imdb: 'tt15789472', tmdb: 1151534, tvdb: 347900 },
    ],
    [
      'discover_metadata_show.json',
      'plex://show/5df46a38237002001dce338d',
      ['imdb://tt11347692', 'tmdb://95837', 'tvdb://372848'],
      { plex: '5df46a38237002001dce338d', imdb: 'tt11347692', tmdb: 95837, tvdb: 372848 },
    ],
    [
      'discover_metadata_episode_official.json',
      'plex://episode/5d9c0b7ee98e47001eb2e3a0',
      ['imdb://tt7308394', 'tmdb://1418023', 'tvdb://6179251'],
      { plex: '5d9c0b7ee98e47001eb2e3a0', imdb: 'tt7308394', tmdb: 1418023, tvdb: 6179251 },
    ],
    [
      'metadata-response.movie.doc-example.json',
      'plex://movie/5d7768244de0ee001fcc7fed',
      ['imdb://tt0088763', 'tmdb://105', 'tvdb://299'],
      { plex: '5d7768244de0ee001fcc7fed', imdb: 'tt0088763', tmdb: 105, tvdb: 299 },
    ],
    [
      'media_scrobble_movie.json',
      'plex://movie/5d7768313c3c2a001fbcd1f0',
      ['imdb://tt0090728', 'tmdb://6978', 'tvdb://1876'],
      { plex: '5d7768313c3c2a001fbcd1f0', imdb: 'tt0090728', tmdb: 6978, tvdb: 1876 },
    ],
    [
      'media_resume_episode.json (episode with only tvdb)',
      'plex://episode/60341406ae8595002c187924',
      ['tvdb://445575'],
      { plex: '60341406ae8595002c187924', tvdb: 445575 },
    ],
    [
      'pms_status_sessions.xml (legacy guid plus a Guid child)',
      'com.plexapp.agents.imdb://tt0123456?lang=en',
      ['tmdb://12345'],
      { imdb: 'tt0123456', tmdb: 12345 },
    ],
    [
      'discover_watchlist_all.json (no Guid[] without includeGuids=1)',
      'plex://movie/617d3ab142705b2183b1b20b',
      [],
      { plex: '617d3ab142705b2183b1b20b' },
    ],
    ['pms_library_section_movies_all.json (legacy movie)', 'com.plexapp.agents.imdb://tt0807840?lang=en', [], { imdb: 'tt0807840' }],
    ['pms_library_section_shows_all.json (legacy show)', 'com.plexapp.agents.thetvdb://121361?lang=en', [], { tvdb: 121361 }],
    [
      'pms_library_metadata_season_children_episodes.json (legacy episode names only its show)',
      'com.plexapp.agents.thetvdb://268592/1/1?lang=en',
      [],
      {},
    ],
    ['legacy season names only its show', 'com.plexapp.agents.thetvdb://268592/1?lang=en', [], {}],
    ['hama anidb is not an ExternalIds key', 'com.plexapp.agents.hama://anidb-123?lang=en', [], {}],
    ['local item', 'local://123', [], {}],
    ['local item with external Guid children', 'local://123', ['imdb://tt0111161'], { imdb: 'tt0111161' }],
  ])('%s', (_source, guid, guidChildren, expected) => {
    expect(idsFromPlex(guid, children(...guidChildren))).toStrictEqual(expected);
  });

  it('lets the first GUID naming a key win', () => {
    expect(idsFromPlex('com.plexapp.agents.imdb://tt0000001?lang=en', children('imdb://tt0000002', 'tmdb://1', 'tmdb://2'))).toStrictEqual({
      imdb: 'tt0000001',
      tmdb: 1,
    });
  });

  it('skips junk children instead of letting them mask later ones', () => {
    expect(
      idsFromPlex('plex://movie/5d776926ad5437001f7595eb', [
        { id: 'imdb://image.rating' },
        { id: 'tmdb://abc' },
        {},
        { id: null },
        { id: 'tvdb://-5' },
        { id: 'tmdb://109445' },
      ]),
    ).toStrictEqual({ plex: '5d776926ad5437001f7595eb', tmdb: 109445 });
  });

  it('ignores a show id a legacy episode child carries', () => {
    expect(
      idsFromPlex('plex://episode/6332ef1e8848240ba522f9df', children('com.plexapp.agents.thetvdb://268592/1/1?lang=en')),
    ).toStrictEqual({
      plex: '6332ef1e8848240ba522f9df',
    });
  });

  it.each([undefined, null])('accepts %s children', (guidChildren) => {
    expect(idsFromPlex('tmdb://603', guidChildren)).toStrictEqual({ tmdb: 603 });
  });

  it('returns nothing for no GUID at all', () => {
    expect(idsFromPlex(undefined)).toStrictEqual({});
    expect(idsFromPlex(null, null)).toStrictEqual({});
    expect(idsFromPlex('', [])).toStrictEqual({});
  });

  it('returns ExternalIds that pass the domain schema', () => {
    const ids = idsFromPlex('plex://movie/5d776926ad5437001f7595eb', children('imdb://tt2294629', 'tmdb://109445', 'tvdb://89'));
    expect(externalIdsSchema.parse(ids)).toStrictEqual(ids);
  });
});
