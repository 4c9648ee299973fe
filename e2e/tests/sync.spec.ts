import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
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
