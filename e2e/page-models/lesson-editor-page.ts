import { expect, type Download, type Page } from '@playwright/test';

export type SyncState = 'device' | 'local' | 'connecting' | 'syncing' | 'synced' | 'offline';

/** /lessons/<id>: the draft's metadata, the co-written text, outline, length, versions, export. */
export class LessonEditorPage {
  constructor(readonly page: Page) {}

  async goto(id: string): Promise<void> {
    await this.page.goto(`/lessons/${id}`);
  }

  /** The editable text (Tiptap's contenteditable). */
  get editor() {
    return this.page.getByRole('textbox', { name: '讲稿正文' });
  }

  /** The text shown without an editor (read-only drafts). */
  get readView() {
    return this.page.getByTestId('lesson-read-view');
  }

  get syncIndicator() {
    return this.page.getByTestId('sync-state');
  }

  async expectSyncState(state: SyncState): Promise<void> {
    await expect(this.syncIndicator).toHaveAttribute('data-state', state);
  }

  tool(name: string) {
    return this.page
      .getByRole('toolbar', { name: '格式' })
      .getByRole('button', { name, exact: true });
  }

  /** Writes a metadata field and leaves it, which is when the app stores it. */
  async setMeta(label: string, value: string): Promise<void> {
    const field = this.page.getByLabel(label, { exact: true });
    await field.fill(value);
    await field.blur();
    await expect(field).toHaveValue(value);
  }

  async openMeta(): Promise<void> {
    const summary = this.page.getByText('讲稿信息', { exact: true });
    const details = this.page.locator('details.meta');
    if ((await details.getAttribute('open')) === null) await summary.click();
  }

  /** Puts the cursor at the very end of the text (in its last block, then to the end). */
  async focusEnd(): Promise<void> {
    const blocks = this.editor.locator(':scope > *');
    if ((await blocks.count()) > 0) await blocks.last().click();
    else await this.editor.click();
    await this.page.keyboard.press('ControlOrMeta+End');
  }

  /**
   * Starts a new block at the end, formatted with `tool` (e.g. 一级标题), and types `text`. A new
   * block after a quotation leaves the quotation unless `tool` is 引文.
   */
  async appendBlock(text: string, tool?: string): Promise<void> {
    await this.focusEnd();
    if ((await this.text()).trim() !== '') await this.page.keyboard.press('Enter');
    const quote = this.tool('引文');
    if (tool !== '引文' && (await quote.getAttribute('aria-pressed')) === 'true')
      await quote.click();
    if (tool) await this.tool(tool).click();
    await this.page.keyboard.insertText(text);
    await expect(this.editor).toContainText(text);
  }

  /** The text as the member wrote it: co-authors' carets and their name labels left out. */
  async text(): Promise<string> {
    return this.editor.evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
      return copy.innerText;
    });
  }

  get presence() {
    return this.page.getByTestId('presence');
  }

  /** A co-author's caret label in the text. */
  caret(name: string) {
    return this.editor.locator('.collaboration-carets__label', { hasText: name });
  }

  get outline() {
    return this.page.getByRole('navigation', { name: '提纲' });
  }

  get versions() {
    return this.page.getByTestId('lesson-versions');
  }

  async saveVersion(name: string): Promise<void> {
    await this.page.getByRole('textbox', { name: '版本名称' }).fill(name);
    await this.page.getByRole('button', { name: '保存版本' }).click();
    await expect(this.versions.getByText(name, { exact: true })).toBeVisible();
  }

  /** Opens the side-by-side view of the version named `name` (a prefix is enough). */
  async viewVersion(name: string): Promise<void> {
    await this.versions.getByRole('button', { name: new RegExp(`^查看：${name}`) }).click();
    await expect(this.page.getByTestId('version-compare')).toBeVisible();
  }

  get versionText() {
    return this.page.getByTestId('version-text');
  }

  async closeVersion(): Promise<void> {
    await this.page.getByTestId('version-compare').getByRole('button', { name: '关闭' }).click();
    await expect(this.page.getByTestId('version-compare')).toBeHidden();
  }

  async exportWord(): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: '导出 Word' }).click();
    return download;
  }
}
