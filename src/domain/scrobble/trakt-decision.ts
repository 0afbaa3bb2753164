/**
 * Which Trakt call, if any, an observation calls for, given what Trakt was last told. Trakt keeps one
 * state per watcher (watching after start, nothing after pause/stop), so only changes are sent.
 */
import type { TraktVerb } from './actions';
import type { PlaybackState } from './events';
import { traktMinProgressPercent } from './progress';
import type { ScrobbleRules } from './rules';
import type { LastTraktAction } from './state';

interface DecisionInput {
  state: PlaybackState;
  /** From `reportedProgress`: already capped under the threshold unless watched. */
  progress: number;
  watched: boolean;
  at: number;
  lastAction: LastTraktAction | undefined;
}

interface TraktDecision {
  verb: TraktVerb;
  progress: number;
}

export function decideTraktCall(input: DecisionInput, rules: ScrobbleRules): TraktDecision | undefined {
  switch (input.state) {
    case 'playing':
      // One start until a pause or stop: Trakt's watching status lasts the remaining runtime by itself.
      return input.lastAction?.verb === 'start' ? undefined : { verb: 'start', progress: input.progress };
    case 'paused':
      return decidePause(input, false, rules);
    case 'stopped':
      // Below the threshold a stop becomes a pause, so Trakt keeps the progress and scrobbles nothing.
      return input.watched ? { verb: 'stop', progress: input.progress } : decidePause(input, true, rules);
    case 'buffering':
      return undefined;
  }
}

/**
 * A closing pause (a stop below the threshold, a timeout, a vanished session) repeats the last pause at
 * the same progress whenever it came; a paused report is a duplicate only within the de-dup window.
 */
function decidePause(input: DecisionInput, closing: boolean, rules: ScrobbleRules): TraktDecision | undefined {
  const last = input.lastAction;
  // Nothing to tell Trakt below 1 % unless it believes the item is playing (a stop there would be a 422).
  if (input.progress < traktMinProgressPercent && last?.verb !== 'start') return undefined;
  const repeatsLastPause =
    last?.verb === 'pause' &&
    Math.abs(input.progress - last.progress) <= rules.sameProgressTolerancePercent &&
    (closing || input.at - last.at <= rules.dedupWindowMs);
  return repeatsLastPause ? undefined : { verb: 'pause', progress: input.progress };
}
