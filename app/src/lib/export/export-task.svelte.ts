/**
 * One export the member can start (Word, Excel): busy while it runs, so its button is disabled,
 * and the reason it failed afterwards, for the page to show in its own words.
 */
export class ExportTask {
  running = $state(false);
  /** Why the last run failed; null while running and after a success. */
  error: string | null = $state(null);

  /** Runs `work` unless a run is under way; resolves to the failure's reason, or null. */
  async run(work: () => Promise<void>): Promise<string | null> {
    if (this.running) return null;
    this.running = true;
    this.error = null;
    try {
      await work();
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.running = false;
    }
    return this.error;
  }
}
