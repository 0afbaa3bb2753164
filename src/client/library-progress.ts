import type { Client, WorkflowHandle } from '@temporalio/client';
import { type LibraryImportProgress, type LibraryImportResult, libraryProgressQuery } from '../workflows/library-import';
import { progressBars } from './progress';

/**
 * Renders a running library import as two bars, libraries i/n and the items j/m of the listing in progress,
 * until the workflow ends. An activity being retried (the server unreachable) shows as "waiting" with its
 * attempt and last error, from the workflow's description.
 */
export async function followLibraryImport(handle: WorkflowHandle, out: NodeJS.WriteStream = process.stderr): Promise<LibraryImportResult> {
  const bars = progressBars(' {label} |{bar}| {value}/{total} {status}', out);
  const libraries = bars.create(1, 0, { label: 'libraries'.padEnd(24), status: 'planning' });
  const items = bars.create(1, 0, { label: ''.padEnd(24), status: '' });
  const render = (progress: LibraryImportProgress, waiting: string | undefined) => {
    const section = progress.section;
    libraries.setTotal(Math.max(1, section?.count ?? progress.sections.length));
    const finished = progress.sections.filter((s) => !['pending', 'running'].includes(s.status)).length;
    libraries.update(finished, { status: waiting ?? progress.phase });
    const label = section ? `${section.title} ${section.kind ?? ''}`.slice(0, 24).padEnd(24) : ''.padEnd(24);
    items.setTotal(Math.max(1, progress.items.total));
    const approval = progress.awaitingApproval?.map((a) => `${a.title}: ${a.missing} of ${a.activeBefore} gone (${a.reason})`).join('; ');
    items.update(progress.items.done, { label, status: approval ? `awaiting \`watchsync library approve\`: ${approval}` : '' });
  };
  const poll = async () => {
    const [progress, description] = await Promise.all([handle.query(libraryProgressQuery), handle.describe()]);
    const pending = description.raw.pendingActivities?.find((a) => (a.attempt ?? 1) > 1);
    const waiting = pending ? `waiting: attempt ${pending.attempt}, ${pending.lastFailure?.message ?? 'retrying'}` : undefined;
    render(progress, waiting);
  };
  const timer = setInterval(() => {
    poll().catch(() => undefined); // The workflow may finish between two polls; the result below tells.
  }, 500);
  try {
    return (await handle.result()) as LibraryImportResult;
  } finally {
    clearInterval(timer);
    bars.stop();
  }
}

/** Per section: how it was listed and what changed. */
export function formatLibraryImportResult(result: LibraryImportResult): string {
  const lines = [`library server ${result.serverId}${result.fullBecause ? ` (full: ${result.fullBecause})` : ''}`];
  for (const s of result.sections) {
    const modes = Object.entries(s.modes)
      .map(([kind, mode]) => `${kind} ${mode}`)
      .join(', ');
    lines.push(
      `  ${s.key.padStart(3)} ${s.title.padEnd(24)} ${s.status.padEnd(8)} +${s.added} ~${s.updated} =${s.unchanged} missing ${s.missing} deleted ${s.deleted} unmapped ${s.unmapped} skipped ${s.skipped}${s.held ? ` held ${s.held} (watchsync library approve ${result.serverId})` : ''}  [${modes}]${s.error ? `  error: ${s.error}` : ''}`,
    );
  }
  return lines.join('\n');
}

/** The library imports running on the task queue, with their progress (for the dashboard). */
export async function runningLibraryImports(
  client: Client,
  taskQueue: string,
): Promise<{ workflowId: string; progress?: LibraryImportProgress }[]> {
  const query = `WorkflowType = 'libraryImport' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`;
  const running: { workflowId: string; progress?: LibraryImportProgress }[] = [];
  for await (const execution of client.workflow.list({ query })) {
    // It may end between the listing and the query: then it is listed without progress.
    const progress = await client.workflow
      .getHandle(execution.workflowId)
      .query(libraryProgressQuery)
      .catch(() => undefined);
    running.push({ workflowId: execution.workflowId, progress });
  }
  return running;
}
