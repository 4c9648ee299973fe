import { expect, type Page } from '@playwright/test';

/** /study/entry/<id>: every field of one entry, each written on its own when it changes. */
export class EntryPage {
  constructor(readonly page: Page) {}

  /** A text field (input or textarea) by its label. */
  textbox(label: string) {
    return this.page.getByRole('textbox', { name: label, exact: true });
  }

  /** A number field (时长, 学时) by its label. */
  number(label: string) {
    return this.page.getByRole('spinbutton', { name: label, exact: true });
  }

  get date() {
    return this.page.getByLabel('日期', { exact: true });
  }

  get form() {
    return this.page.getByRole('combobox', { name: '形式' });
  }

  get counts() {
    return this.page.getByRole('switch', { name: '计入年度学习要求' });
  }

  /** Confirms the app wrote a field: it says so once the change is in the document. */
  async expectSaved(label: string): Promise<void> {
    await expect(this.page.getByText(`已保存“${label}”`)).toBeVisible();
  }

  /** Types a value and leaves the field, which is when the app writes it. */
  async setText(label: string, value: string): Promise<void> {
    const field = this.textbox(label);
    await field.fill(value);
    await field.blur();
    await this.expectSaved(label);
  }

  async setNumber(label: string, value: string): Promise<void> {
    const field = this.number(label);
    await field.fill(value);
    await field.blur();
    await this.expectSaved(label);
  }

  async delete(): Promise<void> {
    await this.page.getByRole('button', { name: '删除这条记录' }).click();
    await expect(this.page).toHaveURL(/\/study$/);
  }
}
