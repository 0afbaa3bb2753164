import type { Command } from 'commander';
import {
  type PairSyncInput,
  pairOfSchedule,
  pairScheduleId,
  pairSyncMetadata,
  pairSyncSearchAttributes,
  pairSyncWorkflowType,
  pairWorkflowId,
} from '../../workflows/pair-sync-api';
import { pairShape } from '../pair-runs';
import { requirePair } from '../pairs';
import { addScheduleCommands } from '../schedule-commands';

export function registerScheduleCommands(program: Command): void {
  const schedule = program.command('schedule').description('run pair syncs periodically (Temporal Schedules)');
  addScheduleCommands(schedule, {
    argument: 'pair',
    scheduleId: pairScheduleId,
    targetOf: pairOfSchedule,
    requireTarget: (config, pair) => requirePair(pair, config),
    workflow(config, pair) {
      const input: PairSyncInput = { pairId: pair, startedBy: `schedule ${pairScheduleId(pair)}` };
      return {
        workflowType: pairSyncWorkflowType,
        // Temporal appends the action's timestamp to this ID; the run hands over to `pair-sync/<pair>` itself
        // (src/workflows/pair-sync.ts runUnderPairId), so a scheduled run never overlaps a CLI run of the pair.
        workflowId: pairWorkflowId(pair),
        args: [input],
        typedSearchAttributes: pairSyncSearchAttributes(pair),
        ...pairSyncMetadata(input, pairShape(config, pair)),
      };
    },
    subject: (pair) => `schedule of ${pair}`,
    created: (pair, every) => `${pair} syncs every ${every}`,
    listDescription: 'list pair-sync schedules',
    none: 'no schedules (create one with `watchsync schedule set <pair> --every 6h`)',
  });
}
