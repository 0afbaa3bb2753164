import { describe, expect, it } from 'vitest';
import type { MinimalItem } from '../../src/domain/items';
import { canonicalKey } from '../../src/domain/keys';
import { ItemIndex, sameItem } from '../../src/domain/match';

const movie = (ids: MinimalItem['ids']): MinimalItem => ({ type: 'movie', ids });
const episode = (showIds: MinimalItem['ids'], season: number, number: number, ids: MinimalItem['ids'] = {}): MinimalItem => ({
  type: 'episode',
  ids,
  show_ids: showIds,
  season,
  episode: number,
});

describe('canonicalKey', () => {
  it.each<[string, MinimalItem, string | undefined]>([
    ['tmdb first', movie({ imdb: 'tt1', tmdb: 123, tvdb: 9, trakt: 4 }), 'movie:tmdb:123'],
    ['then imdb', movie({ imdb: 'tt1', tvdb: 9, trakt: 4 }), 'movie:imdb:tt1'],
    ['then tvdb', { type: 'show', ids: { tvdb: 9, trakt: 4 } }, 'show:tvdb:9'],
    ['then trakt', movie({ trakt: 4, slug: 'x' }), 'movie:trakt:4'],
    ['slug and plex are not identity', movie({ slug: 'x', plex: 'abc' }), undefined],
    ['episode by its own ids', episode({ tvdb: 5 }, 1, 2, { tvdb: 77 }), 'episode:tvdb:77'],
    ['episode by show ids and numbers', episode({ tvdb: 5 }, 1, 2), 'episode:show:tvdb:5:s1e2'],
    ['episode prefers the show tmdb', episode({ tvdb: 5, tmdb: 6 }, 1, 2), 'episode:show:tmdb:6:s1e2'],
    ['season by show ids and number', { type: 'season', ids: {}, show_ids: { tvdb: 5 }, season: 3 }, 'season:show:tvdb:5:s3'],
    ['episode without a number', { type: 'episode', ids: {}, show_ids: { tvdb: 5 }, season: 1 }, undefined],
  ])('%s', (_name, item, expected) => {
    expect(canonicalKey(item)).toBe(expected);
  });
});

describe('sameItem', () => {
  it.each<[string, MinimalItem, MinimalItem, boolean]>([
    ['shared imdb', movie({ imdb: 'tt1' }), movie({ imdb: 'tt1', tmdb: 2 }), true],
    ['any shared id, even if another differs', movie({ imdb: 'tt1', tmdb: 1 }), movie({ imdb: 'tt1', tmdb: 2 }), true],
    ['no shared id', movie({ imdb: 'tt1' }), movie({ tmdb: 1 }), false],
    ['types must agree', movie({ tmdb: 1 }), { type: 'show', ids: { tmdb: 1 } }, false],
    ['slug is not identity', movie({ slug: 'a' }), movie({ slug: 'a' }), false],
    ['episode by show id and numbers', episode({ tvdb: 5 }, 1, 2), episode({ tvdb: 5, tmdb: 6 }, 1, 2, { tvdb: 77 }), true],
    ['episode by any shared show id', episode({ tmdb: 6 }, 1, 2), episode({ tvdb: 5, tmdb: 6 }, 1, 2), true],
    ['different number', episode({ tvdb: 5 }, 1, 2), episode({ tvdb: 5 }, 1, 3), false],
    ['different season', episode({ tvdb: 5 }, 1, 2), episode({ tvdb: 5 }, 2, 2), false],
    ['different show', episode({ tvdb: 5 }, 1, 2), episode({ tvdb: 8 }, 1, 2), false],
    [
      'own ids of one kind disagree: numbering does not decide',
      episode({ tvdb: 5 }, 1, 2, { tvdb: 77 }),
      episode({ tvdb: 5 }, 1, 2, { tvdb: 78 }),
      false,
    ],
    [
      'own ids of different kinds: numbering decides',
      episode({ tvdb: 5 }, 1, 2, { tvdb: 77 }),
      episode({ tvdb: 5 }, 1, 2, { imdb: 'tt9' }),
      true,
    ],
    ['episode by own id despite other numbering', episode({ tvdb: 5 }, 1, 2, { tvdb: 77 }), episode({ tvdb: 5 }, 1, 3, { tvdb: 77 }), true],
  ])('%s', (_name, a, b, expected) => {
    expect(sameItem(a, b)).toBe(expected);
    expect(sameItem(b, a)).toBe(expected);
  });
});

describe('ItemIndex', () => {
  const records = [
    { name: 'a', item: movie({ imdb: 'tt1', tmdb: 1 }) },
    { name: 'b', item: movie({ tmdb: 2 }) },
    { name: 'e', item: episode({ tvdb: 5 }, 1, 2, { tvdb: 77 }) },
    { name: 'f', item: episode({ tvdb: 5 }, 1, 2, { tvdb: 78 }) },
  ];
  const index = new ItemIndex((record: { item: MinimalItem }) => record.item, records);

  it.each<[string, MinimalItem, string[]]>([
    ['by one of several ids, once', movie({ imdb: 'tt1', tmdb: 1 }), ['a']],
    ['by a partial id set', movie({ imdb: 'tt1' }), ['a']],
    ['nothing for an unknown id', movie({ tmdb: 3 }), []],
    ['nothing for a movie id asked as a show', { type: 'show', ids: { tmdb: 2 } }, []],
    ['an id-less episode finds every episode at that position', episode({ tvdb: 5 }, 1, 2), ['e', 'f']],
    ['an episode with its own id finds only itself', episode({ tvdb: 5 }, 1, 2, { tvdb: 78 }), ['f']],
  ])('%s', (_name, item, expected) => {
    expect(index.find(item).map((record) => record.name)).toEqual(expected);
  });

  // Timing lives in bench/plan.ts; this checks the answers at that scale.
  it('finds each of 50,000 episodes', () => {
    // 50 shows × 10 seasons × 100 episodes, each with its own tvdb id.
    const many = Array.from({ length: 50_000 }, (_, n) =>
      episode({ tvdb: 1 + Math.floor(n / 1000) }, 1 + Math.floor((n % 1000) / 100), n % 100, { tvdb: 1_000_000 + n }),
    );
    const big = new ItemIndex((item: MinimalItem) => item, many);
    const byOwnId = many.filter((item) => big.find({ type: 'episode', ids: item.ids }).length === 1).length;
    const byPosition = many.filter((item) => big.find({ ...item, ids: {} })[0] === item).length;
    expect([byOwnId, byPosition]).toEqual([many.length, many.length]);
  });
});
