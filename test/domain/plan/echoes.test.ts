import { describe, expect, it } from 'vitest';
import { itemKey } from '../../../src/domain/keys';
import { type PlexEcho, translateEchoes } from '../../../src/domain/plan/echoes';
import { at, plays, playsText, titles } from './builders';

/** `'A:1000<-10'`: a play of A written to Plex at 1000 s, copying the play at 10 s. */
function echoes(textual: string): PlexEcho[] {
  return textual
    .split(' ')
    .filter(Boolean)
    .map((word) => {
      const [name = '', rest = ''] = word.split(':');
      const [written = '', origin = ''] = rest.split('<-');
      return { itemKey: itemKey(titles[name]!), writtenAt: at(Number(written)), originWatchedAt: at(Number(origin)) };
    });
}

describe('translateEchoes: a play watchsync wrote to Plex gets back the time of the play it copied', () => {
  it.each<[string, string, string, string]>([
    ['no echoes', 'A@1000', '', 'A@1000'],
    ['an echo', 'A@1000', 'A:1000<-10', 'A@10'],
    ['PMS stamped it a little later', 'A@1100', 'A:1000<-10', 'A@10'],
    ['outside the 5-minute window it is a play of its own', 'A@1400', 'A:1000<-10', 'A@1400'],
    ['two plays written in one run are two echoes', 'A@1000 A@1001', 'A:1000<-10 A:1001<-20', 'A@10 A@20'],
    ['an echo stands for one play only', 'A@1000 A@1001', 'A:1000<-10', 'A@10 A@1001'],
    ["another title's echo does not count", 'B@1000', 'A:1000<-10', 'B@1000'],
  ])('%s', (_name, read, written, expected) => {
    expect(playsText(translateEchoes(plays(read), echoes(written)))).toBe(expected);
  });
});
