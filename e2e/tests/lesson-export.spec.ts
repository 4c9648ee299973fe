import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { LessonEditorPage } from '../page-models/lesson-editor-page.ts';
import { LessonListPage } from '../page-models/lesson-list-page.ts';

test('a draft exports to Word with real heading styles and prints on A4, also offline', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('科技馆展教党支部', {
    author: { name: '孙丽', role: 'member' },
  });
  const { context, page } = await signedInContext(browser, baseURL, members.author.token);
  try {
    await waitForServiceWorker(page);
    await new LessonListPage(page).goto();
    await new LessonListPage(page).create();
    const editor = new LessonEditorPage(page);
    // Every tool says in words what it does (a phone has no hover tooltips), in the hint's words,
    // and the toolbar takes two rows on a 360 px phone.
    await page.setViewportSize({ width: 360, height: 740 });
    const toolbar = page.getByRole('toolbar', { name: '格式' });
    await expect(toolbar.getByRole('button')).toHaveText([
      '正文',
      '一级标题',
      '二级标题',
      '三级标题',
      '引文',
      '加粗',
      '倾斜',
      '编号',
      '项目',
      '撤销',
      '重做',
    ]);
    await expect(editor.tool('一级标题')).toHaveText('一级标题');
    const bar = await toolbar.boundingBox();
    expect(bar && bar.x + bar.width).toBeLessThanOrEqual(360);
    expect(bar?.height).toBeLessThan(2 * 44 + 24);
    await page.setViewportSize({ width: 1280, height: 720 });
    await editor.setMeta('题目', '弘扬科学家精神');
    // Typed with its 破折号, as authors do: every view still shows exactly one.
    await editor.setMeta('副标题', '——在科技馆展厅的一堂微党课');
    await expect(page.locator('.head .subtitle')).toHaveText('——在科技馆展厅的一堂微党课');
    await editor.setMeta('主讲人', '孙丽');
    await page.getByLabel('日期', { exact: true }).fill('2025-05-03');
    await page.getByLabel('日期', { exact: true }).blur();
    await page.getByLabel('类型').selectOption({ label: '微党课' });
    await editor.appendBlock('一、什么是科学家精神', '一级标题');
    await editor.appendBlock('（一）爱国', '二级标题');
    await editor.appendBlock('二、怎样学习', '一级标题');
    await editor.appendBlock('立足岗位，做好科普。', '正文段落');
    await editor.appendBlock('钱学森说：“我的事业在中国。”', '引文');
    await expect(editor.page.getByTestId('lesson-verdict')).toHaveText('比通常的篇幅短');
    await expect(editor.outline.getByRole('button')).toHaveText([
      '一、什么是科学家精神',
      '（一）爱国',
      '二、怎样学习',
    ]);
    // The outline jumps to a heading: the cursor goes there and it scrolls into view.
    await page.setViewportSize({ width: 390, height: 500 });
    await editor.outline.getByRole('button', { name: '二、怎样学习' }).click();
    await expect(editor.editor.getByRole('heading', { name: '二、怎样学习' })).toBeInViewport();
    await expect(editor.tool('一级标题')).toHaveAttribute('aria-pressed', 'true');
    await editor.expectSyncState('synced');

    // The Word writer is loaded on demand and precached: export works with no network.
    await context.setOffline(true);
    const download = await editor.exportWord();
    expect(download.suggestedFilename()).toBe('弘扬科学家精神.docx');
    const files = unzipSync(await readFile(await download.path()));
    const documentXml = files['word/document.xml'];
    if (!documentXml) throw new Error('word/document.xml is missing');
    const xml = strFromU8(documentXml);
    const paragraphs = [
      ...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g),
    ].map((m) => m[1] ?? m[2] ?? '');
    const styleOf = (text: string) => {
      const paragraph = paragraphs.find((p) => p.includes(text));
      return paragraph ? (/<w:pStyle w:val="([^"]+)"\/>/.exec(paragraph)?.[1] ?? 'Normal') : null;
    };
    expect(styleOf('弘扬科学家精神')).toBe('Title');
    expect(styleOf('一、什么是科学家精神')).toBe('Heading1');
    expect(styleOf('（一）爱国')).toBe('Heading2');
    expect(styleOf('二、怎样学习')).toBe('Heading1');
    expect(styleOf('钱学森说')).toBe('LessonQuote');
    expect(styleOf('立足岗位，做好科普。')).toBe('Normal');
    expect(xml).toContain('主讲人：孙丽');
    expect(styleOf('在科技馆展厅的一堂微党课')).toBe('LessonSubtitle');
    expect(xml).toContain('>——在科技馆展厅的一堂微党课<');
    expect(xml).not.toContain('———');
    expect(xml).toContain('2025年5月3日');
    const styles = strFromU8(files['word/styles.xml'] ?? new Uint8Array());
    expect(styles).toMatch(/w:styleId="Heading1"[\s\S]*?w:eastAsia="SimHei"/);
    expect(styles).toContain('w:eastAsia="FangSong"');

    // The print layout opens offline too, with the speaker and date and the text.
    await page.getByRole('link', { name: '打印版式' }).click();
    const sheet = page.getByTestId('lesson-print');
    await expect(sheet.getByRole('heading', { level: 1 })).toHaveText('弘扬科学家精神');
    await expect(sheet).toContainText('主讲人：孙丽');
    await expect(sheet.locator('.subtitle')).toHaveText('——在科技馆展厅的一堂微党课');
    await expect(sheet).toContainText('时间：2025年5月3日');
    // The text's headings sit below the title: 一级标题 as h2, 二级标题 as h3.
    await expect(sheet.getByRole('heading', { level: 2 })).toHaveText([
      '一、什么是科学家精神',
      '二、怎样学习',
    ]);
    await expect(sheet.getByRole('heading', { level: 3 })).toHaveText('（一）爱国');

    // The lesson list shows the same subtitle.
    await context.setOffline(false);
    const list = new LessonListPage(page);
    await list.goto();
    await expect(list.item('弘扬科学家精神').locator('.subtitle')).toHaveText(
      '——在科技馆展厅的一堂微党课',
    );
  } finally {
    await context.close();
  }
});
