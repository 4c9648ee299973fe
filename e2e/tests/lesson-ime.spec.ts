import type { CDPSession, Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { LessonEditorPage } from '../page-models/lesson-editor-page.ts';
import { LessonListPage } from '../page-models/lesson-list-page.ts';

/** Composes `pinyin` with the input method and commits `text`, as a Chinese IME does. */
async function compose(cdp: CDPSession, pinyin: string[], text: string): Promise<void> {
  for (const partial of pinyin) {
    await cdp.send('Input.imeSetComposition', {
      text: partial,
      selectionStart: partial.length,
      selectionEnd: partial.length,
    });
  }
  await cdp.send('Input.insertText', { text });
}

/** Counts document updates the page receives over its lesson sockets (sync message, update). */
function countReceivedUpdates(page: Page): () => number {
  let count = 0;
  page.on('websocket', (socket) => {
    if (!socket.url().includes('/sync/lesson:')) return;
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' && payload[0] === 0 && payload[1] === 2) count++;
    });
  });
  return () => count;
}

async function cursorAfter(page: Page, editor: LessonEditorPage, text: string): Promise<void> {
  await editor.editor.getByText(text).click();
  await page.keyboard.press('End');
}

test('two co-authors typing Chinese with an input method in one paragraph both get the right text', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('文物局机关党支部', {
    author: { name: '陈静', role: 'member' },
    co: { name: '王芳', role: 'member' },
  });
  const author = await signedInContext(browser, baseURL, members.author.token);
  const co = await signedInContext(browser, baseURL, members.co.token);
  try {
    // A member (not committee) picks the co-author by name from the branch's names; no id shows.
    await new LessonListPage(author.page).goto();
    await new LessonListPage(author.page).create();
    const a = new LessonEditorPage(author.page);
    await a.setMeta('题目', '学思想 强党性');
    await a.page.getByRole('checkbox', { name: '王芳' }).check();
    await expect(a.page.getByTestId('co-authors').getByRole('listitem')).toHaveText([/^王芳\s*×$/]);
    await expect(a.page.getByTestId('co-authors')).not.toContainText(members.co.userId);
    await expect(a.page.getByText('用户编号')).toHaveCount(0);
    await expect(a.page.getByText('合著人名单将在联网后更新到服务器。')).toBeHidden();
    await a.appendBlock('我们要学习');
    await a.expectSyncState('synced');

    const receivedByCo = countReceivedUpdates(co.page);
    const coList = new LessonListPage(co.page);
    await coList.goto();
    await coList.item('学思想 强党性').click();
    const b = new LessonEditorPage(co.page);
    await expect(b.editor).toContainText('我们要学习');

    const cdpA = await author.page.context().newCDPSession(author.page);
    const cdpB = await co.page.context().newCDPSession(co.page);
    await cursorAfter(author.page, a, '我们要学习');
    await cursorAfter(co.page, b, '我们要学习');

    // The author composes 中 while the co-author composes 国 at the same place; the author's 中
    // reaches the co-author in the middle of their composition, which they commit afterwards.
    await author.page.bringToFront();
    await cdpA.send('Input.imeSetComposition', { text: 'zh', selectionStart: 2, selectionEnd: 2 });
    await co.page.bringToFront();
    await cdpB.send('Input.imeSetComposition', { text: 'gu', selectionStart: 2, selectionEnd: 2 });
    const before = receivedByCo();
    await author.page.bringToFront();
    await compose(cdpA, ['zhong'], '中');
    await expect.poll(receivedByCo).toBeGreaterThan(before);
    await co.page.bringToFront();
    await compose(cdpB, ['guo'], '国');

    // Then each writes a whole phrase the same way, one after the other.
    await author.page.bringToFront();
    await compose(cdpA, ['g', 'gong', 'gongc', 'gongchan'], '共产');
    await co.page.bringToFront();
    await cursorAfter(co.page, b, '共产');
    await compose(cdpB, ['d', 'dang'], '党');

    // Compared without the co-author's caret label, which sits inside the text.
    for (const side of [a, b]) await expect.poll(() => side.text()).toContain('共产党');
    await a.expectSyncState('synced');
    await b.expectSyncState('synced');
    const paragraph = (await a.text()).trim();
    expect(paragraph).toBe((await b.text()).trim());
    // Both characters of the concurrent compositions, in one order or the other, and nothing lost.
    expect(paragraph).toMatch(/^我们要学习(中国|国中)共产党$/);
    expect(paragraph).not.toMatch(/[a-z]/);
  } finally {
    await author.context.close();
    await co.context.close();
  }
});
