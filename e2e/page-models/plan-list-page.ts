import { expect, type Page } from '@playwright/test';

/** /plans: the plans of the member's branches and "新建活动方案". */
export class PlanListPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/plans');
    await expect(this.page.getByRole('heading', { name: '联建活动方案', level: 1 })).toBeVisible();
  }

  get source() {
    return this.page.getByTestId('plans-source');
  }

  /** A plan's row, a link to its editor, found by its theme (or "未命名方案"). */
  plan(theme: string | RegExp) {
    return this.page.getByTestId('plan-item').filter({ hasText: theme });
  }

  /**
   * Creates a plan for `month` (`YYYY-MM`, default this month) with the proposed lead and every
   * paired branch, and waits for its editor. Returns the plan's id (from the address).
   */
  async createPlan(month?: string): Promise<string> {
    await this.page.getByRole('button', { name: '新建活动方案' }).click();
    if (month) await this.page.getByRole('textbox', { name: '月份', exact: true }).fill(month);
    await this.page.getByRole('button', { name: '新建', exact: true }).click();
    await expect(this.page).toHaveURL(/\/plans\/[0-9a-f]{32}$/);
    await expect(this.page.getByTestId('plan-editor')).toBeVisible();
    return new URL(this.page.url()).pathname.split('/').at(-1) ?? '';
  }
}
