/** What the scrobble workflow must do after a reducer step, in order. */
import type { ScrobbleItem } from './events';

/** Look the item up (ids, duration, season/episode; user from `/status/sessions`) and feed back `enriched`/`enrich-failed`. */
export interface EnrichAction {
  kind: 'enrich';
  sessionKey: string;
  ratingKey: string;
}

export type TraktVerb = 'start' | 'pause' | 'stop';

/** POST `/scrobble/{verb}`. A `stop` is only ever sent for a watch: it always scrobbles on Trakt. */
export interface TraktScrobbleAction {
  kind: 'trakt';
  verb: TraktVerb;
  sessionKey: string;
  item: ScrobbleItem;
  /** Float percent 0–100, two decimals. */
  progress: number;
}

export type ScrobbleAction = EnrichAction | TraktScrobbleAction;
