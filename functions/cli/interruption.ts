/**
 * What must still happen when a run is interrupted (SIGINT, SIGTERM: entry.ts) before the process
 * ends: a report written with what was done, so that it matches the outputs on disk. Each action
 * runs once, synchronously (the process exits right after); one that fails does not stop the others.
 */

const actions = new Set<() => void>();

/** Registers an action for an interruption; answers the function that removes it (the run ended normally). */
export function onInterruption(action: () => void): () => void {
  actions.add(action);
  return () => actions.delete(action);
}

/** Runs every registered action once; answers the messages of those that failed. */
export function runInterruptionActions(): string[] {
  const failures: string[] = [];
  for (const action of [...actions]) {
    actions.delete(action);
    try {
      action();
    } catch (e) {
      failures.push(e instanceof Error ? e.message : String(e));
    }
  }
  return failures;
}
