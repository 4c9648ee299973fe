import { DEFAULT_STUDY_TARGETS, type StudyTargets } from '@branchbook/model';
import { branchTableRows, type BranchTableRow } from '$lib/branch/branch-table.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import { until } from '$lib/sync/when-synced.svelte.ts';
import type { AccountState } from '$lib/account/account.svelte.ts';
import { BranchSettingsState } from './branch-settings.svelte.ts';
import { BranchStudyState } from './branch-study.svelte.ts';
import type { StudyLogState } from '$lib/study/public.ts';

/**
 * What the 支部学时 screens show: the roster's logs, the branch's targets and the table rows for
 * a year. Opened by the screen and destroyed when it leaves.
 */
export class BranchView {
  readonly branchId: string;
  readonly study: BranchStudyState;
  readonly settings: BranchSettingsState;

  constructor(account: AccountState, branchId: string, own: StudyLogState) {
    this.branchId = branchId;
    this.study = new BranchStudyState(account, branchId, own);
    this.settings = new BranchSettingsState(account.openDoc('branch', branchId));
  }

  get targets(): StudyTargets {
    return this.settings.targets ?? DEFAULT_STUDY_TARGETS;
  }

  get sessions(): DocSession[] {
    return [this.settings.session, ...this.study.sessions];
  }

  /**
   * Resolves once the roster and every member's log on this device are read, and (online) each
   * log has arrived from the server or `timeoutMs` passed: then `rows` are what can be known.
   */
  async settled(online: boolean, timeoutMs: number): Promise<void> {
    await this.study.load();
    const sessions = this.study.sessions;
    await Promise.all(sessions.map((session) => session.ready));
    if (online) {
      await Promise.all(sessions.map((s) => until(() => s.receivedServerState, timeoutMs)));
    }
  }

  /** One row per member: 学时 of the year, or of one quarter of it (the binder's period). */
  rows(year: number, quarter?: number): BranchTableRow[] {
    return branchTableRows(
      // The committee's roster carries roles; a row without one counts as a plain member.
      [
        ...this.study.members.map((m) => ({ ...m, role: m.role ?? 'member' })),
        // Removed members' logs stay with the branch: in its table and export, marked 已移出.
        ...this.study.removed.map(({ userId, name, role }) => ({
          userId,
          name,
          role,
          removed: true,
        })),
      ],
      (userId) => this.study.logs.totalsFor(userId, year, quarter),
      this.targets,
    );
  }

  async destroy(): Promise<void> {
    await Promise.all([this.study.destroy(), this.settings.session.destroy()]);
  }
}
