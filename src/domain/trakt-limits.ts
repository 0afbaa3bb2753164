/**
 * Trakt allows one POST/PUT/DELETE a second per user (DESIGN.md §4); the 50 ms over that second absorb network
 * jitter between our send and Trakt's receipt. A fact of Trakt's API that the config's default and the client's
 * pacer both rest on.
 */
export const traktWriteIntervalMs = 1050;
