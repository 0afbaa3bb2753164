import type { Command } from 'commander';
import { type Feature, features } from '../../domain/items';
import { resetGuidMemo } from '../../store/guid-memo';
import { forgetPair } from '../../store/pair-state';
import { boundPlexAccount } from '../../store/plex-accounts';
import { boundTraktAccount } from '../../store/trakt-accounts';
import { listUnresolved, thaw } from '../../store/unresolved';
import { requirePair } from '../pairs';
import { unresolvedCounts, unresolvedTable } from '../unresolved-table';
import { withDb } from '../with-db';

function feature(value: string | undefined): Feature | undefined {
  if (value === undefined) return undefined;
  if (!(features as readonly string[]).includes(value)) throw new Error(`--feature must be one of ${features.join(', ')}`);
  return value as Feature;
}

/** What watchsync keeps about pairs between runs: frozen items, GUID lookups, the Plex account a pair syncs. */
export function registerStateCommands(program: Command): void {
  const unresolved = program.command('unresolved').description('items that failed permanently and are skipped until thawed');
  unresolved
    .command('list')
    .description('frozen titles: what, why, how often tried, and when they are tried again')
    .option('--pair <pair>')
    .option('--feature <feature>')
    .option('--json', 'print the raw rows')
    .action((options: { pair?: string; feature?: string; json?: boolean }) =>
      withDb(async (db) => {
        const items = await listUnresolved(db, { pairId: options.pair, feature: feature(options.feature) });
        if (options.json) process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
        else if (items.length > 0) process.stdout.write(`${unresolvedTable(items)}\n`);
        process.stderr.write(`${unresolvedCounts(items)}\n`);
      }),
    );
  unresolved
    .command('thaw <pair>')
    .description('try these items again on the next run')
    .option('--feature <feature>')
    .option('--key <itemKey>')
    .action((pair: string, options: { feature?: string; key?: string }) =>
      withDb(async (db) => {
        const count = await thaw(db, { pairId: pair, feature: feature(options.feature), itemKey: options.key });
        process.stdout.write(`thawed ${count}\n`);
      }, requirePair(pair)),
    );

  program
    .command('guid-memo-reset')
    .description('forget the Plex fallback-GUID lookups (all, or only the misses) so they are tried again')
    .option('--misses', 'only forget known misses')
    .action((options: { misses?: boolean }) =>
      withDb(async (db) => {
        process.stdout.write(`forgot ${await resetGuidMemo(db, options.misses ?? false)} lookups\n`);
      }),
    );

  program
    .command('forget <pair>')
    .description(
      "after changing the Plex or Trakt account a pair syncs: forget the old ones, the pair's baselines and frozen items " +
        '(nothing on Plex or Trakt changes; the next sync starts like a first one)',
    )
    .action((pair: string) => {
      const config = requirePair(pair);
      return withDb(async (db) => {
        const [plex, trakt] = [await boundPlexAccount(db, pair), await boundTraktAccount(db, pair)];
        const forgotten = await forgetPair(db, pair);
        const unbound = [plex && `Plex account "${plex.username}"`, trakt && `Trakt account "${trakt}"`].filter(Boolean);
        process.stdout.write(
          `${unbound.length > 0 ? `unbound ${unbound.join(' and ')}; ` : ''}forgot ${forgotten.baselines} baseline entries, ` +
            `${forgotten.unresolved} frozen items, ${forgotten.plexEchoes} echoes of plays written to Plex\n`,
        );
      }, config);
    });
}
