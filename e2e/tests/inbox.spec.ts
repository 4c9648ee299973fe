import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { LessonEditorPage } from '../page-models/lesson-editor-page.ts';
import { LessonListPage } from '../page-models/lesson-list-page.ts';

const PHONE = { width: 390, height: 844 };

test('the inbox tells a co-author, the committee and the author what concerns them, and counts only what is new', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('考古所第三党支部', {
    author: { name: '赵磊', role: 'member' },
    co: { name: '孙丽', role: 'member' },
    secretary: { name: '钱红', role: 'secretary' },
  });
  const a = await signedInContext(browser, baseURL, members.author.token);
  const co = await signedInContext(browser, baseURL, members.co.token);
  const s = await signedInContext(browser, baseURL, members.secretary.token);
  try {
    for (const { page } of [a, co, s]) await page.setViewportSize(PHONE);
    // Nothing yet: the tab is there, with no count.
    await co.page.goto('/study');
    await expect(co.page.getByRole('link', { name: '消息' })).toBeVisible();
    await expect(co.page.getByTestId('inbox-count')).toBeHidden();

    // The author picks the co-author by name and submits the draft.
    const list = new LessonListPage(a.page);
    await list.goto();
    const id = await list.create();
    const draft = new LessonEditorPage(a.page);
    await draft.setMeta('题目', '守护文化遗产');
    await a.page.getByRole('checkbox', { name: '孙丽' }).check();
    await expect(a.page.getByText('合著人名单将在联网后更新到服务器。')).toBeHidden();
    await a.page.getByRole('button', { name: '提交支委会审阅' }).click();
    await expect(a.page.getByTestId('review-status')).toContainText('已提交支委会');

    // The co-author's tab counts it when she comes back to the app (no push, no nagging).
    await co.page.reload();
    await expect(co.page.getByTestId('inbox-count')).toHaveText('1');
    await co.page.getByRole('link', { name: /消息/ }).click();
    const event = co.page.getByTestId('inbox-event');
    await expect(event).toHaveCount(1);
    await expect(event).toContainText('赵磊 请你一起写一份党课讲稿');
    await expect(co.page.getByTestId('inbox-count')).toBeHidden();
    await co.page.screenshot({ path: 'test-results/inbox-390.png', fullPage: true });
    await event.getByRole('link').click();
    await expect(co.page).toHaveURL(new RegExp(`/lessons/${id}$`));
    // Seen once is seen: a reload shows no count.
    await co.page.reload();
    await expect(co.page.getByRole('link', { name: /消息/ })).toBeVisible();
    await expect(co.page.getByTestId('inbox-count')).toBeHidden();

    // The secretary hears of the submitted draft and returns it with a note.
    await s.page.goto('/inbox');
    await expect(s.page.getByTestId('inbox-event')).toContainText(
      '赵磊 提交了一份党课讲稿，请支委会审阅',
    );
    await s.page.getByTestId('inbox-event').getByRole('link').click();
    await expect(s.page).toHaveURL(new RegExp(`/lessons/${id}$`));
    await s.page.getByLabel('退回意见').fill('第二部分请补一个本所的例子');
    await s.page.getByRole('button', { name: '退回修改' }).click();
    await expect(s.page.getByTestId('review-status')).toContainText('草稿');

    // The author: returned, with the note; the co-author too.
    await a.page.goto('/inbox');
    await expect(a.page.getByTestId('inbox-event')).toContainText('钱红 退回了党课讲稿');
    await expect(a.page.getByTestId('inbox-event')).toContainText(
      '意见：第二部分请补一个本所的例子',
    );
    await co.page.goto('/study');
    await expect(co.page.getByTestId('inbox-count')).toHaveText('1');

    // Offline, the inbox is the device's copy and says so.
    await waitForServiceWorker(a.page);
    await a.context.setOffline(true);
    await a.page.reload();
    await expect(a.page.getByText('现在连不上服务器：这里是上次联网时收到的消息。')).toBeVisible();
    await expect(a.page.getByTestId('inbox-event')).toContainText('钱红 退回了党课讲稿');

    await a.page.setViewportSize({ width: 1280, height: 800 });
    await a.page.screenshot({ path: 'test-results/inbox-1280.png', fullPage: true });
  } finally {
    await Promise.all([a.context.close(), co.context.close(), s.context.close()]);
  }
});
