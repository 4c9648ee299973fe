import type { Browser, Page } from '@playwright/test';
import { invite } from '../admin.ts';
import { expect, test } from '../fixtures.ts';
import { branchWithMembers } from '../journeys.ts';
import { SignInPage } from '../page-models/signin-page.ts';
import { StudyPage } from '../page-models/study-page.ts';

/**
 * Issue 14, item 6, at phone size: a member renames herself, shows a sign-in code, a second
 * device signs in with it by its link and a third by typing it; all are listed on her account
 * page, and the first signs the second out — which is told so and stops syncing, while the
 * others go on.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots';

const ANDROID =
  'Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

async function phone(browser: Browser, baseURL: string | undefined, userAgent?: string) {
  const context = await browser.newContext({
    baseURL,
    viewport: PHONE,
    locale: 'zh-CN',
    ...(userAgent ? { userAgent } : {}),
  });
  return { context, page: await context.newPage() };
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

test('my account: a new name, a second and third device by code, and signing one out', async ({
  browser,
  baseURL,
}) => {
  const { branchId, members } = await branchWithMembers('考古研究所第二党支部', {
    secretary: { name: '刘书记', role: 'secretary' },
  });
  // She joins on her Android phone with the branch's invite: that device names itself.
  const first = await phone(browser, baseURL, ANDROID);
  await new SignInPage(first.page).signInWithInvite(await invite(branchId, 'member'), '陈秀兰');
  const study = new StudyPage(first.page);
  await study.addEntry('学习新修订的《中国共产党纪律处分条例》');
  await study.expectSyncState('synced');

  // A new name: saved on the server, so her branch's roster shows it.
  await first.page.goto('/account');
  const page = first.page;
  await expect(page.getByTestId('account-name')).toHaveText('陈秀兰');
  await page.getByRole('button', { name: '修改' }).click();
  await page.getByRole('textbox', { name: '姓名' }).fill('陈秀英');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('account-name')).toHaveText('陈秀英');
  const roster = await fetch(`${baseURL}/api/branches/${branchId}/members`, {
    headers: { Authorization: `Bearer ${members.secretary.token}` },
  });
  expect(((await roster.json()) as { members: { name: string }[] }).members).toContainEqual(
    expect.objectContaining({ name: '陈秀英' }),
  );
  await page.reload();
  await expect(page.getByTestId('account-name')).toHaveText('陈秀英');

  const devices = page.getByTestId('device');
  await expect(devices).toHaveCount(1);
  await expect(devices.first()).toContainText('Android 手机 · Chrome');
  await expect(devices.first()).toContainText('本机');
  await expect(devices.first()).toContainText(/最近使用：(刚刚|今天 \d\d:\d\d)/);

  // A sign-in code for another device: 4+4 characters, its link and QR, a countdown.
  await page.getByRole('button', { name: '显示登录码' }).click();
  const code = (await page.getByTestId('sign-in-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const link = (await page.getByTestId('sign-in-link').getAttribute('href')) ?? '';
  expect(link).toBe(`${baseURL}/signin#${code}`);
  await expect(page.getByRole('img', { name: /扫码登录/ })).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/^(10:00|9:[0-5]\d) 后失效$/);
  await shoot(page, 'account-sign-in-code');

  // Her iPhone opens the link (as the QR code would): the code is filled in, and leaves the URL.
  const second = await phone(browser, baseURL, IPHONE);
  await second.page.goto(link);
  const secondSignIn = new SignInPage(second.page);
  await expect(secondSignIn.credential).toHaveValue(code);
  await expect(second.page).toHaveURL(`${baseURL}/signin`);
  // No name to give: the code signs in her existing account.
  await expect(secondSignIn.name).toHaveCount(0);
  await shoot(second.page, 'signin-with-code');
  await secondSignIn.submit();
  await expect(second.page).toHaveURL(/\/study$/);
  const secondStudy = new StudyPage(second.page);
  await expect(secondStudy.entry('学习新修订的《中国共产党纪律处分条例》')).toBeVisible();
  await secondStudy.expectSyncState('synced');

  // The code was one-time: a third device typing it is refused; a new code, typed, works.
  const third = await phone(browser, baseURL);
  const thirdSignIn = new SignInPage(third.page);
  await thirdSignIn.goto();
  await thirdSignIn.credential.fill(code);
  await thirdSignIn.submit();
  await expect(thirdSignIn.error).toHaveText('邀请码或登录码无效、已被使用或已过期。');
  await page.getByRole('button', { name: '换一个登录码' }).click();
  await expect(page.getByTestId('sign-in-code')).not.toHaveText(code);
  const typed = (await page.getByTestId('sign-in-code').textContent())?.trim() ?? '';
  await thirdSignIn.credential.fill(typed.replace('-', ' ').toLowerCase());
  await thirdSignIn.submit();
  await expect(third.page).toHaveURL(/\/study$/);

  // Back on the first phone: all three devices, this one marked 本机.
  await page.getByRole('button', { name: '完成' }).click();
  await expect(devices).toHaveCount(3);
  await expect(devices.nth(0)).toContainText('本机');
  await expect(devices.nth(1)).toContainText('iPhone · Safari');
  await expect(devices.nth(2)).toContainText('Linux 电脑 · Chrome');
  // No id of anyone or anything on the account page.
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).not.toMatch(/\bd[0-9a-f]{16}\b/);
  expect(text).not.toContain(branchId);
  await shoot(page, 'account-devices');
  // The office computer gets a name she will recognise.
  await devices.nth(2).getByRole('button', { name: '改名' }).click();
  await page.getByRole('textbox', { name: '设备名称' }).fill('办公室电脑');
  await shoot(page, 'account-device-rename');
  await devices.nth(2).getByRole('button', { name: '保存' }).click();
  await expect(devices.nth(2)).toContainText('办公室电脑');

  // She signs the iPhone out, after a confirmation.
  await devices.nth(1).getByRole('button', { name: '退出该设备' }).click();
  await expect(devices.nth(1)).toContainText('确认让“iPhone · Safari”退出登录？');
  await shoot(page, 'account-device-confirm');
  await devices.nth(1).getByRole('button', { name: '确认退出该设备' }).click();
  await expect(page.getByText('“iPhone · Safari”已退出登录。')).toBeVisible();
  await expect(devices).toHaveCount(2);

  // The iPhone is told, keeps what it has, and stops syncing; the others go on.
  const notice = second.page.getByRole('alert').filter({ hasText: '登录已失效' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('在你的另一台设备上让它退出');
  await shoot(second.page, 'signed-out-elsewhere');
  // Refused for good: no sync state to show, and no knocking again, not even after a reload.
  await expect(secondStudy.syncIndicator).toHaveCount(0);
  const sockets: string[] = [];
  second.page.on('websocket', (socket) => sockets.push(socket.url()));
  await second.page.reload();
  await secondStudy.addEntry('在 iPhone 上记下的一条');
  await expect(secondStudy.entry('学习新修订的《中国共产党纪律处分条例》')).toBeVisible();
  await secondStudy.expectSyncState('device');
  await study.goto();
  await study.addEntry('在 Android 手机上记下的一条');
  await study.expectSyncState('synced');
  const thirdStudy = new StudyPage(third.page);
  await expect(thirdStudy.entry('在 Android 手机上记下的一条')).toBeVisible();
  await expect(thirdStudy.entry('在 iPhone 上记下的一条')).toHaveCount(0);
  expect(sockets).toEqual([]);

  // Offline, the account page says in one sentence what needs the network.
  await first.context.setOffline(true);
  await page.getByRole('link', { name: /^账号：陈秀英/ }).click();
  await expect(page.getByText('需要联网才能查看已登录的设备。')).toBeVisible();
  await page.getByRole('button', { name: '显示登录码' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '需要联网才能操作' })).toHaveText(
    '需要联网才能操作，请联网后再试。',
  );
  await shoot(page, 'account-offline');
  await first.context.setOffline(false);

  for (const device of [first, second, third]) await device.context.close();
});
