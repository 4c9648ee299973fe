import { expect, type Page } from '@playwright/test';

/** /study/branch: the committee's table of every member's 学时, in name order. */
export class BranchPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/study/branch');
    await expect(this.table).toBeVisible();
  }

  get table() {
    return this.page.getByTestId('branch-table');
  }

  /** A member's row, found by the name in its row header. */
  row(name: string) {
    return this.table.getByRole('row').filter({
      has: this.page.getByRole('rowheader', { name: new RegExp(name) }),
    });
  }

  /** The names in table order. */
  async names(): Promise<string[]> {
    return this.table.locator('tbody th').allInnerTexts();
  }
}
