import { describe, expect, it } from 'vitest';
import type { MinimalItem } from '../../../src/domain/items';
import { canonicalKey, itemKey, recordKey } from '../../../src/domain/keys';
import { frozenTitlesBySide, unresolvedKeysOf, withoutFrozen } from '../../../src/domain/plan/frozen';
import type { Side } from '../../../src/domain/plan/types';
import { movie, plays, titles } from './builders';

const names = (records: { item: MinimalItem }[]) => records.map((r) => r.item.title).join(' ');

describe('withoutFrozen: frozen titles are matched like titles, not by key', () => {
  it.each<{ name: string; planned: string; frozen: string[]; left: string }>([
    { name: 'nothing frozen', planned: 'A@0 B@0', frozen: [], left: 'A B' },
    { name: 'the frozen title is left out, every play of it', planned: 'A@0 A@3600 B@0', frozen: ['A'], left: 'B' },
    // A~ (imdb only, as a legacy Plex agent names it) and A (tmdb + imdb) are one title with different keys.
    { name: 'frozen under fewer IDs, planned with more', planned: 'A@0 B@0', frozen: ['A~'], left: 'B' },
    { name: 'frozen under more IDs, planned with fewer', planned: 'A~@0 B@0', frozen: ['A'], left: 'B' },
    { name: 'an episode frozen by show position', planned: 'E@0 F@0', frozen: ['E~'], left: 'F' },
    { name: 'another title is not frozen', planned: 'C@0', frozen: ['A', 'B'], left: 'C' },
  ])('$name', ({ planned, frozen, left }) => {
    expect(
      names(
        withoutFrozen(
          plays(planned),
          frozen.map((name) => titles[name]!),
        ),
      ),
    ).toBe(left);
  });

  it('the keys of one title can differ, which is why a key lookup missed frozen items', () => {
    // Before, apply froze under `keyOf` (canonical key) and the planner looked up `canonicalKey ?? ''`: A~ frozen,
    // A planned → different keys → A was sent again and failed again every run.
    expect(canonicalKey(titles.A!)).not.toBe(canonicalKey(titles['A~']!));
    expect(withoutFrozen(plays('A@0'), [titles['A~']!])).toEqual([]);
  });
});

describe('unresolvedKeysOf: a success thaws its title however it was frozen', () => {
  const unresolved = [
    { itemKey: itemKey(titles['A~']!), item: titles['A~']! },
    { itemKey: itemKey(titles.B!), item: titles.B! },
  ];
  it.each<[string, string[], string[]]>([
    ['the same ID set', ['B'], [itemKey(titles.B!)]],
    ['another ID set of the title', ['A'], [itemKey(titles['A~']!)]],
    ['an unrelated title', ['C'], []],
  ])('%s', (_name, succeeded, thawed) => {
    expect(
      unresolvedKeysOf(
        unresolved,
        succeeded.map((name) => titles[name]!),
      ),
    ).toEqual(thawed);
  });
});

describe('itemKey: the one key items are stored under', () => {
  it.each<[string, MinimalItem, string]>([
    ['the canonical key when there is one', titles.A!, 'movie:tmdb:1'],
    ['an episode by show position', titles['E~']!, 'episode:show:tvdb:5:s1e2'],
    ['an ID-less item by type and IDs', titles.Z!, 'movie:ids:{"plex":"local-only"}'],
  ])('%s', (_name, item, key) => {
    expect(itemKey(item)).toBe(key);
  });

  it('two ID-less items never share a key (`canonicalKey ?? ""` gave both "", `keyOf` gave each its IDs)', () => {
    const other = movie('Y', { slug: 'y' });
    expect(canonicalKey(titles.Z!) ?? '').toBe(canonicalKey(other) ?? '');
    expect(itemKey(titles.Z!)).not.toBe(itemKey(other));
  });

  it('IDs in another order are the same key', () => {
    expect(itemKey(movie('Y', { slug: 'y', plex: 'p' }))).toBe(itemKey(movie('Y', { plex: 'p', slug: 'y' })));
  });

  it.each<[string, { item: MinimalItem; watched_at?: string }, string]>([
    ['a play by item and time', plays('A@0')[0]!, 'movie:tmdb:1@2024-01-01T00:00:00.000Z'],
    ['a watchlist entry by item', { item: titles.B! }, 'movie:tmdb:2'],
  ])('recordKey: %s', (_name, record, key) => {
    expect(recordKey(record)).toBe(key);
  });
});

describe('frozenTitlesBySide: what a run froze, counted as `unresolved list` shows it (one per title)', () => {
  // A chunk: its destination, its plays, and which of them failed.
  type ChunkText = { to: Side; plays: string; failed: string };
  const chunk = ({ to, plays: sent, failed }: ChunkText) => ({
    destination: to,
    records: plays(sent),
    failedKeys: plays(failed).map(recordKey),
  });
  it.each<{ name: string; chunks: ChunkText[]; source: number; target: number }>([
    { name: 'nothing failed', chunks: [{ to: 'target', plays: 'A@0 B@0', failed: '' }], source: 0, target: 0 },
    {
      name: 'two plays of one title in one chunk',
      chunks: [{ to: 'target', plays: 'A@0 A@60 B@0', failed: 'A@0 A@60' }],
      source: 0,
      target: 1,
    },
    {
      name: 'plays of one title split across two chunks count once',
      chunks: [
        { to: 'target', plays: 'A@0 B@0', failed: 'A@0' },
        { to: 'target', plays: 'A@60 C@0', failed: 'A@60 C@0' },
      ],
      source: 0,
      target: 2,
    },
    {
      name: 'one title failing at both sides counts at each',
      chunks: [
        { to: 'target', plays: 'A@0', failed: 'A@0' },
        { to: 'source', plays: 'A@60', failed: 'A@60' },
      ],
      source: 1,
      target: 1,
    },
    {
      name: 'a play that succeeded does not count its title',
      chunks: [{ to: 'source', plays: 'A@0 A@60', failed: 'A@60' }],
      source: 1,
      target: 0,
    },
  ])('$name', ({ chunks, source, target }) => {
    expect(frozenTitlesBySide(chunks.map(chunk))).toEqual({ source, target });
  });
});
