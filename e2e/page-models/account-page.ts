import { expect, type Page } from '@playwright/test';

/** /account: who is signed in, and 退出登录. */
export class AccountPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/account');
    await expect(this.page.getByRole('heading', { name: '我的账号' })).toBeVisible();
  }

  /** Starts signing out and returns the check the app shows before confirming. */
  async startSignOut() {
    await this.page.getByRole('button', { name: '退出登录' }).click();
    return this.page.getByRole('button', { name: /退出/ }).first();
  }
}
