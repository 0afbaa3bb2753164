/** Task queue of Trakt writes: its server-side rate limit keeps every worker together under Trakt's 1 POST/s. */
export function traktWriteQueue(taskQueue: string): string {
  return `${taskQueue}-trakt-writes`;
}

/**
 * Task queue of the Stash push's PMS writes: its server-side rate limit paces writes to the PMS for every worker
 * together, so a Plex back from an outage is not stampeded by every pending scene at once.
 */
export function stashPlexWriteQueue(taskQueue: string): string {
  return `${taskQueue}-plex-writes`;
}
