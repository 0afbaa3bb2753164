import type { WorkflowHandle } from '@temporalio/client';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { PairSyncProgress, PairSyncResult } from '../workflows/pair-sync';

/** Renders a running pair sync's `progress` query as one bar per feature until the workflow ends. */
export async function followPairSync(handle: WorkflowHandle, out: NodeJS.WriteStream = process.stderr): Promise<PairSyncResult> {
  const bars = new MultiBar(
    {
      format: ' {feature} |{bar}| {value}/{total} {phase}',
      hideCursor: true,
      clearOnComplete: false,
      stream: out,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    Presets.shades_classic,
  );
  const byFeature = new Map<string, SingleBar>();
  const render = (progress: PairSyncProgress) => {
    for (const summary of progress.features) {
      const current = summary.feature === progress.feature;
      const phase = current ? progress.phase : summary.status;
      let bar = byFeature.get(summary.feature);
      if (!bar) {
        bar = bars.create(1, 0, { feature: summary.feature.padEnd(9), phase });
        byFeature.set(summary.feature, bar);
      }
      if (current && progress.total > 0) {
        bar.setTotal(progress.total);
        bar.update(progress.done, { phase });
      } else if (!current) {
        bar.setTotal(Math.max(1, bar.getTotal()));
        bar.update(bar.getTotal(), { phase });
      } else bar.update(0, { phase });
    }
  };
  const timer = setInterval(() => {
    handle
      .query<PairSyncProgress>('progress')
      .then(render)
      .catch(() => undefined); // The workflow may finish between two polls; the result below tells.
  }, 500);
  try {
    return (await handle.result()) as PairSyncResult;
  } finally {
    clearInterval(timer);
    bars.stop();
  }
}

/** A short human summary of a run: what moved, per feature and direction. */
export function formatPairSyncResult(result: PairSyncResult): string {
  const lines = [`pair ${result.pairId}${result.dryRun ? ' (dry run: nothing written)' : ''}`];
  for (const f of result.features) {
    const direction = (name: string, d: PairSyncResult['features'][number]['toTarget']) =>
      `${name}: +${d.added} -${d.removed}${d.existing ? ` existing ${d.existing}` : ''}${d.unresolved ? ` unresolved ${d.unresolved}` : ''}${d.held ? ` held for approval ${d.held}` : ''}`;
    const guards = f.guards.length ? `  guards: ${f.guards.map((g) => `${g.guard} on ${g.side} (${g.action})`).join(', ')}` : '';
    lines.push(
      `  ${f.feature.padEnd(9)} ${f.status.padEnd(13)} ${direction('→ target', f.toTarget)}  ${direction('→ source', f.toSource)}${guards}${f.error ? `  error: ${f.error}` : ''}`,
    );
  }
  return lines.join('\n');
}
