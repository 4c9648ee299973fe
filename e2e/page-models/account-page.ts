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
    // Its own section: the device list above has 退出该设备 buttons for the account's other devices.
    const section = this.page.getByRole('region', { name: '退出登录' });
    await section.getByRole('button', { name: '退出登录' }).click();
    return section.getByRole('button', { name: /退出/ }).first();
  }
}
