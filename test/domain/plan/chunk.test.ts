import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/domain/canonical-json';
import { chunk } from '../../../src/domain/plan/chunk';

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

describe('canonicalJson', () => {
  it('sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: undefined }], a: 'x' })).toBe('{"a":"x","b":[1,{"d":1}]}');
  });
});
