import { expect, test } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { LessonEditorPage } from '../page-models/lesson-editor-page.ts';
import { LessonListPage } from '../page-models/lesson-list-page.ts';

test("another branch's secretary opening a lesson link is told in one sentence, with no editor or export", async ({
  browser,
  baseURL,
}) => {
  const home = await branchWithMembers('考古所第一党支部', {
    author: { name: '周静', role: 'member' },
  });
  const other = await branchWithMembers('古建研究所党支部', {
    sun: { name: '孙伟', role: 'secretary' },
  });
  const a = await signedInContext(browser, baseURL, home.members.author.token);
  const s = await signedInContext(browser, baseURL, other.members.sun.token);
  try {
    const list = new LessonListPage(a.page);
    await list.goto();
    const id = await list.create();
    const draft = new LessonEditorPage(a.page);
    await draft.setMeta('题目', '在考古工地上的一堂微党课');
    await draft.expectSyncState('synced');

    const stranger = new LessonEditorPage(s.page);
    await stranger.goto(id);
    await expect(s.page.getByTestId('lesson-forbidden')).toHaveText(
      '你不能打开这篇讲稿：只有作者、合著人和作者所在支部的支委会可以阅读。',
    );
    // Not the contradictory pair it used to show, and no number.
    await expect(s.page.getByText('本设备上还没有这篇讲稿')).toHaveCount(0);
    await expect(s.page.getByText(/4403/)).toHaveCount(0);
    await expect(stranger.editor).toHaveCount(0);
    await expect(s.page.getByRole('button', { name: '导出 Word' })).toHaveCount(0);
    await expect(s.page.getByText('在考古工地上的一堂微党课')).toHaveCount(0);
    // Nor a sync state for a document that is not served ("离线" or "待同步" over a refusal).
    await expect(s.page.locator('header [data-testid="sync-state"]')).toHaveCount(0);
  } finally {
    await a.context.close();
    await s.context.close();
  }
});
