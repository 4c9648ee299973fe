import { expect, type Page } from '@playwright/test';

export type SyncState = 'device' | 'local' | 'connecting' | 'syncing' | 'synced' | 'offline';

/** /study: the add-entry form and the month-by-month list of the member's own log. */
export class StudyPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/study');
    await expect(this.saveButton).toBeEnabled();
  }

  get title() {
    return this.page.getByRole('textbox', { name: '学习内容' });
  }

  get saveButton() {
    return this.page.getByRole('button', { name: '保存' });
  }

  get syncIndicator() {
    return this.page.getByTestId('sync-state');
  }

  get list() {
    return this.page.getByTestId('study-list');
  }

  /** The list row of an entry: a link to its edit view. */
  entry(title: string) {
    return this.list.getByRole('link', { name: new RegExp(escape(title)) });
  }

  async expectSyncState(state: SyncState): Promise<void> {
    await expect(this.syncIndicator).toHaveAttribute('data-state', state);
  }

  /** Adds an entry with the remembered defaults (form, place) and the given duration preset. */
  async addEntry(
    title: string,
    options: { duration?: '1小时' | '2小时' | '半天' | '全天'; form?: string } = {},
  ): Promise<void> {
    await this.title.fill(title);
    if (options.form) {
      await this.page.getByRole('combobox', { name: '形式' }).selectOption({ label: options.form });
    }
    if (options.duration) await this.page.getByText(options.duration, { exact: true }).click();
    await this.saveButton.click();
    await expect(this.entry(title)).toBeVisible();
  }

  async openEntry(title: string): Promise<void> {
    await this.entry(title).click();
    await expect(this.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
