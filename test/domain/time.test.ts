import { describe, expect, it } from 'vitest';
import { isoUtcSchema } from '../../src/domain/items';
import { defaultPlayToleranceMs, epochSecondsFromIso, isoToEpochMs, toIsoUtc, withinTolerance } from '../../src/domain/time';

describe('toIsoUtc', () => {
  it.each<[string, unknown, string]>([
    // PMS epoch seconds, as JSON numbers (fixtures: lastViewedAt, addedAt, updatedAt, viewedAt).
    ['PMS lastViewedAt', 1524861657, '2018-04-27T20:40:57.000Z'],
    ['PMS addedAt', 1000396126, '2001-09-13T15:48:46.000Z'],
    ['PMS viewedAt', 1345678901, '2012-08-22T23:41:41.000Z'],
    ['Trakt OAuth created_at', 1487889741, '2017-02-23T22:42:21.000Z'],
    ['first second after the epoch', 1, '1970-01-01T00:00:01.000Z'],
    ['fractional seconds', 1409562611.5, '2014-09-01T09:10:11.500Z'],
    ['fractional seconds with float error', 1409562611.123, '2014-09-01T09:10:11.123Z'],
    ['largest seconds value', 99_999_999_999, '5138-11-16T09:46:39.000Z'],
    // XML attributes are strings.
    ['XML viewedAt', '1419652344', '2014-12-27T03:52:24.000Z'],
    ['XML addedAt', '1377829261', '2013-08-30T02:21:01.000Z'],
    ['numeric string with spaces', ' 1590245989 ', '2020-05-23T14:59:49.000Z'],
    ['numeric string with a fraction', '1409562611.25', '2014-09-01T09:10:11.250Z'],
    // Epoch milliseconds.
    ['epoch milliseconds', 1409562611000, '2014-09-01T09:10:11.000Z'],
    ['epoch milliseconds with ms', 1409562611123, '2014-09-01T09:10:11.123Z'],
    ['epoch milliseconds as a string', '1409562611123', '2014-09-01T09:10:11.123Z'],
    ['smallest milliseconds value', 100_000_000_000, '1973-03-03T09:46:40.000Z'],
    ['last representable millisecond', 253_402_300_799_999, '9999-12-31T23:59:59.999Z'],
    // Trakt ISO strings.
    ['Trakt watched_at', '2014-09-01T09:10:11.000Z', '2014-09-01T09:10:11.000Z'],
    ['without milliseconds', '2014-09-01T09:10:11Z', '2014-09-01T09:10:11.000Z'],
    ['one fraction digit', '2014-09-01T09:10:11.5Z', '2014-09-01T09:10:11.500Z'],
    ['microseconds truncated', '2014-09-01T09:10:11.123999Z', '2014-09-01T09:10:11.123Z'],
    ['+02:00 offset', '2014-09-01T11:10:11+02:00', '2014-09-01T09:10:11.000Z'],
    ['+02:00 offset with ms', '2014-09-01T11:10:11.250+02:00', '2014-09-01T09:10:11.250Z'],
    ['-05:30 offset', '2014-09-01T03:40:11-05:30', '2014-09-01T09:10:11.000Z'],
    ['+0200 offset', '2014-09-01T11:10:11+0200', '2014-09-01T09:10:11.000Z'],
    ['+00:00 offset', '2014-09-01T09:10:11+00:00', '2014-09-01T09:10:11.000Z'],
    ['offset crossing midnight and a year', '2015-01-01T01:00:00+02:00', '2014-12-31T23:00:00.000Z'],
    ['offset crossing into a leap day', '2024-03-01T01:30:00+03:00', '2024-02-29T22:30:00.000Z'],
    ['lower-case t and z', '2014-09-01t09:10:11z', '2014-09-01T09:10:11.000Z'],
    ['leap day', '2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['leap day of a 400-year', '2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['before the epoch', '1969-07-20T20:17:40Z', '1969-07-20T20:17:40.000Z'],
    ['year 0099 is not 1999', '0099-06-01T00:00:00Z', '0099-06-01T00:00:00.000Z'],
    ['far future', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['surrounding whitespace', '  2014-09-01T09:10:11Z\n', '2014-09-01T09:10:11.000Z'],
  ])('%s: %j', (_case, value, expected) => {
    expect(toIsoUtc(value)).toBe(expected);
    expect(isoUtcSchema.parse(toIsoUtc(value))).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['zero (PMS "never")', 0],
    ['zero as a string', '0'],
    ['negative seconds', -1],
    ['negative string', '-1409562611'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['beyond year 9999 in ms', 253_402_300_800_000],
    ['beyond Date range', 8.64e15 + 1],
    ['Number.MAX_VALUE', Number.MAX_VALUE],
    ['empty string', ''],
    ['blank string', '   '],
    ['words', 'yesterday'],
    ['hex string', '0x5400'],
    ['exponent string', '1.4e9'],
    ['number with a unit', '1409562611s'],
    ['date only (a day, not an instant)', '2014-09-01'],
    ['no zone (would be the host zone)', '2014-09-01T09:10:11'],
    ['no zone with ms', '2014-09-01T09:10:11.000'],
    ['space separator', '2014-09-01 09:10:11Z'],
    ['no seconds', '2014-09-01T09:10Z'],
    ['Feb 29 of a common year', '2023-02-29T00:00:00Z'],
    ['Feb 29 of 1900', '1900-02-29T00:00:00Z'],
    ['April 31', '2014-04-31T00:00:00Z'],
    ['month 13', '2014-13-01T00:00:00Z'],
    ['day 0', '2014-09-00T00:00:00Z'],
    ['hour 24', '2014-09-01T24:00:00Z'],
    ['leap second', '2016-12-31T23:59:60Z'],
    ['offset hour 24', '2014-09-01T09:10:11+24:00'],
    ['offset minute 60', '2014-09-01T09:10:11+01:60'],
    ['hour-only offset', '2014-09-01T09:10:11+02'],
    ['empty fraction', '2014-09-01T09:10:11.Z'],
    ['zone before the offset underflows year 0', '0000-01-01T00:30:00+01:00'],
    ['six-digit year', '+010000-01-01T00:00:00.000Z'],
    ['RFC 2822', 'Mon, 01 Sep 2014 09:10:11 GMT'],
    ['full-width digits', '２０１４-09-01T09:10:11Z'],
    ['null', null],
    ['undefined', undefined],
    ['boolean', true],
    ['Date object', new Date(0)],
    ['object', { seconds: 1409562611 }],
    ['array', [1409562611]],
    ['bigint', 1409562611n],
  ])('yields undefined for %s', (_case, value) => {
    expect(toIsoUtc(value)).toBeUndefined();
  });

  it('tells seconds from milliseconds at 1e11', () => {
    expect(toIsoUtc(99_999_999_999)).toBe('5138-11-16T09:46:39.000Z');
    expect(toIsoUtc(100_000_000_000)).toBe('1973-03-03T09:46:40.000Z');
  });

  it('round-trips its own output', () => {
    const iso = '2014-09-01T09:10:11.123Z';
    expect(toIsoUtc(toIsoUtc(iso))).toBe(iso);
    expect(toIsoUtc(isoToEpochMs(iso))).toBe(iso);
  });
});

describe('isoToEpochMs', () => {
  it.each<[string | null | undefined, number | undefined]>([
    ['2014-09-01T09:10:11.000Z', 1409562611000],
    ['2014-09-01T09:10:11Z', 1409562611000],
    ['2014-09-01T09:10:11.123Z', 1409562611123],
    ['2014-09-01T11:10:11+02:00', 1409562611000],
    ['1970-01-01T00:00:00Z', 0],
    ['1969-12-31T23:59:59Z', -1000],
    ['1409562611', undefined],
    ['2014-09-01', undefined],
    ['junk', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j -> %s', (iso, expected) => {
    expect(isoToEpochMs(iso)).toBe(expected);
  });
});

describe('epochSecondsFromIso', () => {
  it.each<[string | null | undefined, number | undefined]>([
    ['2014-09-01T09:10:11.000Z', 1409562611],
    ['2014-09-01T09:10:11.999Z', 1409562611],
    ['2014-09-01T11:10:11+02:00', 1409562611],
    ['2018-04-27T20:40:57.000Z', 1524861657],
    ['1969-12-31T23:59:59.500Z', -1],
    ['not a time', undefined],
    [null, undefined],
  ])('%j -> %s', (iso, expected) => {
    expect(epochSecondsFromIso(iso)).toBe(expected);
  });

  it('inverts toIsoUtc for PMS epoch seconds', () => {
    for (const seconds of [1, 1000396126, 1409562611, 1524861657, 1691606667, 99_999_999_999]) {
      expect(epochSecondsFromIso(toIsoUtc(seconds))).toBe(seconds);
    }
  });
});

describe('withinTolerance', () => {
  const base = '2014-09-01T09:10:11.000Z';

  it.each<[string, string | null | undefined, string | null | undefined, number, boolean]>([
    ['identical', base, base, 0, true],
    ['1 ms apart with 0 tolerance', base, '2014-09-01T09:10:11.001Z', 0, false],
    ['exactly the tolerance', base, '2014-09-01T09:11:11.000Z', 60_000, true],
    ['1 ms over the tolerance', base, '2014-09-01T09:11:11.001Z', 60_000, false],
    ['order does not matter', '2014-09-01T09:11:11.000Z', base, 60_000, true],
    ['same instant, different offsets', base, '2014-09-01T11:10:11+02:00', 0, true],
    ['across a bucket boundary flooring would split', '2014-09-01T09:10:59.999Z', '2014-09-01T09:11:00.001Z', 1000, true],
    ['first not a time', 'junk', base, 60_000, false],
    ['second not a time', base, '', 60_000, false],
    ['missing', undefined, null, 60_000, false],
    ['negative tolerance', base, base, -1, false],
    ['NaN tolerance', base, base, Number.NaN, false],
    ['infinite tolerance', base, '1970-01-01T00:00:00Z', Number.POSITIVE_INFINITY, true],
  ])('%s', (_case, a, b, toleranceMs, expected) => {
    expect(withinTolerance(a, b, toleranceMs)).toBe(expected);
  });

  it('defaults to the 60 s play tolerance', () => {
    expect(defaultPlayToleranceMs).toBe(60_000);
    expect(withinTolerance(base, '2014-09-01T09:11:11.000Z')).toBe(true);
    expect(withinTolerance(base, '2014-09-01T09:11:11.001Z')).toBe(false);
  });
});
