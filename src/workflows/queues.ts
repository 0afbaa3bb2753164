/** Task queue of Trakt writes: its server-side rate limit keeps every worker together under Trakt's 1 POST/s. */
export function traktWriteQueue(taskQueue: string): string {
  return `${taskQueue}-trakt-writes`;
}
