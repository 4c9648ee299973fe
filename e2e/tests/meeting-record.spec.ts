import type { Browser, Page } from '@playwright/test';
import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { branchWithMembers } from '../journeys.ts';
import { SignInPage } from '../page-models/signin-page.ts';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 800 };
const SHOTS = 'test-results/meeting-record';

/**
 * Issue 15, enter once: the secretary records a 支部党员大会 offline at the camp — attendance and
 * two 学时 of study — marks it held and goes online; every member marked present finds the entry
 * in their own study log without typing it (one entry on two devices), the absent member does not.
 */

async function phone(browser: Browser, baseURL: string | undefined, token: string) {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: PHONE });
  const page = await context.newPage();
  await new SignInPage(page).signInWithToken(token);
  return { context, page };
}

/** A screenshot at phone size, and at desktop size when asked; the page never scrolls sideways. */
async function shoot(page: Page, name: string, desk = false): Promise<void> {
  const fits = () =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  expect(await fits(), `${name} at 390 px`).toBe(true);
  if (!desk) return;
  await page.setViewportSize(DESK);
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize(PHONE);
}

/** The member's /study once the meeting credits were derived at least once. */
async function studyAfterCredits(page: Page): Promise<void> {
  await page.goto('/study');
  await expect(page.getByTestId('meeting-credits')).not.toHaveAttribute('data-runs', '0');
}

const STUDY = '学习《中国共产党支部工作条例（试行）》';

test('a general meeting recorded offline credits each member present once, the absent one not', async ({
  browser,
  baseURL,
}) => {
  const dig = await branchWithMembers('考古工地临时党支部', {
    zhou: { name: '周洁', role: 'secretary' },
    wang: { name: '王建华', role: 'member' },
    li: { name: '李梅', role: 'member' },
    zhao: { name: '赵刚', role: 'member' },
    sun: { name: '孙丽', role: 'member' },
  });
  const { zhou, wang, li, sun } = dig.members;
  const sec = await phone(browser, baseURL, zhou.token);
  const opened = [sec.context];
  try {
    const page = sec.page;
    // Online once at the office: the roster is kept on the phone.
    await page.goto('/members');
    await expect(page.locator('main').getByText('孙丽', { exact: true }).first()).toBeVisible();
    await page.goto('/study');
    await page.getByTestId('meetings-link').click();
    await expect(page.getByRole('heading', { name: '会议记录', level: 1 })).toBeVisible();
    await expect(page.getByTestId('meetings-source')).toHaveAttribute('data-source', 'server');
    await waitForServiceWorker(page);

    // At the camp, offline.
    await sec.context.setOffline(true);
    await page.getByRole('button', { name: '新建会议记录' }).click();
    await expect(page.getByLabel('会议类型')).toHaveValue('general');
    await page.getByLabel('日期').fill('2026-11-20');
    await shoot(page, 'new-record', true);
    await page.getByRole('button', { name: '新建', exact: true }).click();
    await expect(page).toHaveURL(/\/meetings\/[^/]+$/);
    const recordUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('heading', { level: 1 })).toContainText('支部党员大会');
    await expect(page.getByTestId('outbox-badge')).toHaveText('仅在本设备');

    await page.getByTestId('from-roster').click();
    await expect(page.getByTestId('attendee')).toHaveCount(5);
    // 按名册添加 again lists nobody twice.
    await page.getByTestId('from-roster').click();
    await expect(page.getByTestId('attendee')).toHaveCount(5);
    for (const name of ['周洁', '王建华', '李梅', '赵刚']) {
      await page
        .locator(`[data-testid="attendee"][data-name="${name}"]`)
        .getByRole('button', { name: '出席' })
        .click();
    }
    const absent = page.locator('[data-testid="attendee"][data-name="孙丽"]');
    await absent.getByRole('button', { name: '缺席' }).click();
    await absent.getByLabel('缺席原因').fill('在工地值守');
    await absent.getByLabel('缺席原因').press('Tab');
    await expect(page.getByTestId('headcount')).toHaveText(
      '应到 5 人，出席 4 人，缺席 1 人，请假 0 人',
    );
    await expect(page.getByTestId('quorum')).toHaveText('应到表决权党员 5 人，实到 4 人，超过半数');
    // A guest from the paired museum, listed and taken off again (after a confirmation).
    await page.getByLabel('姓名').fill('王老师');
    await page.getByLabel('单位或支部').fill('首都博物馆第一党支部');
    await page.getByRole('button', { name: '添加列席人员' }).click();
    const guest = page.getByRole('listitem').filter({ hasText: '王老师（首都博物馆第一党支部）' });
    await expect(guest).toBeVisible();
    await guest.getByRole('button', { name: '删除' }).click();
    await page
      .getByRole('alertdialog', { name: '确定删除这一条吗？' })
      .getByRole('button', { name: '删除' })
      .click();
    await expect(guest).toBeHidden();
    // The attendance as the secretary sees it on her phone.
    await page.getByTestId('headcount').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/attendance-390.png` });
    await page.getByLabel('学习题目').fill(STUDY);
    await page.getByLabel('学习题目').press('Tab');
    await page.getByTestId('study-credit').fill('2');
    await page.getByTestId('study-credit').press('Tab');
    await page.getByLabel('地点').fill('考古工地项目部');
    await page.getByLabel('地点').press('Tab');
    await page.getByTestId('mark-held').click();
    await expect(page.getByTestId('meeting-status')).toHaveText('已召开');
    await shoot(page, 'record-held', true);

    await page.getByRole('link', { name: '← 会议记录' }).click();
    const item = page.getByTestId('meeting-item');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('支部党员大会');
    await expect(item).toContainText('2026年11月20日');
    await expect(item).toContainText('已召开');
    await expect(item).toContainText('仅在本设备');
    await shoot(page, 'list-offline', true);

    // Back online: registered without anyone doing anything.
    await sec.context.setOffline(false);
    await expect(item.getByTestId('outbox-badge')).toBeHidden();

    // Each present member's log shows the 2 学时, typed by nobody: 王建华 on two devices.
    const wang1 = await phone(browser, baseURL, wang.token);
    opened.push(wang1.context);
    await studyAfterCredits(wang1.page);
    const entry = (p: Page) =>
      p.getByTestId('study-list').getByRole('listitem').filter({ hasText: STUDY });
    await expect(entry(wang1.page)).toHaveCount(1);
    await expect(entry(wang1.page)).toContainText('2 学时');
    await expect(entry(wang1.page).getByTestId('entry-from-meeting')).toHaveText(
      '来自：2026年11月支部党员大会',
    );
    await shoot(wang1.page, 'member-study', true);

    const wang2 = await phone(browser, baseURL, wang.token);
    opened.push(wang2.context);
    await studyAfterCredits(wang2.page);
    await expect(entry(wang2.page)).toHaveCount(1);
    await wang1.page.reload();
    await expect(entry(wang1.page)).toHaveCount(1);
    await expect(wang1.page.getByTestId('study-list').getByRole('listitem')).toHaveCount(1);

    // The entry leads to the record, which the member may read but not change.
    await entry(wang1.page).getByTestId('entry-from-meeting').click();
    await expect(wang1.page).toHaveURL(recordUrl);
    await expect(wang1.page.getByTestId('meeting-read-only')).toBeVisible();
    await expect(wang1.page.getByTestId('mark-held')).toBeHidden();

    const liPhone = await phone(browser, baseURL, li.token);
    opened.push(liPhone.context);
    await studyAfterCredits(liPhone.page);
    await expect(entry(liPhone.page)).toHaveCount(1);
    // 李梅 was not there for the study part after all: she declines it like any entry, and it
    // stays declined when the app opens again.
    await entry(liPhone.page).locator('a').first().click();
    await liPhone.page.getByRole('button', { name: '删除这条记录' }).click();
    await expect(liPhone.page).toHaveURL(/\/study$/);
    await expect(entry(liPhone.page)).toHaveCount(0);
    await studyAfterCredits(liPhone.page);
    await expect(liPhone.page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced');
    await expect(entry(liPhone.page)).toHaveCount(0);

    // The absent member: the record reached her device, and gave her nothing.
    const sunPhone = await phone(browser, baseURL, sun.token);
    opened.push(sunPhone.context);
    await sunPhone.page.goto(recordUrl);
    await expect(sunPhone.page.getByTestId('meeting-status')).toHaveText('已召开');
    await studyAfterCredits(sunPhone.page);
    await expect(sunPhone.page.getByTestId('study-list').getByRole('listitem')).toHaveCount(0);

    // The secretary was present too: her own log has it.
    await studyAfterCredits(page);
    await expect(entry(page)).toHaveCount(1);
  } finally {
    for (const context of opened) await context.close();
  }
});
