import { expect, test } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { LessonEditorPage } from '../page-models/lesson-editor-page.ts';
import { LessonListPage } from '../page-models/lesson-list-page.ts';

test('restoring a version is a new change: the text written after it stays recoverable', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('博物馆第二党支部', {
    author: { name: '赵磊', role: 'member' },
  });
  const { context, page } = await signedInContext(browser, baseURL, members.author.token);
  try {
    await new LessonListPage(page).goto();
    await new LessonListPage(page).create();
    const editor = new LessonEditorPage(page);
    await editor.setMeta('题目', '守护文化遗产 传承红色基因');
    await editor.appendBlock('一、文物是历史的见证', '一级标题');
    await editor.appendBlock('提交支委会时的正文。', '正文段落');
    await editor.saveVersion('提交支委会 5月3日');

    await editor.appendBlock('支委会之后加的一段。');
    await expect(editor.page.getByTestId('lesson-chars')).toHaveText('27 字');

    // Side by side: the version without the later paragraph, the current text with it.
    await editor.viewVersion('提交支委会 5月3日');
    await expect(editor.versionText).toContainText('提交支委会时的正文。');
    await expect(editor.versionText).not.toContainText('支委会之后加的一段。');
    await expect(page.getByTestId('current-text')).toContainText('支委会之后加的一段。');
    // What changed is marked, not left to the reader to find.
    const changes = page.getByTestId('version-changes');
    await expect(changes).toContainText('新增 10 字，删去 0 字');
    await expect(changes.locator('ins')).toHaveText(['支委会之后加的一段。']);
    await expect(changes.locator('del')).toHaveCount(0);
    await page.getByRole('button', { name: '恢复此版本' }).click();
    await expect(page.getByTestId('version-compare')).toBeHidden();

    await expect(editor.editor).toContainText('提交支委会时的正文。');
    await expect(editor.editor).not.toContainText('支委会之后加的一段。');
    await expect(page.getByRole('status')).toContainText('已恢复版本“提交支委会 5月3日”');

    // The text before the restore was saved on its own first.
    // Its row shows its time once (the name does not repeat it).
    const autoRow = page
      .getByTestId('lesson-versions')
      .getByRole('listitem')
      .filter({ hasText: '恢复前自动保存' });
    await expect(autoRow).toHaveCount(1);
    expect(((await autoRow.innerText()).match(/\d{1,2}:\d{2}/g) ?? []).length).toBe(1);
    await editor.viewVersion('恢复前自动保存');
    // Compared with the restored text, the later paragraph is what the restore took out.
    await expect(page.getByTestId('version-changes').locator('del')).toHaveText([
      '支委会之后加的一段。',
    ]);
    await expect(editor.versionText).toContainText('支委会之后加的一段。');
    await editor.closeVersion();

    // The way back from a restore is that version, not undo (which cannot bring back the
    // replaced paragraphs): my undo history starts again after it.
    await expect(editor.tool('撤销我的上一步')).toBeDisabled();
    await editor.expectSyncState('synced');
  } finally {
    await context.close();
  }
});
