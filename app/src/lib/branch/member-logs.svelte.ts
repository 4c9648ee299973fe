import { SvelteMap } from 'svelte/reactivity';
import type { YearTotals } from '@branchbook/model';
import type { AccountState } from '$lib/account/account.svelte.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import { StudyLogState } from '$lib/study/public.ts';

/**
 * Other members' study logs, each `study:<userId>` opened read-only on this device — the server
 * lets the committee and a party group's leader read them and drops their writes, and these
 * states offer none. The viewer's own log is the one the screen already has open.
 */
export class MemberLogs {
  readonly logs = new SvelteMap<string, StudyLogState>();
  #account: AccountState;
  #own: StudyLogState;
  #openLog: (userId: string) => DocSession;
  #opened: DocSession[] = [];

  /** `openLog`: how a member's log is opened (the account's connection unless a test says). */
  constructor(
    account: AccountState,
    own: StudyLogState,
    openLog: (userId: string) => DocSession = (userId) => account.openDoc('study', userId),
  ) {
    this.#account = account;
    this.#own = own;
    this.#openLog = openLog;
  }

  /** The docs open here, for the header's sync indicator. */
  get sessions(): DocSession[] {
    return [...this.logs.values()].map((log) => log.session);
  }

  /** Opens the logs of `userIds` not open yet; those open stay open. */
  open(userIds: Iterable<string>): void {
    for (const userId of userIds) {
      if (this.logs.has(userId)) continue;
      if (userId === this.#account.userId) {
        this.logs.set(userId, this.#own);
        continue;
      }
      const session = this.#openLog(userId);
      this.#opened.push(session);
      this.logs.set(userId, new StudyLogState(session, { readOnly: true }));
    }
  }

  /**
   * The member's totals for `year` (or one `quarter` of it), or null while their log is not known
   * on this device.
   */
  totalsFor(userId: string, year: number, quarter?: number): YearTotals | null {
    const log = this.logs.get(userId);
    return log?.known ? log.totalsFor(year, quarter) : null;
  }

  async destroy(): Promise<void> {
    const opened = this.#opened.splice(0);
    this.logs.clear();
    await Promise.all(opened.map((session) => session.destroy()));
  }
}
