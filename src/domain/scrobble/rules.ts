/**
 * Tunables of the live-scrobbling reducer (DESIGN.md §5). Every rule is an argument with a production
 * default so tests can run on milliseconds; the object is plain JSON, fit for a workflow input.
 */
import { z } from 'zod';
import type { ScrobbleItem } from './events';

/**
 * Trakt scrobbles a `/scrobble/stop` at 80 % or more and treats anything lower as a pause (fixtures
 * MANIFEST fact 9), so a threshold below 80 could never produce a scrobble: it is refused.
 */
const watchedThresholdSchema = z.number().min(80).max(100);

export const scrobbleRulesSchema = z
  .object({
    /** Progress (float percent) at which a stop counts as a watch, per scrobbled media type. */
    watchedThresholdPercent: z.object({ movie: watchedThresholdSchema, episode: watchedThresholdSchema }).strict(),
    /** A pause repeating the last one within this window at about the same progress is a duplicate. */
    dedupWindowMs: z.number().int().nonnegative(),
    /** Two progress values this close (percent points) are "about the same". */
    sameProgressTolerancePercent: z.number().nonnegative(),
    /** A session silent this long is closed (then forgotten after as long again). */
    sessionTimeoutMs: z.number().int().positive(),
    /** Another item reported on an open session this long with no word of the bound one: the player moved on. */
    moveOnAfterMs: z.number().int().nonnegative(),
    /** Fastest playback speed credited as watching; a faster advance is a seek. */
    maxPlaybackRate: z.number().min(1),
    /** Forward jumps up to this size count as watched (timeline jitter, short skips). */
    seekToleranceMs: z.number().int().nonnegative(),
    /** Events kept per session while its item is being looked up or a possible next item is confirmed. */
    maxPendingEvents: z.number().int().positive(),
    /** Plex usernames (Account.title) allowed to scrobble, compared case-insensitively; empty = everyone. */
    allowedUsers: z.array(z.string().trim().min(1)),
    /** Only events from this Plex server (machineIdentifier = webhook Server.uuid); undefined = any. */
    serverUuid: z.string().min(1).optional(),
  })
  .strict();
export type ScrobbleRules = z.infer<typeof scrobbleRulesSchema>;

export const defaultScrobbleRules: ScrobbleRules = {
  watchedThresholdPercent: { movie: 80, episode: 80 },
  dedupWindowMs: 5_000,
  sameProgressTolerancePercent: 1,
  sessionTimeoutMs: 30 * 60_000,
  moveOnAfterMs: 30_000,
  maxPlaybackRate: 2,
  seekToleranceMs: 15_000,
  maxPendingEvents: 50,
  allowedUsers: [],
};

export function watchedThreshold(rules: ScrobbleRules, item: ScrobbleItem): number {
  return rules.watchedThresholdPercent[item.type];
}
