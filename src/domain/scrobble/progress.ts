/**
 * Position and "watched" arithmetic. Offsets and durations are milliseconds; progress is the float
 * percent Trakt takes, rounded to two decimals so thresholds compare exactly (79.9 stays 79.9).
 */
import type { PlaybackState } from './events';
import type { ScrobbleRules } from './rules';
import type { Playback } from './state';

/** Trakt answers 422 to a stop below 1 %; below this nothing is worth reporting unless Trakt is watching. */
export const traktMinProgressPercent = 1;
/** How far under the threshold a non-watch is capped, so Trakt never sees it at the threshold. */
const belowThresholdMarginPercent = 0.1;

function roundPercent(percent: number): number {
  return Math.round(percent * 100) / 100;
}

export function toPercent(offsetMs: number, durationMs: number): number {
  return roundPercent(Math.min(100, Math.max(0, (offsetMs / durationMs) * 100)));
}

/** Whether the position moves by itself between reports (buffering is the player trying to). */
function isAdvancing(state: PlaybackState): boolean {
  return state === 'playing' || state === 'buffering';
}

/** Where playback is at `at` if it went on as last reported: used when a report has no offset. */
export function positionAt(playback: Playback, at: number, durationMs: number): number {
  const elapsed = Math.max(0, at - playback.at);
  return Math.min(durationMs, playback.offsetMs + (isAdvancing(playback.state) ? elapsed : 0));
}

export interface Observation {
  state: PlaybackState;
  viewOffsetMs?: number;
  at: number;
}

/**
 * Folds one observation in. The first one is trusted as the start position (a resume); afterwards a
 * forward advance counts as watched only up to what the elapsed playing time allows, so a seek from
 * 10 % to the end adds a few seconds, not 90 %.
 */
export function observe(previous: Playback | undefined, observation: Observation, durationMs: number, rules: ScrobbleRules): Playback {
  const reported = observation.viewOffsetMs ?? (previous ? positionAt(previous, observation.at, durationMs) : 0);
  const offsetMs = Math.min(durationMs, reported);
  if (!previous) return { state: observation.state, offsetMs, at: observation.at, watchedMs: offsetMs };
  const elapsed = Math.max(0, observation.at - previous.at);
  const plausibleAdvance = (isAdvancing(previous.state) ? elapsed * rules.maxPlaybackRate : 0) + rules.seekToleranceMs;
  const credited = Math.min(Math.max(0, offsetMs - previous.offsetMs), plausibleAdvance);
  return { state: observation.state, offsetMs, at: observation.at, watchedMs: Math.min(durationMs, previous.watchedMs + credited) };
}

/** A watch needs both the position and the watched share at or past the threshold. */
export function isWatched(playback: Playback, durationMs: number, thresholdPercent: number): boolean {
  return toPercent(Math.min(playback.offsetMs, playback.watchedMs), durationMs) >= thresholdPercent;
}

/** The progress Trakt is told: the position, capped under the threshold unless it is a watch. */
export function reportedProgress(playback: Playback, durationMs: number, thresholdPercent: number): number {
  const position = toPercent(playback.offsetMs, durationMs);
  if (isWatched(playback, durationMs, thresholdPercent)) return position;
  return Math.min(position, roundPercent(thresholdPercent - belowThresholdMarginPercent));
}
