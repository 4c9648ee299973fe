import { expect, type Page } from '@playwright/test';

/** /lessons: my lesson drafts and “新建讲稿”. */
export class LessonListPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/lessons');
    await expect(this.page.getByRole('heading', { level: 1, name: '党课讲稿' })).toBeVisible();
  }

  get createButton() {
    return this.page.getByRole('button', { name: '新建讲稿' });
  }

  /** Creates a draft and returns its id once its editor is open. */
  async create(): Promise<string> {
    await this.createButton.click();
    await expect(this.page).toHaveURL(/\/lessons\/[0-9a-f]{32}$/);
    const id = /\/lessons\/([0-9a-f]{32})$/.exec(this.page.url())?.[1];
    if (!id) throw new Error(`no lesson id in ${this.page.url()}`);
    return id;
  }

  item(title: string) {
    return this.page.getByTestId('lesson-item').filter({ hasText: title });
  }
}
