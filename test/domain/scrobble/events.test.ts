import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultScrobbleRules,
  type PlaybackState,
  parseScrobbleEvent,
  scrobbleRulesSchema,
  webhookPlaybackState,
  webhookSessionKey,
} from '../../../src/domain/scrobble';
import { fixturesDir } from '../../support/fixtures';

const webhookFixtures = join(fixturesDir, 'webhook');

const validPlay = {
  kind: 'play',
  serverUuid: 'srv',
  sessionKey: '19',
  ratingKey: '9723',
  state: 'playing',
  viewOffsetMs: 39000,
  receivedAt: 1_700_000_000_000,
  source: 'websocket',
};

describe('webhookPlaybackState', () => {
  it.each<[string, PlaybackState | undefined]>([
    ['media.play', 'playing'],
    ['media.resume', 'playing'],
    ['media.scrobble', 'playing'],
    ['media.pause', 'paused'],
    ['media.stop', 'stopped'],
    ['media.rate', undefined],
    ['library.new', undefined],
    ['library.on.deck', undefined],
    ['admin.database.backup', undefined],
    ['device.new', undefined],
    ['playback.started', undefined],
    ['toString', undefined],
    ['', undefined],
  ])('%s → %s', (eventName, state) => {
    expect(webhookPlaybackState(eventName)).toBe(state);
  });
});

describe('webhook fixtures convert to play events', () => {
  it.each([
    ['media_pause_episode_legacy_agent.json', 'paused', 1127000],
    ['media_resume_episode.json', 'playing', 336000],
    ['media_stop_movie_legacy_agent.json', 'stopped', undefined],
    ['media_scrobble_movie.json', 'playing', undefined],
  ])('%s', (file, state, viewOffsetMs) => {
    const payload = JSON.parse(readFileSync(join(webhookFixtures, file), 'utf8'));
    const event = parseScrobbleEvent({
      kind: 'play',
      serverUuid: payload.Server.uuid,
      sessionKey: webhookSessionKey(payload.Player.uuid),
      ratingKey: payload.Metadata.ratingKey,
      state: webhookPlaybackState(payload.event),
      viewOffsetMs: payload.Metadata.viewOffset,
      receivedAt: 1_700_000_000_000,
      source: 'webhook',
      user: payload.Account.title,
    });
    expect(event).toMatchObject({ state, viewOffsetMs, sessionKey: `webhook:${payload.Player.uuid}`, user: payload.Account.title });
  });
});

describe('parseScrobbleEvent', () => {
  it('accepts a websocket play event as is', () => {
    expect(parseScrobbleEvent(validPlay)).toEqual(validPlay);
  });

  it.each([
    ['a blank user means unknown', { user: '  ' }, { user: undefined }],
    ['names and keys are trimmed', { user: ' alice ', sessionKey: ' 19 ' }, { user: 'alice', sessionKey: '19' }],
    ['the offset may be unknown', { viewOffsetMs: undefined }, { viewOffsetMs: undefined }],
  ])('normalises: %s', (_name, patch, expected) => {
    expect(parseScrobbleEvent({ ...validPlay, ...patch })).toMatchObject(expected);
  });

  it.each([
    ['an unknown state', { state: 'seeking' }, 'state'],
    ['a negative offset', { viewOffsetMs: -1 }, 'viewOffsetMs'],
    ['a missing session key', { sessionKey: undefined }, 'sessionKey'],
    ['an empty rating key', { ratingKey: '' }, 'ratingKey'],
    ['an unknown source', { source: 'poll' }, 'source'],
    ['a fractional receivedAt', { receivedAt: 1.5 }, 'receivedAt'],
    ['an unknown field', { extra: 1 }, 'extra'],
  ])('rejects %s', (_name, patch, path) => {
    expect(() => parseScrobbleEvent({ ...validPlay, ...patch })).toThrow(path);
  });

  it('accepts enrichment results for movies and episodes only', () => {
    const enriched = {
      kind: 'enriched',
      sessionKey: '19',
      ratingKey: '9723',
      durationMs: 1000,
      item: { type: 'movie', ids: { imdb: 'tt0072684' } },
    };
    expect(parseScrobbleEvent(enriched)).toEqual(enriched);
    expect(() => parseScrobbleEvent({ ...enriched, item: { type: 'show', ids: {} } })).toThrow();
    expect(() => parseScrobbleEvent({ ...enriched, durationMs: 0 })).toThrow();
  });

  it.each([
    { kind: 'tick' },
    { kind: 'enrich-failed', sessionKey: '19', ratingKey: '9723', reason: 'no external ids' },
    { kind: 'sessions-snapshot', serverUuid: 'srv', sessions: [{ sessionKey: '19', ratingKey: '9723' }] },
  ])('accepts $kind', (event) => {
    expect(parseScrobbleEvent(event)).toEqual(event);
  });

  it('rejects an unknown kind', () => {
    expect(() => parseScrobbleEvent({ kind: 'rate' })).toThrow();
  });
});

describe('scrobbleRulesSchema', () => {
  it('accepts the defaults', () => {
    expect(scrobbleRulesSchema.parse(defaultScrobbleRules)).toEqual(defaultScrobbleRules);
  });

  it.each([79.9, 100.1])('refuses a watched threshold of %s (Trakt scrobbles a stop from 80 %)', (movie) => {
    expect(() => scrobbleRulesSchema.parse({ ...defaultScrobbleRules, watchedThresholdPercent: { movie, episode: 90 } })).toThrow('movie');
  });
});
