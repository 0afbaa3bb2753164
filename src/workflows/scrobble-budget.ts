/**
 * Size accounting for the scrobble workflow. A workflow task's commands travel in one gRPC message (4 MB at most)
 * and a run's history grows with every signal, so the workflow budgets bytes, not only counts: a few large events
 * must not wedge a task or bloat a run the way thousands of small ones cannot.
 */

/** UTF-8 bytes of a value's JSON, what it costs as a signal, an activity input or a continue-as-new input. */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value) ?? '';
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair is one 4-byte character.
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Bytes spent in the current workflow task. A task is recognised by the history length it started at (the same on
 * replay), so the count starts over whenever the workflow wakes up in a new task.
 */
export class TaskBudget {
  private task = -1;
  private spent = 0;

  constructor(
    private readonly limit: number,
    private readonly currentTask: () => number,
  ) {}

  spend(bytes: number): void {
    this.sync();
    this.spent += bytes;
  }

  exhausted(): boolean {
    this.sync();
    return this.spent >= this.limit;
  }

  private sync(): void {
    const task = this.currentTask();
    if (task !== this.task) {
      this.task = task;
      this.spent = 0;
    }
  }
}
