import { expect, type Download, type Page } from '@playwright/test';

/** /study/year: 学时 toward the yearly target, by form, with the exports. */
export class YearPage {
  constructor(readonly page: Page) {}

  async goto(year?: number): Promise<void> {
    await this.page.goto(year === undefined ? '/study/year' : `/study/year?year=${year}`);
    await expect(this.counted).toBeVisible();
  }

  /** "12 / 32 学时" */
  get counted() {
    return this.page.getByTestId('year-counted');
  }

  async exportXlsx(): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: '导出 Excel' }).click();
    return download;
  }
}
