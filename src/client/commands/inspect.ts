import type { Command } from 'commander';
import { createClients } from '../../activities/clients';
import { type Config, loadConfig } from '../../config';
import { features, type MinimalItem } from '../../domain/items';
import { sameItem } from '../../domain/match';
import { createPool } from '../../store/db';
import { migrate } from '../../store/migrate';
import { latestCompleteSnapshot, type Side } from '../../store/snapshots';
import { listUnresolved } from '../../store/unresolved';
import { findItem, formatInspection, type HeldRecord, recordMatcher, type SideHoldings, traktIdOf } from '../inspect';
import { requirePair } from '../pairs';

/** --pair, or the one pair configured. */
function choosePair(config: Config, pair: string | undefined): string {
  if (pair) return requirePair(pair, config).pairs.find((p) => p.id === pair)!.id;
  if (config.pairs.length === 1) return config.pairs[0]!.id;
  throw new Error(
    `--pair is needed: the config has ${config.pairs.length === 0 ? 'no pairs' : `pairs ${config.pairs.map((p) => p.id).join(', ')}`}`,
  );
}

export function registerInspectCommand(program: Command): void {
  program
    .command('inspect <item>')
    .description(
      'one title by Plex ratingKey, GUID (plex://…, imdb://tt…, tmdb://…) or Trakt ID: its IDs, what each side holds, whether it is frozen and why',
    )
    .option('--pair <pair>', 'the pair to look in (default: the only one)')
    .option('--json', 'print the raw result')
    .action(async (query: string, options: { pair?: string; json?: boolean }) => {
      const config = loadConfig();
      const pairId = choosePair(config, options.pair);
      const db = createPool(config.database.url, 2);
      try {
        await migrate(db);
        const holdings: SideHoldings[] = [];
        for (const side of ['source', 'target'] as Side[])
          for (const feature of features) {
            const snapshot = await latestCompleteSnapshot<HeldRecord>(db, pairId, side, feature);
            if (snapshot) holdings.push({ side, provider: snapshot.provider, feature, records: snapshot.records });
          }
        let found = findItem(recordMatcher(query), holdings);
        const traktId = traktIdOf(query);
        if (!found && traktId !== undefined) {
          // Snapshots hold the IDs Plex and Trakt share, not Trakt's own: Trakt says which title it is.
          const [known] = await createClients(config, db).trakt().search('trakt', traktId);
          if (known) found = findItem((r) => sameItem(r.item, known), holdings, known);
        }
        if (!found)
          throw new Error(
            holdings.length === 0
              ? `pair "${pairId}" has not been indexed yet: run \`watchsync sync ${pairId} --dry-run\` first`
              : `nothing in pair "${pairId}"'s last index matches ${query} (neither side holds it in a synced feature)`,
          );
        // Frozen rows of this title, matched as the planner matches them (sameItem), whatever key they were stored under.
        const frozen = (await listUnresolved(db, { pairId })).filter((row) => {
          const item = (row.record as { item?: MinimalItem } | null)?.item;
          return item !== undefined && sameItem(item, found.item);
        });
        const inspection = { ...found, frozen };
        process.stdout.write(`${options.json ? JSON.stringify(inspection, null, 2) : formatInspection(pairId, inspection)}\n`);
      } finally {
        await db.end();
      }
    });
}
