/**
 * Runs one edit of a plan from an event handler. A refused write (read-only plan, a value the
 * model rejects) goes to `onerror`, which shows it, instead of escaping the handler unseen.
 */
export function tryWrite(write: () => void, onerror: (error: unknown) => void): void {
  try {
    write();
  } catch (error) {
    onerror(error);
  }
}
