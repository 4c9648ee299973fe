import { expect, type Page } from '@playwright/test';

/** The 登录 screen: server address, invite code or token, and a name for new members. */
export class SignInPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/signin');
  }

  get credential() {
    return this.page.getByRole('textbox', { name: /^邀请码/ });
  }

  get name() {
    return this.page.getByRole('textbox', { name: '你的姓名' });
  }

  get error() {
    return this.page.getByRole('alert');
  }

  async submit(): Promise<void> {
    await this.page.getByRole('button', { name: '登录', exact: true }).click();
  }

  /** Signs in with a `bb_…` token and waits for the study log to open. */
  async signInWithToken(token: string): Promise<void> {
    await this.goto();
    await this.credential.fill(token);
    await this.submit();
    await expect(this.page).toHaveURL(/\/study$/);
  }

  /** Redeems an invite code as a new member called `name`. */
  async signInWithInvite(code: string, name: string): Promise<void> {
    await this.goto();
    await this.credential.fill(code);
    await this.name.fill(name);
    await this.submit();
    await expect(this.page).toHaveURL(/\/study$/);
  }
}
