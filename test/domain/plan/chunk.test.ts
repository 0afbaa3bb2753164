import { describe, expect, it } from 'vitest';
import { chunk, chunkIdempotencyKey } from '../../../src/domain/plan/chunk';
import { canonicalJson, fnv1a64 } from '../../../src/domain/plan/hash';

describe('chunk', () => {
  it.each([
    { count: 0, size: 100, sizes: [] },
    { count: 100, size: 100, sizes: [100] },
    { count: 101, size: 100, sizes: [100, 1] },
    { count: 250, size: 100, sizes: [100, 100, 50] },
    { count: 5, size: 2, sizes: [2, 2, 1] },
  ])('$count items by $size', ({ count, size, sizes }) => {
    const items = Array.from({ length: count }, (_, n) => n);
    const chunks = chunk(items, size);
    expect(chunks.map((part) => part.length)).toEqual(sizes);
    expect(chunks.flat()).toEqual(items);
  });

  it.each([0, 101, 1.5])('refuses size %s', (size) => {
    expect(() => chunk([1], size)).toThrow(RangeError);
  });
});

describe('fnv1a64', () => {
  // Reference vectors of 64-bit FNV-1a; the last checks multi-byte UTF-8.
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
    ['é€😀', '0a289ca40199fa06'],
  ])('%j', (text, hash) => {
    expect(fnv1a64(text)).toBe(hash);
  });
});

describe('chunkIdempotencyKey', () => {
  const play = { item: { type: 'movie', ids: { tmdb: 1, imdb: 'tt1' } }, watched_at: '2024-01-01T00:00:00.000Z' };
  const reordered = { watched_at: '2024-01-01T00:00:00.000Z', item: { ids: { imdb: 'tt1', tmdb: 1 }, type: 'movie' } };

  it('is equal for equal content whatever the key order', () => {
    expect(chunkIdempotencyKey('plan-1:history:toTarget:add', [play])).toBe(
      chunkIdempotencyKey('plan-1:history:toTarget:add', [reordered]),
    );
  });

  it.each([
    ['another scope', chunkIdempotencyKey('plan-2:history:toTarget:add', [play])],
    ['other content', chunkIdempotencyKey('plan-1:history:toTarget:add', [{ ...play, watched_at: '2024-01-01T00:00:01.000Z' }])],
    ['more items', chunkIdempotencyKey('plan-1:history:toTarget:add', [play, play])],
  ])('differs for %s', (_name, key) => {
    expect(key).not.toBe(chunkIdempotencyKey('plan-1:history:toTarget:add', [play]));
  });

  it('canonical JSON sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: undefined }], a: 'x' })).toBe('{"a":"x","b":[1,{"d":1}]}');
  });
});
