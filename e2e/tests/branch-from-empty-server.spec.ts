import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { startFreshServer, type FreshServer } from '../fresh-server.ts';
import { LessonEditorPage } from '../page-models/lesson-editor-page.ts';
import { LessonListPage } from '../page-models/lesson-list-page.ts';

/**
 * Issue 14's whole path at phone size, from an empty server and with no command line after
 * `start`: the setup link → the organiser creates two branches and invites their secretaries →
 * each secretary joins by link and invites three members → the members join → secretary A forms
 * a party group with a leader → A proposes a pairing, B accepts and sets next month's lead → a
 * member of A adds a co-author by name → the co-author finds the draft in her inbox.
 */

const PHONE = { width: 390, height: 844 };

let server: FreshServer;
test.beforeAll(async () => {
  server = await startFreshServer();
});
test.afterAll(async () => {
  await server?.close();
});

async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: PHONE,
    locale: 'zh-CN',
    baseURL: server.url,
  });
  return context.newPage();
}

/** Joins by an invite link on a new phone, with `name` typed when the invite has none. */
async function join(browser: Browser, link: string, name?: string): Promise<Page> {
  const page = await phone(browser);
  await page.goto(link);
  await expect(page.getByRole('heading', { name: '加入支部' })).toBeVisible();
  if (name) await page.getByRole('textbox', { name: '你的姓名' }).fill(name);
  await page.getByRole('button', { name: '加入并登录' }).click();
  await expect(page).toHaveURL(/\/study$/);
  return page;
}

/** On /invites: a member's invite for `name`, returned as its link (shown with its QR code). */
async function inviteMember(secretary: Page, name: string): Promise<string> {
  await secretary.getByRole('radio', { name: '党员' }).check();
  await secretary.getByRole('textbox', { name: '对方姓名（可不填）' }).fill(name);
  await secretary.getByRole('button', { name: '生成邀请' }).click();
  const created = secretary.getByTestId('created-invite');
  await expect(created).toContainText(`给 ${name} 的邀请（党员）`);
  await expect(created.getByRole('img', { name: /加入链接的二维码/ })).toBeVisible();
  return created.getByTestId('invite-link').innerText();
}

test('a branch from an empty server: setup, branches, secretaries, members, a group, a pairing, a co-author told in the inbox', async ({
  browser,
}) => {
  test.setTimeout(180_000);

  // The organiser opens the setup link the server logged.
  const organiser = await phone(browser);
  await organiser.goto(server.setupUrl);
  await organiser.getByRole('textbox', { name: '单位名称' }).fill('市文物局机关党委');
  await organiser.getByRole('textbox', { name: '你的姓名' }).fill('周敏');
  await organiser.getByRole('button', { name: '完成设置并登录' }).click();
  await expect(organiser).toHaveURL(/\/institution$/);

  // Two branches, each with its secretary's invite.
  const secretaryLinks: string[] = [];
  for (const [branch, secretary] of [
    ['考古所第一党支部', '李建国'],
    ['首都博物馆第一党支部', '陈静'],
  ] as const) {
    await organiser.getByRole('textbox', { name: '支部名称' }).fill(branch);
    await organiser.getByRole('button', { name: '新建', exact: true }).click();
    const row = organiser.getByTestId('directory-branch').filter({ hasText: branch });
    await row.getByRole('textbox', { name: '对方姓名（可不填）' }).fill(secretary);
    await row.getByRole('button', { name: '生成邀请' }).click();
    await expect(row.getByTestId('created-invite')).toContainText(`给 ${secretary} 的邀请（书记）`);
    secretaryLinks.push(await row.getByTestId('invite-link').innerText());
  }

  // Each secretary joins by her link and invites three members, who join by theirs.
  const [linkA = '', linkB = ''] = secretaryLinks;
  const secretaryA = await join(browser, linkA);
  const secretaryB = await join(browser, linkB);
  const membersA: Record<string, Page> = {};
  for (const [secretary, names, into] of [
    [secretaryA, ['王芳', '孙伟', '赵磊'], membersA],
    [secretaryB, ['刘洋', '钱红', '吴军'], {} as Record<string, Page>],
  ] as const) {
    await secretary.goto('/account');
    await secretary.getByRole('link', { name: '邀请成员加入支部' }).click();
    for (const name of names) {
      const link = await inviteMember(secretary, name);
      into[name] = await join(browser, link);
    }
  }
  await organiser.reload();
  await expect(
    organiser.getByTestId('directory-branch').filter({ hasText: '考古所第一党支部' }),
  ).toContainText('4 人');

  // Secretary A forms a party group with 王芳 as its leader; the leader sees her group.
  await secretaryA.goto('/account');
  await secretaryA.getByRole('link', { name: '支部成员和党小组' }).click();
  await expect(secretaryA.getByRole('heading', { name: '党员名单（4人）' })).toBeVisible();
  await secretaryA.getByRole('textbox', { name: '党小组名称' }).fill('第一党小组');
  await secretaryA.locator('#new-group-leader').selectOption({ label: '王芳' });
  await secretaryA.getByRole('button', { name: '新建党小组' }).click();
  const group = secretaryA
    .getByTestId('party-group')
    .and(secretaryA.locator('[data-name="第一党小组"]'));
  await expect(group).toContainText('组长：王芳');
  const leader = membersA['王芳'];
  if (!leader) throw new Error('王芳 did not join');
  await leader.goto('/members');
  await expect(
    leader.getByTestId('party-group').and(leader.locator('[data-name="第一党小组"]')),
  ).toContainText('王芳');

  // A finds B by name and proposes a pairing; B accepts and sets next month's lead.
  await secretaryA.goto('/plans');
  await secretaryA.getByTestId('pairings-link').click();
  await secretaryA.getByRole('textbox', { name: '支部名称' }).fill('博物馆');
  await secretaryA.getByRole('button', { name: '查找' }).click();
  await secretaryA
    .getByTestId('found-branch')
    .filter({ hasText: '首都博物馆第一党支部' })
    .getByRole('button', { name: '提议结对' })
    .click();
  await expect(secretaryA.getByTestId('proposal-waiting')).toContainText('等待对方答复');
  await secretaryB.goto('/plans');
  await expect(secretaryB.getByTestId('pairings-link')).toContainText('1 项待答复');
  await secretaryB.getByTestId('pairings-link').click();
  await secretaryB.getByTestId('proposal-to-us').getByRole('button', { name: '接受' }).click();
  const next = secretaryB.getByTestId('pairing').getByTestId('lead-month').nth(1);
  const month = (await next.getAttribute('data-month')) ?? '';
  const rotation = await next.getByRole('combobox').inputValue();
  const other = await next
    .getByRole('combobox')
    .locator('option')
    .evaluateAll((options, current) => {
      const found = options.find((o) => (o as HTMLOptionElement).value !== current);
      return found?.textContent?.trim() ?? '';
    }, rotation);
  await next.getByRole('combobox').selectOption({ label: other });
  await expect(next).toContainText('已指定');
  await secretaryA.reload();
  await expect(
    secretaryA.locator(`[data-testid="lead-month"][data-month="${month}"]`),
  ).toContainText('已指定');

  // A member of A writes a draft and adds 孙伟 as co-author, picked by name.
  const author = membersA['赵磊'];
  const coAuthor = membersA['孙伟'];
  if (!author || !coAuthor) throw new Error('members of A did not join');
  const lessons = new LessonListPage(author);
  await lessons.goto();
  await lessons.create();
  const draft = new LessonEditorPage(author);
  await draft.setMeta('题目', '把支部建在考古工地上');
  await author.getByRole('checkbox', { name: '孙伟' }).check();
  await expect(author.getByText('合著人名单将在联网后更新到服务器。')).toBeHidden();

  // The co-author sees it in her inbox, by names only, and opens it from there.
  await coAuthor.goto('/study');
  await expect(coAuthor.getByTestId('inbox-count')).toHaveText('1');
  await coAuthor.getByRole('link', { name: /消息/ }).click();
  const told = coAuthor.getByTestId('inbox-event');
  await expect(told).toContainText('赵磊 请你一起写一份党课讲稿');
  await told.getByRole('link').click();
  await expect(coAuthor).toHaveURL(/\/lessons\/[0-9a-f]{32}$/);
  await expect(new LessonEditorPage(coAuthor).editor).toBeVisible();
  // No id on any screen she met: users are u + 20 hex digits, branches b + 12.
  for (const path of ['/inbox', '/members', '/plans/pairings', '/account']) {
    await coAuthor.goto(path);
    await expect(coAuthor.getByRole('heading', { level: 1 }).first()).toBeVisible();
    expect(await coAuthor.locator('body').innerText(), path).not.toMatch(
      /\b(u[0-9a-f]{20}|b[0-9a-f]{12})\b/,
    );
  }
});
