import { describe, expect, it } from 'vitest';
import { decideMatch } from '../../src/domain/stash/match';
import { changedFields, fieldValues, hasIdentity, type SceneInput, sceneMetadata } from '../../src/domain/stash/metadata';
import { planPlexEdit, tagChange } from '../../src/domain/stash/plex-edit';
import { maxLengths, multiLine, plexDate, singleLine, tagList } from '../../src/domain/stash/sanitise';

const allFields = {
  title: true,
  sort_title: true,
  summary: true,
  date: true,
  studio: true,
  performers: true,
  tags: true,
  collection: true,
  rating: true,
  poster: true,
};
const scene = (over: Partial<SceneInput> = {}): SceneInput => ({
  id: '1',
  title: 'A Walk',
  details: 'Some details',
  date: '2024-05-06',
  rating100: 73,
  studio: { name: 'Brightline' },
  performers: [{ name: 'Ava' }],
  tags: [{ name: 'Outdoor' }],
  files: [{ path: '/stash/a/x.mp4', basename: 'x.mp4' }],
  paths: { screenshot: 'http://stash/scene/1/screenshot?t=1' },
  ...over,
});

describe('sanitising Stash text for Plex', () => {
  it('one-line values: control characters become spaces, whitespace runs collapse, ends trimmed', () => {
    expect(singleLine(' A\u0000B\tC\u2028D  E\u0085 ', 100)).toBe('A B C D E');
  });
  it('one-line values: empty after cleaning is absent (a push never writes an empty title)', () => {
    expect(singleLine('\u0001 \u0002', 100)).toBeUndefined();
    expect(singleLine(null, 100)).toBeUndefined();
  });
  it('lengths are capped on a character boundary, never inside a surrogate pair', () => {
    expect(singleLine('😀'.repeat(300), maxLengths.title)).toBe('😀'.repeat(255));
  });
  it('summaries keep line breaks: CRLF to LF, controls removed, at most one blank line', () => {
    expect(multiLine('One\u0007\r\nTwo\r\r\r\n\n\nThree  \n', 100)).toBe('One\nTwo\n\nThree');
  });
  it('tags: de-duplicated case-insensitively, commas replaced (Plex separates removals with them), capped', () => {
    expect(tagList(['Night', 'night', ' Outdoor ', 'A,B', '', 'X'], 3)).toEqual(['Night', 'Outdoor', 'A B']);
  });
  it('dates: Stash fuzzy dates filled to a full day; impossible dates dropped', () => {
    expect(plexDate('2024')).toBe('2024-01-01');
    expect(plexDate('2024-05')).toBe('2024-05-01');
    expect(plexDate('2024-02-30')).toBeUndefined();
    expect(plexDate('May 2024')).toBeUndefined();
  });
});

describe('scene metadata and change detection', () => {
  it('holds a scene with no studio, performers, tags, details or date (scanned, not identified)', () => {
    expect(hasIdentity(scene({ studio: null, performers: [], tags: [], details: ' ', date: null }))).toBe(false);
    expect(hasIdentity(scene({ studio: null, performers: [], tags: [], details: null, date: '2020' }))).toBe(true);
  });
  it('maps rating100 to Plex 0–10, the studio to a collection, and never uses a preview video as the poster', () => {
    const m = sceneMetadata(scene({ title: 'The Walk', paths: { screenshot: 'http://stash/scene/1/preview' } }), {
      fields: allFields,
      maxTags: 10,
    });
    expect(m).toMatchObject({ rating: 7, collection: 'Brightline', titleSort: 'Walk' });
    expect(m.poster).toBeUndefined();
  });
  it('per-field hashes: only what changed is pushed again; a toggled-off field is never written', () => {
    const before = fieldValues(sceneMetadata(scene(), { fields: allFields, maxTags: 10 }));
    const after = fieldValues(sceneMetadata(scene({ tags: [{ name: 'Night' }] }), { fields: allFields, maxTags: 10 }));
    expect(changedFields(after, before)).toEqual(['tags']);
    expect(sceneMetadata(scene(), { fields: { ...allFields, summary: false }, maxTags: 10 }).summary).toBeUndefined();
  });
});

describe('the Plex edit', () => {
  const current = {
    text: { title: 'x', summary: 'Edited in Plex' },
    genres: ['Outdoor', 'Old'],
    actors: [],
    collections: ['Brightline', 'Favourites'],
  };
  const wanted = sceneMetadata(scene({ studio: { name: 'Juniper' } }), { fields: allFields, maxTags: 10 });
  const all = new Set(['title', 'titleSort', 'summary', 'date', 'studio', 'performers', 'tags', 'collection', 'rating'] as const);

  it('set semantics: adds what is new, removes what Stash no longer has (case-insensitive)', () => {
    expect(tagChange(['Night', 'outdoor'], ['Outdoor', 'Travel'], false)).toEqual({ add: ['Travel'], remove: ['Night'] });
  });
  it('moves the studio collection and leaves other collections alone', () => {
    const edit = planPlexEdit(wanted, current, { fields: all, preservePlexEdits: false, previousCollection: 'Brightline' });
    expect(edit.tags.collection).toEqual({ add: ['Juniper'], remove: ['Brightline'] });
    expect(edit.tags.genre).toEqual({ add: [], remove: ['Old'] });
    expect(edit.text.summary).toBe('Some details');
  });
  it('preserve_plex_edits only fills empty fields', () => {
    const edit = planPlexEdit(wanted, current, { fields: all, preservePlexEdits: true });
    expect(edit.text.summary).toBeUndefined();
    expect(edit.text.studio).toBe('Juniper');
    expect(edit.tags.genre).toBeUndefined();
    expect(edit.tags.actor).toEqual({ add: ['Ava'], remove: [] });
  });
  it('a field Stash has no value for is left as Plex shows it (never wiped)', () => {
    const edit = planPlexEdit(sceneMetadata(scene({ details: null }), { fields: allFields, maxTags: 10 }), current, {
      fields: all,
      preservePlexEdits: false,
    });
    expect('summary' in edit.text).toBe(false);
  });
});

describe('matching with a confidence', () => {
  const c = (ratingKey: string, file: string) => ({ ratingKey, files: [file] });
  it('an exact mapped path is high confidence even with other files of the same name', () => {
    expect(decideMatch(['/s/a/x.mp4'], ['/p/a/x.mp4'], [c('1', '/p/a/x.mp4'), c('2', '/p/b/x.mp4')], true)).toMatchObject({
      ratingKey: '1',
      method: 'path',
      confidence: 'high',
    });
  });
  it('one file-name candidate is high; several are ambiguous in strict mode, and the closest folder wins when lenient', () => {
    expect(decideMatch(['/s/a/x.mp4'], [], [c('1', '/p/q/X.MP4')], true)).toMatchObject({ ratingKey: '1', confidence: 'high' });
    const two = [c('1', '/p/a/x.mp4'), c('2', '/p/b/x.mp4')];
    expect(decideMatch(['/s/a/x.mp4'], [], two, true)).toEqual({ status: 'ambiguous', candidates: ['1', '2'] });
    expect(decideMatch(['/s/a/x.mp4'], [], two, false)).toMatchObject({ ratingKey: '1', confidence: 'low' });
    expect(decideMatch(['/s/c/x.mp4'], [], two, false)).toMatchObject({ status: 'ambiguous' });
  });
  it('no candidate with the file name is missing (not scanned yet), never a guess by title', () => {
    expect(decideMatch(['/s/a/x.mp4'], [], [c('1', '/p/a/y.mp4')], true)).toEqual({ status: 'missing' });
  });
});
