import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { pairedBranches } from '../journeys.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';
import { SignInPage } from '../page-models/signin-page.ts';
import { StudyPage } from '../page-models/study-page.ts';
import { LessonListPage } from '../page-models/lesson-list-page.ts';
import { LessonEditorPage } from '../page-models/lesson-editor-page.ts';

const PHONE = { width: 360, height: 740 };

/**
 * What does not fit a 360 px phone: an element reaching past the viewport's right edge, and short
 * names (2–4 characters, e.g. 李建国, 支委, 党员) broken over lines inside a table or list.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1)
      problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll<HTMLElement>('main *')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || style.position === 'fixed')
        continue;
      if (el.closest('.sr-only, dialog:not([open]), [hidden]')) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      // Inside a scroll container that is itself within the viewport, overflow is by design.
      let scroller: HTMLElement | null = el.parentElement;
      let scrolls = false;
      while (scroller && scroller !== document.body) {
        const overflowX = getComputedStyle(scroller).overflowX;
        if (overflowX === 'auto' || overflowX === 'scroll') {
          scrolls = true;
          break;
        }
        scroller = scroller.parentElement;
      }
      if (!scrolls && rect.right > width + 1)
        problems.push(
          `${el.tagName.toLowerCase()}.${el.className} reaches ${Math.round(rect.right)}px: “${(el.textContent ?? '').trim().slice(0, 20)}”`,
        );
    }
    const walker = document.createTreeWalker(
      document.querySelector('main') ?? document.body,
      NodeFilter.SHOW_TEXT,
    );
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      if (!/^[\p{Script=Han}]{2,4}$/u.test(text)) continue;
      const parent = node.parentElement;
      if (!parent || parent.closest('.sr-only, [hidden]')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) problems.push(`“${text}” is broken over ${lines.size} lines`);
    }
    return problems;
  });
}

test('every screen fits a 360 px phone: nothing wider than the screen, no name broken', async ({
  browser,
  baseURL,
}) => {
  // Some twenty screens and their forms, each measured element by element: past one minute.
  test.setTimeout(150_000);
  const [{ members }] = await pairedBranches(
    [
      '考古研究所第一党支部',
      {
        secretary: { name: '李建国', role: 'secretary' },
        member: { name: '欧阳晓红', role: 'member' },
        committee: { name: '王芳', role: 'committee' },
      },
    ],
    ['首都博物馆第一党支部', { other: { name: '赵敏', role: 'secretary' } }],
  );
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: PHONE });
  const page = await context.newPage();
  try {
    await page.goto('/signin');
    expect(await layoutProblems(page), '/signin').toEqual([]);
    await new SignInPage(page).signInWithToken(members.secretary.token);
    const study = new StudyPage(page);
    await study.addEntry('学习《中国共产党支部工作条例（试行）》');
    await study.expectSyncState('synced');

    const lessons = new LessonListPage(page);
    await lessons.goto();
    const lessonId = await lessons.create();
    await new LessonEditorPage(page).setMeta('题目', '在考古工地上的一堂微党课');
    const plans = new PlanListPage(page);
    await plans.goto();
    const planId = await plans.createPlan();
    // A meeting record with its attendance listed (the longest part of the record screen).
    await page.goto('/meetings');
    await page.getByRole('button', { name: '新建会议记录' }).click();
    await page.getByRole('button', { name: '新建', exact: true }).click();
    await expect(page).toHaveURL(/\/meetings\/[^/]+$/);
    const meetingId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await expect(async () => {
      await page.getByTestId('from-roster').click();
      await expect(page.getByTestId('attendee')).toHaveCount(3, { timeout: 1000 });
    }).toPass();
    await page.getByTestId('attendee').first().getByRole('button', { name: '缺席' }).click();
    await page.getByRole('button', { name: '添加决议' }).click();
    await page.getByRole('button', { name: '添加议定事项' }).click();
    // An agenda topic and a spending line (item, amount) of the record.
    await page.getByRole('button', { name: '添加议题' }).click();
    await page
      .getByRole('textbox', { name: '第 1 项议题' })
      .fill('传达上级党组织关于加强考古工地党建工作的通知精神');
    await page.getByRole('button', { name: '添加支出' }).click();
    await page.getByRole('textbox', { name: '支出项目' }).fill('学习资料印制');
    await page.getByRole('textbox', { name: '金额（元）' }).fill('1200.50');
    await expect(page.getByTestId('spending-total')).toHaveText('合计 1200.50 元');
    // Held, so the ledger and the binder have its row and its minutes.
    await page.getByTestId('mark-held').click();
    await expect(page.getByTestId('meeting-status')).toHaveText('已召开');

    const screens = [
      '/study',
      '/study/year',
      '/study/print',
      '/study/branch',
      '/study/branch/print',
      `/study/members/${members.member.userId}`,
      '/plans',
      `/plans/${planId}`,
      `/plans/${planId}/print`,
      '/lessons',
      `/lessons/${lessonId}`,
      `/lessons/${lessonId}/print`,
      '/account',
      '/inbox',
      '/members',
      '/plans/pairings',
      '/meetings',
      `/meetings/${meetingId}`,
      '/meetings/ledger',
      '/meetings/report',
      '/meetings/year',
      '/meetings/binder',
      '/meetings/binder/print',
    ];
    for (const path of screens) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      // The branch table fills in as members' logs load.
      if (path === '/study/branch')
        await expect(page.getByTestId('branch-table')).toContainText('欧阳晓红');
      // The binder is built as it opens: look once it is (its ledger, minutes, 学时 table).
      if (path === '/meetings/binder')
        await expect(page.getByTestId('binder-contents')).toContainText('目录');
      if (path === '/meetings/binder/print')
        await expect(page.getByTestId('binder-print')).toContainText('三、党员学时统计');
      expect(await layoutProblems(page), path).toEqual([]);
    }

    // The ledger with a row (added by hand, the committee's form) shown as a card.
    await page.goto('/meetings/ledger');
    await page.getByRole('button', { name: '补记一条活动' }).click();
    expect(await layoutProblems(page), '/meetings/ledger adding a row').toEqual([]);
    const form = page.getByTestId('ledger-add-form');
    await form.getByLabel('主题').fill('纸面记录的支委会：研究发展党员工作');
    await form.getByLabel('主持人').fill('李建国');
    await form.getByLabel('应到人数').fill('3');
    await form.getByLabel('实到人数').fill('3');
    await page.getByRole('button', { name: '加入台账' }).click();
    // The held record's row, and this one.
    await expect(page.getByTestId('ledger-row')).toHaveCount(2);
    expect(await layoutProblems(page), '/meetings/ledger with a row').toEqual([]);
    await page.screenshot({
      path: 'test-results/phone-width/ledger-manual-360.png',
      fullPage: true,
    });

    // The year plan with a fixed day in every month and one item's details open.
    await page.goto('/meetings/year?year=2026');
    await page.getByRole('button', { name: '添加固定安排' }).click();
    expect(await layoutProblems(page), '/meetings/year adding a fixed day').toEqual([]);
    await page.getByRole('button', { name: '排进每个月' }).click();
    const december = page.locator('[data-testid="year-month"][data-month="12"]');
    await december.getByText('详情').click();
    expect(await layoutProblems(page), '/meetings/year with an item open').toEqual([]);

    // My account with a sign-in code shown (big letters, QR, countdown), and renaming a device.
    await page.goto('/account');
    await page.getByRole('button', { name: '显示登录码' }).click();
    await expect(page.getByTestId('sign-in-code')).toBeVisible();
    expect(await layoutProblems(page), '/account with a sign-in code').toEqual([]);
    await page.getByTestId('device').first().getByRole('button', { name: '改名' }).click();
    await expect(page.getByRole('textbox', { name: '设备名称' })).toBeVisible();
    expect(await layoutProblems(page), '/account renaming a device').toEqual([]);
  } finally {
    await context.close();
  }
});
