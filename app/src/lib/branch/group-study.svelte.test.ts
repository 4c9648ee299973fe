import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addEntry, studyLog } from '@branchbook/model';
import { AccountState } from '$lib/account/account.svelte.ts';
import { SESSION_STORAGE_KEY } from '$lib/account/session.ts';
import { memoryStorage } from '$lib/device/storage.ts';
import { openDoc } from '$lib/sync/open-doc.ts';
import { StudyLogState } from '$lib/study/public.ts';
import { GroupStudyState } from './group-study.svelte.ts';

/**
 * The party-group leader's table: her group's members only (the server tells her those), with
 * their 学时 counted as the branch table counts them, in name order — never by hours — and
 * read from the device's copy when offline. A plain member leads nothing and is shown nothing.
 */

const noHoldings = () => ({ docsToCheck: [], devicePlans: 0, deviceLessons: 0, keys: [] });

function signedIn(userId: string) {
  const storage = memoryStorage({
    [SESSION_STORAGE_KEY]: JSON.stringify({
      serverUrl: 'http://h',
      token: 'bb_x',
      userId,
      name: '陈刚',
      branches: [{ branchId: 'b1', name: '第一支部', role: 'member' }],
    }),
  });
  return { storage, account: new AccountState(noHoldings, storage) };
}

/** What the server answers a group leader (`lead`) and what it answers anyone else. */
function serve(asked: string[]) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: URL) => {
      asked.push(url.pathname);
      const body = url.pathname.endsWith('/groups')
        ? {
            branchId: 'b1',
            groups: [
              { id: 'g1', name: '第一党小组', leaderId: 'lead', memberIds: ['zhao', 'lead', 'an'] },
              { id: 'g2', name: '第二党小组', leaderId: 'other' },
            ],
            mine: 'g1',
          }
        : {
            branchId: 'b1',
            members: [
              { userId: 'an', name: '安然' },
              { userId: 'lead', name: '陈刚' },
              { userId: 'other', name: '孙伟' },
              { userId: 'zhao', name: '赵磊' },
            ],
          };
      return new Response(JSON.stringify(body), { status: 200 });
    }),
  );
}

/** A member's log on this device with entries of `hours` each (as if synced before). */
async function logWith(userId: string, hours: number[], form: 'group' | 'self' = 'group') {
  const session = openDoc('study', userId, null);
  await session.ready;
  hours.forEach((h, i) =>
    addEntry(studyLog(session.doc), `${userId}-${i}`, {
      date: '2026-03-0' + String(i + 1),
      minutes: h * 60,
      form,
      title: '学习',
    }),
  );
  await session.flushed();
  await session.destroy();
}

const openLog = (userId: string) => openDoc('study', userId, null);

describe('GroupStudyState', () => {
  beforeEach(() => vi.stubGlobal('window', new EventTarget()));
  afterEach(() => vi.unstubAllGlobals());

  it('lists her group’s members by name with their year’s 学时, and opens only their logs', async () => {
    await logWith('zhao', [8, 8, 8]);
    await logWith('an', [1]);
    await logWith('lead', [2], 'self');
    const { storage, account } = signedIn('lead');
    const asked: string[] = [];
    serve(asked);
    const own = new StudyLogState(openDoc('study', 'lead', null));
    await own.session.ready;
    const opened: string[] = [];
    const state = new GroupStudyState(account, 'b1', own, {
      storage,
      openLog: (id) => (opened.push(id), openLog(id)),
    });
    expect(state.leads).toBe(false);
    await state.load();
    expect(state.status).toBe('ready');
    expect(state.leads).toBe(true);
    // Not the other group's members: only her own group's are opened (her own log is hers).
    expect(opened.sort()).toEqual(['an', 'zhao']);
    await Promise.all(state.sessions.map((s) => s.ready));

    const [table] = state.tables(2026);
    expect(table?.name).toBe('第一党小组');
    // By name (安, 陈, 赵 in pinyin order): 赵磊 has the most hours and stays last.
    expect(table?.rows).toEqual([
      { userId: 'an', name: '安然', counted: 1, total: 1 },
      { userId: 'lead', name: '陈刚', counted: 0, total: 2 },
      { userId: 'zhao', name: '赵磊', counted: 24, total: 24 },
    ]);
    expect(state.tables(2025)[0]?.rows.map((r) => r.total)).toEqual([0, 0, 0]);
    await state.destroy();

    // Offline next time: the groups, names and logs kept on the device read the same.
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('offline'))),
    );
    const offline = new GroupStudyState(account, 'b1', own, { storage, openLog });
    expect(offline.leads).toBe(true);
    await offline.load();
    expect(offline.status).toBe('ready');
    await Promise.all(offline.sessions.map((s) => s.ready));
    expect(offline.tables(2026)[0]?.rows.map((r) => r.name)).toEqual(['安然', '陈刚', '赵磊']);
    await offline.destroy();
    await own.session.destroy();
  });

  it('shows a plain member nothing, and asks the server only for the groups', async () => {
    const { storage, account } = signedIn('an');
    const asked: string[] = [];
    serve(asked);
    const own = new StudyLogState(openDoc('study', 'an', null));
    const opened: string[] = [];
    const state = new GroupStudyState(account, 'b1', own, {
      storage,
      openLog: (id) => (opened.push(id), openLog(id)),
    });
    await state.load();
    expect(state.leads).toBe(false);
    expect(state.tables(2026)).toEqual([]);
    expect(opened).toEqual([]);
    expect(asked).toEqual(['/api/branches/b1/groups']);
    await state.destroy();
    await own.session.destroy();
  });

  it('says offline when it has never had the groups', async () => {
    const { storage, account } = signedIn('lead');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('offline'))),
    );
    const own = new StudyLogState(openDoc('study', 'lead', null));
    const state = new GroupStudyState(account, 'b1', own, { storage, openLog });
    await state.load();
    expect(state.status).toBe('offline');
    expect(state.leads).toBe(false);
    await state.destroy();
    await own.session.destroy();
  });
});
