import { expect, type Locator, type Page } from '@playwright/test';

export type PlanRoleLabel = '主持人' | '领学人' | '记录人' | '摄影' | '后勤' | '安全';

/** /plans/<id>: one joint activity plan, co-edited by the committees of its branches. */
export class PlanEditorPage {
  constructor(readonly page: Page) {}

  async goto(id: string): Promise<void> {
    await this.page.goto(`/plans/${id}`);
  }

  get editor() {
    return this.page.getByTestId('plan-editor');
  }

  get theme() {
    return this.page.getByRole('textbox', { name: '活动主题' });
  }

  get title() {
    return this.page.getByTestId('plan-title');
  }

  get agendaItems() {
    return this.page.getByTestId('agenda-item');
  }

  /** The titles of the agenda, in order. */
  agendaTitles() {
    return this.agendaItems.getByRole('textbox', { name: '内容' });
  }

  /** Waits until the agenda shows exactly these titles, in this order. */
  async expectAgenda(titles: string[]): Promise<void> {
    await expect(this.agendaTitles()).toHaveCount(titles.length);
    for (const [i, title] of titles.entries()) {
      await expect(this.agendaTitles().nth(i)).toHaveValue(title);
    }
  }

  async addAgendaItem(title: string, owner = ''): Promise<void> {
    const before = await this.agendaItems.count();
    await this.page.getByRole('button', { name: '添加议程' }).click();
    const item = this.agendaItems.nth(before);
    await expect(item).toBeVisible();
    await item.getByRole('textbox', { name: '内容' }).fill(title);
    if (owner) await item.getByRole('textbox', { name: '负责人' }).fill(owner);
  }

  /** Moves an agenda item up with the keyboard; the focus stays on the item that moved. */
  async moveAgendaItemUp(title: string): Promise<void> {
    const button = this.page.getByRole('button', { name: `上移：${title}` });
    await button.focus();
    await this.page.keyboard.press('Enter');
    await expect(button).toBeFocused();
  }

  /** Moves the plan on to a status with one of the buttons offered (e.g. 各支部已商定). */
  async setStatus(
    button: '各支部已商定' | '活动已举行' | '总结已完成' | '退回草稿',
  ): Promise<void> {
    await this.page.getByRole('button', { name: button }).click();
  }

  get agreedItems() {
    return this.page.getByTestId('agreed').getByRole('listitem');
  }

  async addAgreedItem(text: string, owner: string): Promise<void> {
    const before = await this.agreedItems.count();
    await this.page.getByRole('button', { name: '添加议定事项' }).click();
    const item = this.agreedItems.nth(before);
    await item.getByRole('textbox', { name: '事项' }).fill(text);
    await item.getByRole('textbox', { name: '负责人' }).fill(owner);
  }

  role(label: PlanRoleLabel): Locator {
    return this.page.getByRole('combobox', { name: `${label} · 姓名`, exact: true });
  }

  async assignRole(label: PlanRoleLabel, name: string): Promise<void> {
    await this.role(label).fill(name);
    await this.role(label).press('Enter');
  }

  /** A rich-text section's editor (活动目的, 安全预案, 活动总结): Tiptap's contenteditable. */
  richText(section: '活动目的' | '安全预案' | '活动总结') {
    return this.page.getByRole('textbox', { name: section, exact: true });
  }

  /** Types at the end of a rich-text section, in a new paragraph if it has text already. */
  async appendText(section: '活动目的' | '安全预案' | '活动总结', text: string): Promise<void> {
    const editor = this.richText(section);
    await editor.click();
    await this.page.keyboard.press('ControlOrMeta+End');
    if ((await editor.innerText()).trim() !== '') await this.page.keyboard.press('Enter');
    await this.page.keyboard.insertText(text);
    await expect(editor).toContainText(text);
  }

  /** A co-editor's caret label inside a rich-text section. */
  caret(section: '活动目的' | '安全预案' | '活动总结', name: string) {
    return this.richText(section).locator('.collaboration-carets__label', { hasText: name });
  }

  /** The "正在查看" list. */
  get presence() {
    return this.page.getByTestId('presence');
  }

  get forbidden() {
    return this.page.getByTestId('plan-forbidden');
  }

  get readOnlyNote() {
    return this.page.getByTestId('plan-read-only');
  }

  async expectSynced(): Promise<void> {
    await expect(this.page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced');
  }
}
