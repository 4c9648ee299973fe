import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { branchWithMembers, pairedBranches, signedInContext } from '../journeys.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';
import { StudyPage } from '../page-models/study-page.ts';

test('an entry added in one browser appears in another through the server', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('考古所第一党支部', {
    zhang: { name: '张明', role: 'member' },
  });
  const first = await signedInContext(browser, baseURL, members.zhang.token);
  const second = await signedInContext(browser, baseURL, members.zhang.token);
  try {
    const a = new StudyPage(first.page);
    const b = new StudyPage(second.page);
    await expect(
      first.page.getByRole('link', { name: /账号：张明，考古所第一党支部/ }),
    ).toBeVisible();

    await a.addEntry('学习党的二十大报告');

    await a.expectSyncState('synced');
    await expect(b.entry('学习党的二十大报告')).toBeVisible();
  } finally {
    await first.context.close();
    await second.context.close();
  }
});

test('the header tells the truth on every tab and across an offline reload', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('考古所第一党支部', {
    qian: { name: '钱红', role: 'member' },
  });
  const { page, context } = await signedInContext(browser, baseURL, members.qian.token);
  try {
    const study = new StudyPage(page);
    await study.addEntry('学习《中国共产党纪律处分条例》');
    await study.expectSyncState('synced');
    await waitForServiceWorker(page);
    const header = page.getByRole('banner').getByTestId('sync-state');

    // Leaving the study log leaves no stale "离线" behind on the lists.
    for (const tab of ['联建活动', '党课讲稿']) {
      await page
        .getByRole('navigation', { name: '主导航' })
        .getByRole('link', { name: tab })
        .click();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      // (A list screen has no document open: no badge rather than a stale one.)
      await expect(
        page.locator('header [data-testid="sync-state"][data-state="offline"]'),
      ).toHaveCount(0);
    }
    await page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '学习记录' })
      .click();
    await study.expectSyncState('synced');

    // Offline, reloaded: nothing is waiting, so it says 离线 — not "saved on this device".
    await context.setOffline(true);
    await page.reload();
    await expect(study.entry('学习《中国共产党纪律处分条例》')).toBeVisible();
    await study.expectSyncState('offline');
    await expect(header).toContainText('离线');
    await expect(header).not.toContainText('待同步');
    // Something new is waiting, and it says so.
    await study.addEntry('离线时记下的一条');
    await study.expectSyncState('local');
    await expect(header).toContainText('待同步');
    // On a 360 px phone the badge and the account chip share the header.
    await page.setViewportSize({ width: 360, height: 740 });
    const fits = await page.evaluate(() => {
      const badge = document.querySelector('header [data-testid="sync-state"]')!;
      const account = document.querySelector('header .account')!;
      return (
        badge.getBoundingClientRect().right <= window.innerWidth &&
        account.getBoundingClientRect().width > 60
      );
    });
    expect(fits).toBe(true);
    await context.setOffline(false);
    await study.expectSyncState('synced');
  } finally {
    await context.close();
  }
});

test('the header counts the documents waiting for the server, closed ones too, and they go when the network returns', async ({
  browser,
  baseURL,
}) => {
  const [office, dig] = await pairedBranches(
    ['文物局办公室党支部', { wang: { name: '王芳', role: 'committee' } }],
    ['考古工地临时党支部', { zhou: { name: '周洁', role: 'secretary' } }],
  );
  const a = await signedInContext(browser, baseURL, office.members.wang.token);
  const b = await signedInContext(browser, baseURL, dig.members.zhou.token);
  try {
    const header = a.page.getByRole('banner').getByTestId('sync-state');
    const nav = a.page.getByRole('navigation', { name: '主导航' });
    const study = new StudyPage(a.page);
    await study.addEntry('学习《关于新时代加强和改进思想政治工作的意见》');
    await study.expectSyncState('synced');
    const list = new PlanListPage(a.page);
    await list.goto();
    const id = await list.createPlan();
    const plan = new PlanEditorPage(a.page);
    await plan.appendText('活动目的', '联学联建。');
    await plan.expectSynced();
    await waitForServiceWorker(a.page);

    // At the camp: the plan is edited, left, and a study entry added — two documents wait.
    await a.context.setOffline(true);
    await plan.appendText('活动目的', '离线补充：请各支部报送参加人数。');
    await expect(header).toHaveAttribute('data-waiting', '1');
    await nav.getByRole('link', { name: '学习记录' }).click();
    await study.addEntry('离线时记下的一条');
    await expect(header).toHaveText(/离线 · 2 份待同步/);

    // Reloaded without network, and on a screen with no document open, the count stays.
    await a.page.reload();
    await expect(study.entry('离线时记下的一条')).toBeVisible();
    await expect(header).toHaveAttribute('data-state', 'local');
    await expect(header).toHaveText(/离线 · 2 份待同步/);
    await nav.getByRole('link', { name: '党课讲稿' }).click();
    await expect(a.page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(header).toHaveText(/离线 · 2 份待同步/);
    await a.page.setViewportSize({ width: 390, height: 844 });
    await a.page.screenshot({ path: 'test-results/sync-count/waiting-390.png' });
    await a.page.setViewportSize({ width: 360, height: 740 });
    const fits = await a.page.evaluate(() => {
      const badge = document.querySelector('header [data-testid="sync-state"]')!;
      return badge.getBoundingClientRect().right <= window.innerWidth;
    });
    expect(fits).toBe(true);
    await a.page.screenshot({ path: 'test-results/sync-count/waiting-360.png' });
    await nav.getByRole('link', { name: '学习记录' }).click();

    // Signal again, the plan still closed: the app sends it too, and only then says 已同步.
    await a.context.setOffline(false);
    await study.expectSyncState('synced');
    await expect(header).toHaveAttribute('data-waiting', '0');
    await expect(header).toHaveText(/已同步到服务器/);
    const planB = new PlanEditorPage(b.page);
    await planB.goto(id);
    await expect(planB.richText('活动目的')).toContainText('离线补充：请各支部报送参加人数。');
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
