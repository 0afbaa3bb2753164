/**
 * A pair's token now belongs to another account than the one the pair has been syncing. Baselines describe one
 * person's data on each side: planned against another's, differences would read as adds and deletions.
 */
export class AccountChangedError extends Error {
  constructor(
    readonly provider: 'Plex' | 'Trakt',
    readonly pairId: string,
    /** Undefined when the pair is bound to no account any more (forgotten while a run was under way). */
    readonly bound: string | undefined,
    readonly current: string,
  ) {
    super(
      bound === undefined
        ? `pair ${pairId} is bound to no ${provider} account (forgotten while this run was under way); sync it again`
        : `pair ${pairId} syncs the ${provider} account "${bound}", but the token now belongs to "${current}"; ` +
            `if that is intended, run \`watchsync forget ${pairId}\` and sync again`,
    );
    this.name = 'AccountChangedError';
  }
}
