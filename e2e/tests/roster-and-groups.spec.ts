import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from '@playwright/test';
import { admin, invite } from '../admin.ts';
import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { branchWithMembers, readXlsxRows } from '../journeys.ts';
import { SignInPage } from '../page-models/signin-page.ts';
import { StudyPage } from '../page-models/study-page.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function phone(browser: Browser, baseURL: string | undefined, token: string) {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: PHONE });
  const page = await context.newPage();
  await new SignInPage(page).signInWithToken(token);
  return { context, page };
}

/** The 支部成员 screen's card of the member called `name` (the `nth` one of that name). */
function card(page: Page, name: string, nth = 0): Locator {
  return page
    .getByTestId('roster-member')
    .and(page.locator(`[data-name="${name}"]`))
    .nth(nth);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}-390.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: test.info().outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize(PHONE);
}

test('the secretary runs the roster and party groups; a removed account is signed out, its log kept', async ({
  browser,
  baseURL,
}) => {
  const { branchId, members } = await branchWithMembers('考古研究所第一党支部', {
    secretary: { name: '李建国', role: 'secretary' },
    leader: { name: '陈刚', role: 'member' },
    wang: { name: '王芳', role: 'member' },
    sun: { name: '孙伟', role: 'member' },
  });
  // Two invites redeemed under one name: two people, told apart by joined date and devices.
  const redeem = async () => {
    const res = await fetch(new URL('/api/redeem', baseURL), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: await invite(branchId, 'member'), name: '张晓红' }),
    });
    return (await res.json()) as { token: string; userId: string };
  };
  const first = await redeem();
  const second = await redeem();
  // The first 张晓红 is also signed in on a second phone.
  await admin('token', '--user', first.userId);

  // The second 张晓红 keeps a study log open on her phone.
  const her = await phone(browser, baseURL, second.token);
  const herStudy = new StudyPage(her.page);
  await herStudy.addEntry('学习《中国共产党纪律处分条例》');
  await herStudy.expectSyncState('synced');

  const { context, page } = await phone(browser, baseURL, members.secretary.token);
  try {
    await page.goto('/account');
    await page.getByRole('link', { name: '支部成员和党小组' }).click();
    await expect(page).toHaveURL(/\/members$/);
    await expect(page.getByRole('heading', { name: '党员名单（6人）' })).toBeVisible();

    // A group with its leader.
    await page.getByRole('textbox', { name: '党小组名称' }).fill('第一党小组');
    await page.locator('#new-group-leader').selectOption({ label: '陈刚' });
    await page.getByRole('button', { name: '新建党小组' }).click();
    const group = page.getByTestId('party-group').and(page.locator('[data-name="第一党小组"]'));
    await expect(group).toContainText('组长：陈刚');
    await expect(group.getByTestId('group-member')).toHaveText(['陈刚']);

    // Move 王芳 into it, from her card.
    await card(page, '王芳').getByRole('button', { name: '管理' }).click();
    await card(page, '王芳')
      .getByRole('combobox', { name: '党小组' })
      .selectOption({ label: '第一党小组' });
    await card(page, '王芳').getByRole('button', { name: '保存修改' }).click();
    await expect(card(page, '王芳').getByRole('status')).toHaveText('已保存。');
    await expect(group.getByTestId('group-member')).toHaveText(['陈刚', '王芳']);
    await expect(card(page, '王芳')).toContainText('党员 · 第一党小组');
    await group.getByRole('button', { name: '管理' }).click();
    await expect(group.getByRole('button', { name: '移出小组' })).toHaveCount(2);
    await shoot(page, 'members-group-manage');
    await group.getByRole('button', { name: '收起' }).click();

    // Rename 孙伟.
    await card(page, '孙伟').getByRole('button', { name: '管理' }).click();
    await card(page, '孙伟').getByRole('textbox', { name: '姓名' }).fill('孙卫东');
    await card(page, '孙伟').getByRole('button', { name: '保存修改' }).click();
    await expect(card(page, '孙卫东')).toBeVisible();
    await card(page, '孙卫东').getByRole('button', { name: '收起' }).click();

    // The last secretary cannot step down: one sentence says why.
    await card(page, '李建国').getByRole('button', { name: '管理' }).click();
    await card(page, '李建国').getByRole('radio', { name: '党员' }).check();
    await card(page, '李建国').getByRole('button', { name: '保存修改' }).click();
    await expect(card(page, '李建国').getByRole('alert').first()).toHaveText(
      '支部至少要有一位书记：请先让另一位同志担任书记。',
    );
    await card(page, '李建国').getByRole('button', { name: '收起' }).click();

    // The two 张晓红: apart by devices signed in (and joined date), both marked 同名.
    const pair = page.getByTestId('roster-member').and(page.locator('[data-name="张晓红"]'));
    await expect(pair).toHaveCount(2);
    await expect(pair.getByText('同名')).toHaveCount(2);
    const lines = await pair.getByTestId('member-tell-apart').allTextContents();
    expect(lines.map((l) => /(\d)台设备已登录/.exec(l)?.[1]).sort()).toEqual(['1', '2']);
    await expect(pair.getByTestId('member-tell-apart').first()).toContainText('加入');
    await shoot(page, 'members-secretary');

    // Remove the one signed in on one device: her records stay, she is signed out at once.
    const one = pair.filter({ hasText: '1台设备已登录' });
    await one.getByRole('button', { name: '管理' }).click();
    await one.getByRole('button', { name: '移出支部' }).click();
    await expect(one.getByRole('alertdialog')).toContainText(
      '确定把张晓红移出考古研究所第一党支部吗？',
    );
    await expect(one.getByRole('alertdialog')).toContainText('学习记录和讲稿会保留在支部');
    await shoot(page, 'members-remove-confirm');
    await one.getByRole('button', { name: '确定移出' }).click();
    await expect(pair).toHaveCount(1);
    await expect(pair).toContainText('2台设备已登录');
    await expect(page.getByTestId('removed-member')).toContainText('张晓红');
    await expect(her.page.getByRole('alert').filter({ hasText: '登录已失效' })).toBeVisible();
    await shoot(her.page, 'removed-member-signed-out');

    // Her log stays with the branch: in the 支部学时 table, marked 已移出.
    await page.goto('/study/branch');
    const table = page.getByTestId('branch-table');
    await expect(table).toContainText(/张晓红\s*（已移出）/);
    await expect(table.getByRole('row').filter({ hasText: '已移出' })).not.toContainText('—');
    // And in its Excel export: her hour is there, under her name marked 已移出.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 Excel' }).click();
    const sheet = readXlsxRows(await readFile(await (await download).path()));
    expect(sheet.find((row) => row[0] === '张晓红（已移出）')).toEqual([
      '张晓红（已移出）',
      '党员',
      1,
      1,
      32,
    ]);
    expect(sheet.filter((row) => row[0] === '张晓红')).toHaveLength(1);

    // Offline the roster still reads; a change says in one sentence that it needs the server.
    await page.goto('/members');
    await expect(card(page, '王芳')).toBeVisible();
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await card(page, '王芳').getByRole('button', { name: '管理' }).click();
    await card(page, '王芳')
      .getByRole('combobox', { name: '党小组' })
      .selectOption({ label: '不在党小组' });
    await card(page, '王芳').getByRole('button', { name: '保存修改' }).click();
    await expect(card(page, '王芳').getByRole('alert').first()).toHaveText(
      '没有连上服务器：修改成员和党小组需要联网，请联网后再试。',
    );
    await context.setOffline(false);
  } finally {
    await context.close();
    await her.context.close();
  }

  // The group leader sees his group's members; a plain member the groups' names and leaders.
  const lead = await phone(browser, baseURL, members.leader.token);
  try {
    await lead.page.goto('/members');
    const group = lead.page
      .getByTestId('party-group')
      .and(lead.page.locator('[data-name="第一党小组"]'));
    await expect(group.getByTestId('group-member')).toHaveText(['陈刚', '王芳']);
    await expect(group).toContainText('你是这个党小组的组长');
    await expect(lead.page.getByTestId('my-group')).toHaveText('我所在的党小组：第一党小组');
    await expect(lead.page.getByRole('button', { name: '管理' })).toHaveCount(0);
    await expect(lead.page.getByTestId('member-tell-apart')).toHaveCount(0);
    await shoot(lead.page, 'members-group-leader');
  } finally {
    await lead.context.close();
  }
  const sun = await phone(browser, baseURL, members.sun.token);
  try {
    await sun.page.goto('/members');
    await expect(sun.page.getByTestId('roster-member').first()).toBeVisible();
    await expect(sun.page.getByTestId('my-group')).toHaveText('你还没有分到党小组。');
    await expect(sun.page.getByTestId('group-member')).toHaveCount(0);
    // Offline: the list still reads, and a change would say it needs the server.
    await waitForServiceWorker(sun.page);
    await sun.context.setOffline(true);
    await sun.page.reload();
    await expect(sun.page.getByTestId('roster-member').filter({ hasText: '孙卫东' })).toBeVisible();
    await expect(sun.page.getByTestId('roster-offline')).toHaveText(
      '离线：显示的是上次获取的名单；修改成员和党小组需要联网。',
    );
    await shoot(sun.page, 'members-offline');
  } finally {
    await sun.context.close();
  }
});
