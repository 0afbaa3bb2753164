import { describe, expect, it } from 'vitest';
import { hashesInName, plexPathCandidates, rankScenes } from '../../src/domain/plex-provider/match';

describe('ranking the scenes found for a file', () => {
  it.each([
    ['one exact path', { path: ['7'] }, [{ sceneId: '7', score: 100, way: 'path' }]],
    ['one hash', { hash: ['7'] }, [{ sceneId: '7', score: 90, way: 'hash' }]],
    ['one basename', { basename: ['7'] }, [{ sceneId: '7', score: 80, way: 'basename' }]],
    [
      'several basenames, lower, ties by numeric id',
      { basename: ['10', '9'] },
      [
        { sceneId: '9', score: 50, way: 'basename' },
        { sceneId: '10', score: 50, way: 'basename' },
      ],
    ],
    [
      'a scene found two ways keeps the better score',
      { hash: ['3'], basename: ['3', '4'] },
      [
        { sceneId: '3', score: 90, way: 'hash' },
        { sceneId: '4', score: 50, way: 'basename' },
      ],
    ],
    ['duplicates of one id count once', { path: ['5', '5'] }, [{ sceneId: '5', score: 100, way: 'path' }]],
    ['nothing', {}, []],
  ] as const)('%s', (_name, found, expected) => {
    expect(rankScenes(found)).toEqual(expected);
  });
});

describe('hashes in a file name', () => {
  it.each([
    ['0123456789abcdef.mp4', { oshash: ['0123456789abcdef'], md5: [] }],
    ['Studio - 0123456789ABCDEF0123456789abcdef - title.mkv', { oshash: [], md5: ['0123456789abcdef0123456789abcdef'] }],
    ['scene-00001.mp4', { oshash: [], md5: [] }],
    ['0123456789abcdeg.mp4', { oshash: [], md5: [] }],
  ])('%s', (name, expected) => {
    expect(hashesInName(name)).toEqual(expected);
  });
});

describe('the Plex paths a relative file name stands for', () => {
  it.each([
    ['Studio/a.mp4', ['/data/stash'], ['/data/stash/Studio/a.mp4']],
    ['/Studio/a.mp4', ['/data/stash/'], ['/data/stash/Studio/a.mp4', '/Studio/a.mp4']],
    ['Studio/a.mp4', ['D:\\Stash', '/mnt/s'], ['D:\\Stash\\Studio\\a.mp4', '/mnt/s/Studio/a.mp4']],
    ['Studio/a.mp4', [], ['Studio/a.mp4']],
    ['/abs/a.mp4', [], ['/abs/a.mp4']],
  ])('%s in %j', (filename, roots, expected) => {
    expect(plexPathCandidates(filename, roots)).toEqual(expected);
  });
});
