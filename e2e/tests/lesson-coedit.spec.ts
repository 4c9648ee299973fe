import { expect, test } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { LessonEditorPage } from '../page-models/lesson-editor-page.ts';
import { LessonListPage } from '../page-models/lesson-list-page.ts';

test('author and co-author write one draft together, one of them offline for part of it, and converge', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('考古所第一党支部', {
    author: { name: '李红', role: 'committee' },
    co: { name: '张明', role: 'member' },
  });
  const author = await signedInContext(browser, baseURL, members.author.token);
  const co = await signedInContext(browser, baseURL, members.co.token);
  try {
    // The author creates the draft, names it and picks the co-author from the branch roster.
    const list = new LessonListPage(author.page);
    await list.goto();
    await list.create();
    const a = new LessonEditorPage(author.page);
    await a.setMeta('题目', '坚定理想信念 争做时代先锋');
    await a.page.getByRole('checkbox', { name: '张明' }).check();
    await expect(a.page.getByText('合著人名单将在联网后更新到服务器。')).toBeHidden();
    await a.appendBlock('一、为什么要坚定理想信念', '一级标题');
    await a.appendBlock('理想信念是共产党人精神上的“钙”。', '正文段落');
    await a.expectSyncState('synced');

    // The co-author finds it in their list and opens it.
    const coList = new LessonListPage(co.page);
    await coList.goto();
    await coList.item('坚定理想信念 争做时代先锋').click();
    const b = new LessonEditorPage(co.page);
    await expect(b.editor).toContainText('理想信念是共产党人精神上的“钙”。');

    // Both are here: each sees the other in "正在查看" and the other's caret with their name.
    await b.appendBlock('二、怎样坚定理想信念', '一级标题');
    await expect(a.presence).toContainText('张明');
    await expect(b.presence).toContainText('李红');
    await a.focusEnd();
    await expect(b.caret('李红')).toBeVisible();
    await expect(a.caret('张明')).toBeVisible();
    await expect(a.outline.getByRole('button')).toHaveText([
      '一、为什么要坚定理想信念',
      '二、怎样坚定理想信念',
    ]);

    // The co-author loses the network (the socket is closed, not left hanging) and keeps writing;
    // the author writes meanwhile.
    await co.context.setOffline(true);
    await b.expectSyncState('offline');
    await b.appendBlock('离线时在考古工地上写的一段。', '正文段落');
    await b.expectSyncState('local');
    await a.appendBlock('在线时在办公室写的一段。', '正文段落');
    await expect(a.editor).not.toContainText('离线时在考古工地上写的一段。');
    await expect(b.editor).not.toContainText('在线时在办公室写的一段。');

    await co.context.setOffline(false);
    await b.expectSyncState('synced');
    await a.expectSyncState('synced');
    for (const side of [a, b]) {
      await expect(side.editor).toContainText('离线时在考古工地上写的一段。');
      await expect(side.editor).toContainText('在线时在办公室写的一段。');
    }
    expect(await b.text()).toBe(await a.text());
  } finally {
    await author.context.close();
    await co.context.close();
  }
});
