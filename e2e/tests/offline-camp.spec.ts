import { invite } from '../admin.ts';
import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { BranchPage } from '../page-models/branch-page.ts';
import { SignInPage } from '../page-models/signin-page.ts';
import { StudyPage } from '../page-models/study-page.ts';

test('a new member records study offline at the camp; it syncs by itself and the secretary sees the totals', async ({
  browser,
  baseURL,
}) => {
  const { branchId, members } = await branchWithMembers('考古所第一党支部', {
    secretary: { name: '李红', role: 'secretary' },
  });
  const code = await invite(branchId, 'member');
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
  });
  const secretary = await signedInContext(browser, baseURL, members.secretary.token);
  try {
    // Joins with the invite while online, then the camp has no network.
    const page = await context.newPage();
    await new SignInPage(page).signInWithInvite(code, '王芳');
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.reload();

    const study = new StudyPage(page);
    await expect(study.saveButton).toBeEnabled();
    // Group study at the camp: the place is remembered for group study only.
    const whenWhere = page.locator('summary').filter({ hasText: '日期和地点' });
    await whenWhere.click();
    await page.getByLabel('地点', { exact: true }).fill('二里头考古工地驻地');
    await study.addEntry('学习党章第一章', { duration: '2小时' });
    await study.addEntry('观看《复兴之路》第三集', { duration: '半天', form: '观看教育片' });
    await study.addEntry('自学《习近平谈治国理政》', { duration: '1小时', form: '个人自学' });
    await study.expectSyncState('local');
    // The list line shows each entry's place; the later self-study did not get the camp's.
    await expect(study.entry('学习党章第一章')).toContainText('二里头考古工地驻地');
    await expect(study.entry('观看《复兴之路》第三集')).not.toContainText('二里头考古工地驻地');
    await expect(study.entry('自学《习近平谈治国理政》')).not.toContainText('二里头考古工地驻地');
    await expect(whenWhere).toContainText('未填地点');
    // Back to group study, the camp comes back.
    await page.getByRole('combobox', { name: '形式' }).selectOption({ label: '集中学习' });
    await expect(page.getByLabel('地点', { exact: true })).toHaveValue('二里头考古工地驻地');
    await expect(whenWhere).toContainText('二里头考古工地驻地');

    // The tab is closed and opened again, still without network.
    await page.close();
    const again = await context.newPage();
    const sockets: string[] = [];
    again.on('websocket', (socket) => sockets.push(socket.url()));
    await again.goto('/study');
    const reopened = new StudyPage(again);
    for (const title of ['学习党章第一章', '观看《复兴之路》第三集', '自学《习近平谈治国理政》']) {
      await expect(reopened.entry(title)).toBeVisible();
    }
    await reopened.expectSyncState('local');
    // This page was loaded offline and never had a socket: whatever reaches the server below
    // travels over the connection the app opens by itself when the network returns.
    expect(sockets).toEqual([]);

    await context.setOffline(false);
    await reopened.expectSyncState('synced');
    expect(sockets.length).toBeGreaterThan(0);

    // Where the target is shown, so is the branch's counting rule for every form.
    await again.getByRole('link', { name: '我的年度' }).click();
    await expect(again.getByTestId('counting-rule')).toHaveText(
      '计入年度要求：集中学习、专题研讨、参观见学、党课和观看教育片；默认不计入：个人自学和线上学习。每条记录可以单独调整。',
    );

    // The secretary, on another device, sees the new member's totals: 2 + 4 counted, 1 not.
    const branchPage = new BranchPage(secretary.page);
    await branchPage.goto();
    const row = branchPage.row('王芳');
    await expect(row.getByRole('cell')).toHaveText(['党员', '6', '7', '32']);
    await expect(secretary.page.getByTestId('counting-rule')).toContainText(
      '默认不计入：个人自学和线上学习',
    );
  } finally {
    await context.close();
    await secretary.context.close();
  }
});
