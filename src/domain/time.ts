/**
 * Time normalisation (DESIGN.md §3, fixtures MANIFEST fact 3). The domain speaks one form,
 * ISO-8601 UTC with milliseconds (`2014-09-01T09:10:11.000Z`, the `IsoUtc` type); PMS epoch
 * seconds and Trakt ISO strings are converted at the provider edge with these functions.
 *
 * Every function is total: junk yields `undefined` (or `false`), never an exception.
 */
import type { IsoUtc } from './items';

/** DESIGN.md §3: two plays of one item are the same play when their times are this close. */
export const defaultPlayToleranceMs = 60_000;

/**
 * Below this magnitude an epoch number is seconds, at or above it milliseconds. 1e11 seconds is
 * the year 5138 and 1e11 milliseconds is March 1973, so neither unit is misread for any date
 * PMS, plex.tv or Trakt can report.
 */
const epochMillisecondsThreshold = 1e11;
/** `IsoUtc` has a four-digit year: instants outside 0000–9999 have no representation in it. */
const firstRepresentableMs = new Date(0).setUTCFullYear(0, 0, 1);
const firstUnrepresentableMs = new Date(0).setUTCFullYear(10000, 0, 1);

const epochNumberPattern = /^\d+(\.\d+)?$/;
/** RFC 3339 date-time. A zone (`Z` or an offset) is required: a zoneless time would mean the host's zone. */
const isoDateTimePattern =
  /^(?<year>\d{4})-(?<month>0[1-9]|1[0-2])-(?<day>0[1-9]|[12]\d|3[01])T(?<hour>[01]\d|2[0-3]):(?<minute>[0-5]\d):(?<second>[0-5]\d)(?:\.(?<fraction>\d+))?(?:Z|(?<sign>[+-])(?<offsetHours>[01]\d|2[0-3]):?(?<offsetMinutes>[0-5]\d))$/i;

/**
 * Normalises a time to `IsoUtc`. Accepts epoch numbers and numeric strings (XML attributes) in
 * seconds or milliseconds (told apart by `epochMillisecondsThreshold`; rounded to the
 * millisecond), and ISO-8601 date-times with a `Z` or `±HH:MM`/`±HHMM` offset, with or without
 * fractional seconds (truncated to milliseconds). Epoch values ≤ 0 are PMS's "never" placeholder,
 * not 1970, so they yield undefined, as do zoneless or date-only strings and impossible dates.
 */
export function toIsoUtc(value: unknown): IsoUtc | undefined {
  const epochMs =
    typeof value === 'string' ? stringToEpochMs(value.trim()) : typeof value === 'number' ? numberToEpochMs(value) : undefined;
  return epochMs === undefined ? undefined : new Date(epochMs).toISOString();
}

/** Milliseconds since the epoch of an ISO-8601 date-time with a zone; undefined when it is not one. */
export function isoToEpochMs(iso: string | null | undefined): number | undefined {
  return typeof iso === 'string' ? parseIsoDateTime(iso.trim()) : undefined;
}

/** Whole epoch seconds (rounded down), as PMS writes (`viewedAt`, `lastViewedAt`) take them. */
export function epochSecondsFromIso(iso: string | null | undefined): number | undefined {
  const epochMs = isoToEpochMs(iso);
  return epochMs === undefined ? undefined : Math.floor(epochMs / 1000);
}

/** Whether two times are at most `toleranceMs` apart; false when either is not a time or the tolerance is not a non-negative number. */
export function withinTolerance(
  aIso: string | null | undefined,
  bIso: string | null | undefined,
  toleranceMs: number = defaultPlayToleranceMs,
): boolean {
  const a = isoToEpochMs(aIso);
  const b = isoToEpochMs(bIso);
  return a !== undefined && b !== undefined && toleranceMs >= 0 && Math.abs(a - b) <= toleranceMs;
}

function stringToEpochMs(text: string): number | undefined {
  return epochNumberPattern.test(text) ? numberToEpochMs(Number(text)) : parseIsoDateTime(text);
}

function numberToEpochMs(epoch: number): number | undefined {
  if (!Number.isFinite(epoch) || epoch <= 0) return undefined;
  // Rounded, not floored: 1409562611.123 * 1000 is 1409562611122.9998 in floating point.
  return representable(Math.round(epoch < epochMillisecondsThreshold ? epoch * 1000 : epoch));
}

function parseIsoDateTime(text: string): number | undefined {
  const groups = isoDateTimePattern.exec(text)?.groups;
  if (!groups) return undefined;
  const { year, month, day, hour, minute, second, fraction = '', sign, offsetHours, offsetMinutes } = groups;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  // The pattern bounds every field but the day of the month: 2023-02-29 would roll over to March 1st.
  if (date.getUTCDate() !== Number(day)) return undefined;
  date.setUTCHours(Number(hour), Number(minute), Number(second), Number(fraction.slice(0, 3).padEnd(3, '0')));
  const offsetMinutesEast = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  return representable(date.getTime() - offsetMinutesEast * 60_000);
}

function representable(epochMs: number): number | undefined {
  return epochMs >= firstRepresentableMs && epochMs < firstUnrepresentableMs ? epochMs : undefined;
}
