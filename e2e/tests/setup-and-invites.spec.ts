import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { startFreshServer, type FreshServer } from '../fresh-server.ts';

/**
 * Issue 14, items 1 and 2, at phone size from an empty server: the setup link the server logged
 * makes the organiser (机关党委), who creates a branch and invites its secretary; the secretary
 * joins from the link and invites a member with a QR code; the member joins and sees the branch.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots';

let server: FreshServer;
test.beforeAll(async () => {
  server = await startFreshServer();
});
test.afterAll(async () => {
  await server?.close();
});

async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  return context.newPage();
}

const fits = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** A screenshot at phone and desktop size; the page fits 390 and 360 px (no sideways scroll). */
async function shoot(page: Page, name: string): Promise<void> {
  expect(await fits(page), `${name} at 390 px`).toBe(true);
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await fits(page), `${name} at 360 px`).toBe(true);
  await page.setViewportSize(PHONE);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize(PHONE);
}

test('setup, a branch, its secretary, a member: all from the app', async ({ browser }) => {
  // The setup link is the server's one log line that carries the code.
  const code = new URL(server.setupUrl).hash.slice(1);
  expect(server.setupUrl).toBe(`${server.url}/setup#${code}`);
  expect(server.lines.filter((l) => l.includes(code))).toHaveLength(1);

  // The organiser opens it and sets up the institution.
  const organiser = await phone(browser);
  await organiser.goto(server.setupUrl);
  await expect(organiser.getByRole('heading', { name: '首次设置' })).toBeVisible();
  // The code left the address bar.
  await expect(organiser).toHaveURL(`${server.url}/setup`);
  await organiser.getByRole('textbox', { name: '单位名称' }).fill('市文物局机关党委');
  await organiser.getByRole('textbox', { name: '你的姓名' }).fill('周敏');
  await shoot(organiser, 'setup');
  await organiser.getByRole('button', { name: '完成设置并登录' }).click();
  await expect(organiser).toHaveURL(/\/institution$/);
  await expect(organiser.getByRole('heading', { name: '市文物局机关党委' })).toBeVisible();
  await expect(organiser.getByText('还没有支部')).toBeVisible();
  // Their screen is in the navigation, and the header names their role, not a branch.
  await expect(organiser.getByRole('link', { name: '机关党委', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );

  // A branch, then its secretary's invite (the panel opens on the new branch).
  await organiser.getByRole('textbox', { name: '支部名称' }).fill('考古所第一党支部');
  await organiser.getByRole('button', { name: '新建', exact: true }).click();
  const dig = organiser.getByTestId('directory-branch').filter({ hasText: '考古所第一党支部' });
  await expect(dig).toContainText('0 人');
  await dig.getByRole('textbox', { name: '对方姓名（可不填）' }).fill('李建国');
  await dig.getByRole('button', { name: '生成邀请' }).click();
  const secretaryInvite = dig.getByTestId('created-invite');
  await expect(secretaryInvite).toContainText('给 李建国 的邀请（书记）');
  await expect(secretaryInvite.getByRole('img', { name: /加入链接的二维码/ })).toBeVisible();
  await expect(dig.getByTestId('open-invite')).toContainText('给 李建国');
  await shoot(organiser, 'institution');
  const secretaryLink = await secretaryInvite.getByTestId('invite-link').innerText();
  expect(secretaryLink).toMatch(
    new RegExp(`^${server.url}/join#[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$`),
  );

  // The secretary opens the link on her phone: the code is filled in, the invite's name is hers.
  const secretary = await phone(browser);
  await secretary.goto(secretaryLink);
  await expect(secretary.getByRole('heading', { name: '加入支部' })).toBeVisible();
  await expect(secretary.getByRole('textbox', { name: '邀请码' })).toHaveValue(
    new URL(secretaryLink).hash.slice(1),
  );
  await expect(secretary).toHaveURL(`${server.url}/join`);
  await shoot(secretary, 'join');
  await secretary.getByRole('button', { name: '加入并登录' }).click();
  await expect(secretary).toHaveURL(/\/study$/);

  // From her account page to the invites of her branch.
  await secretary.goto(`${server.url}/account`);
  await expect(secretary.getByText('考古所第一党支部 · 书记')).toBeVisible();
  await expect(secretary.getByRole('link', { name: '管理支部和书记邀请' })).toHaveCount(0);
  await secretary.getByRole('link', { name: '邀请成员加入支部' }).click();
  await expect(secretary).toHaveURL(/\/invites$/);
  await expect(secretary.getByRole('heading', { name: '邀请成员' })).toBeVisible();
  // A committee invite made by mistake, revoked.
  await secretary.getByRole('radio', { name: '支委' }).check();
  await secretary.getByRole('button', { name: '生成邀请' }).click();
  await expect(secretary.getByTestId('created-invite')).toContainText('邀请（支委）');
  await expect(secretary.getByTestId('open-invite')).toHaveCount(1);
  await secretary.getByTestId('open-invite').getByRole('button', { name: '撤销' }).click();
  await expect(secretary.getByText('没有未使用的邀请。')).toBeVisible();
  await expect(secretary.getByTestId('created-invite')).toHaveCount(0);
  // The member's invite: named, for 30 days, shown as code, link and QR.
  await secretary.getByRole('radio', { name: '党员' }).check();
  await secretary.getByRole('textbox', { name: '对方姓名（可不填）' }).fill('王芳');
  await secretary.getByRole('radio', { name: '30 天' }).check();
  await secretary.getByRole('button', { name: '生成邀请' }).click();
  const memberInvite = secretary.getByTestId('created-invite');
  await expect(memberInvite).toContainText('给 王芳 的邀请（党员）');
  const qr = memberInvite.getByRole('img', { name: /加入链接的二维码/ });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth > 0)).toBe(true);
  const memberLink = await memberInvite.getByTestId('invite-link').innerText();
  await expect(qr).toHaveAccessibleName(`加入链接的二维码：${memberLink}`);
  await expect(secretary.getByTestId('open-invite')).toContainText('给 王芳');
  await expect(secretary.getByTestId('open-invite')).toContainText('党员');
  await shoot(secretary, 'invites');

  // The member opens the link on a third phone, types her name and is in the branch.
  const member = await phone(browser);
  await member.goto(memberLink);
  await member.getByRole('textbox', { name: '你的姓名' }).fill('王芳');
  await member.getByRole('button', { name: '加入并登录' }).click();
  await expect(member).toHaveURL(/\/study$/);
  await member.goto(`${server.url}/account`);
  await expect(member.getByText('考古所第一党支部 · 党员')).toBeVisible();
  await expect(member.getByRole('link', { name: '邀请成员加入支部' })).toHaveCount(0);

  // The used invite is gone from the list; the organiser sees the headcount, not the names.
  await secretary.reload();
  await expect(secretary.getByText('没有未使用的邀请。')).toBeVisible();
  await organiser.reload();
  await expect(
    organiser.getByTestId('directory-branch').filter({ hasText: '考古所第一党支部' }),
  ).toContainText('2 人');
  await expect(organiser.getByText('王芳')).toHaveCount(0);

  // The setup link works once.
  const again = await phone(browser);
  await again.goto(server.setupUrl);
  await again.getByRole('textbox', { name: '单位名称' }).fill('别的单位');
  await again.getByRole('textbox', { name: '你的姓名' }).fill('某人');
  await again.getByRole('button', { name: '完成设置并登录' }).click();
  await expect(again.getByRole('alert')).toContainText('设置链接无效或已被使用');
});
