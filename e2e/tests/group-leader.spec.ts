import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { StudyPage } from '../page-models/study-page.ts';

const PHONE = { width: 390, height: 844 };
const SHOTS = 'test-results/leader';

/**
 * Issue 15, a party group's leader (党小组长) reads her group's logs (DOMAIN.md: "own group's
 * attendance and logs"): the secretary makes a member the leader of a new group and moves two
 * members into it; on /study the leader sees 本小组学习记录 — her group's members by name with
 * this year's 学时, never by hours — and opens a member's log read-only. A plain member sees no
 * such section, and the leader no branch table.
 */

const phone = (browser: Browser, baseURL: string | undefined, token: string) =>
  signedInContext(browser, baseURL, token, PHONE);

/** The 支部成员 screen's card of the member called `name`. */
function card(page: Page, name: string): Locator {
  return page.getByTestId('roster-member').and(page.locator(`[data-name="${name}"]`));
}

/**
 * The section at 390 px wide, on a screen tall enough that the fixed bottom bar does not cover
 * it, and the whole page; the page never scrolls sideways, at 390 px nor at 360.
 */
async function shootSection(page: Page, section: Locator, name: string): Promise<void> {
  await page.setViewportSize({ width: PHONE.width, height: 1600 });
  await section.screenshot({ path: `${SHOTS}/${name}-390.png` });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `${SHOTS}/${name}-page-390.png`, fullPage: true });
  const fits = await page.evaluate(
    () => document.documentElement.scrollWidth <= window.innerWidth + 1,
  );
  expect(fits, `${name} at 390 px`).toBe(true);
  await page.setViewportSize({ width: 360, height: PHONE.height });
  const fitsNarrow = await page.evaluate(
    () => document.documentElement.scrollWidth <= window.innerWidth + 1,
  );
  expect(fitsNarrow, `${name} at 360 px`).toBe(true);
  await page.setViewportSize(PHONE);
}

/** /study once the branch's party groups came from the server (so an absent section is absent). */
async function studyWithGroups(page: Page): Promise<void> {
  await page.goto('/study');
  await expect(page.getByTestId('group-study-status')).toHaveAttribute('data-status', 'ready');
}

test('a group leader reads her group members’ hours and logs read-only; a plain member sees none', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('自然博物馆第二党支部', {
    secretary: { name: '李建国', role: 'secretary' },
    leader: { name: '陈刚', role: 'member' },
    wang: { name: '王芳', role: 'member' },
    an: { name: '安然', role: 'member' },
    sun: { name: '孙伟', role: 'member' },
  });
  const opened: { close(): Promise<void> }[] = [];
  try {
    // Two group members keep their logs: 王芳 a full day of group study, 安然 one hour.
    const wang = await phone(browser, baseURL, members.wang.token);
    opened.push(wang.context);
    const wangStudy = new StudyPage(wang.page);
    await wangStudy.addEntry('参观中国共产党历史展览馆', { duration: '全天', form: '参观见学' });
    await wangStudy.expectSyncState('synced');
    const an = await phone(browser, baseURL, members.an.token);
    opened.push(an.context);
    const anStudy = new StudyPage(an.page);
    await anStudy.addEntry('学习党章第一章', { duration: '1小时', form: '集中学习' });
    await anStudy.expectSyncState('synced');

    // The secretary forms 第一党小组 with 陈刚 as its leader and moves 王芳 and 安然 into it.
    const sec = await phone(browser, baseURL, members.secretary.token);
    opened.push(sec.context);
    await sec.page.goto('/members');
    await sec.page.getByRole('textbox', { name: '党小组名称' }).fill('第一党小组');
    await sec.page.locator('#new-group-leader').selectOption({ label: '陈刚' });
    await sec.page.getByRole('button', { name: '新建党小组' }).click();
    const group = sec.page
      .getByTestId('party-group')
      .and(sec.page.locator('[data-name="第一党小组"]'));
    await expect(group).toContainText('组长：陈刚');
    for (const name of ['王芳', '安然']) {
      await card(sec.page, name).getByRole('button', { name: '管理' }).click();
      await card(sec.page, name)
        .getByRole('combobox', { name: '党小组' })
        .selectOption({ label: '第一党小组' });
      await card(sec.page, name).getByRole('button', { name: '保存修改' }).click();
      await expect(card(sec.page, name).getByRole('status')).toHaveText('已保存。');
      await card(sec.page, name).getByRole('button', { name: '收起' }).click();
    }
    await expect(group.getByTestId('group-member')).toHaveText(['陈刚', '王芳', '安然']);

    // The leader's /study: her group by name (安然, 陈刚, 王芳), not by hours (王芳 has most).
    const lead = await phone(browser, baseURL, members.leader.token);
    opened.push(lead.context);
    await studyWithGroups(lead.page);
    const section = lead.page.getByTestId('group-study');
    await expect(section.getByRole('heading', { name: '本小组学习记录' })).toBeVisible();
    await expect(section).toContainText('你是第一党小组的组长');
    const table = section.getByTestId('group-table');
    const year = new Date().getFullYear();
    await expect(table.locator('caption')).toHaveText(`${year}年度第一党小组学时`);
    await expect(table.locator('thead th')).toHaveText(['姓名', '计入要求学时', '全部学时']);
    await expect(table.locator('tbody th')).toHaveText(['安然', '陈刚', '王芳']);
    const row = (name: string) =>
      table.getByRole('row').filter({ has: lead.page.getByRole('rowheader', { name }) });
    await expect(row('王芳').getByRole('cell')).toHaveText(['8', '8']);
    await expect(row('安然').getByRole('cell')).toHaveText(['1', '1']);
    await expect(row('陈刚').getByRole('cell')).toHaveText(['0', '0']);
    // Nobody outside her group is listed, and the branch's table is not hers.
    await expect(section).not.toContainText('孙伟');
    await expect(section).not.toContainText('李建国');
    await expect(lead.page.getByRole('link', { name: '支部学时' })).toBeHidden();
    await shootSection(lead.page, section, 'group-study');

    // 王芳's log opens read-only: her entry is there, nothing offers a change.
    await table.getByRole('link', { name: '查看王芳的学习记录' }).click();
    await expect(lead.page.getByRole('heading', { name: '王芳的学习记录' })).toBeVisible();
    await expect(lead.page.getByText('参观中国共产党历史展览馆')).toBeVisible();
    await expect(lead.page.getByText(/只读/)).toBeVisible();
    await expect(lead.page.getByRole('textbox')).toHaveCount(0);
    await expect(lead.page.getByRole('button', { name: '保存' })).toHaveCount(0);
    await expect(lead.page.getByTestId('study-list').getByRole('link')).toHaveCount(0);
    await expect(lead.page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced');
    await lead.page.screenshot({ path: `${SHOTS}/group-member-log-390.png`, fullPage: true });
    await lead.page.getByRole('link', { name: '返回本小组学习记录' }).click();
    await expect(section).toBeVisible();

    // A plain member, in no group: no such section on her /study.
    const sun = await phone(browser, baseURL, members.sun.token);
    opened.push(sun.context);
    await studyWithGroups(sun.page);
    await expect(sun.page.getByTestId('year-totals')).toBeVisible();
    await expect(sun.page.getByTestId('group-study')).toHaveCount(0);
    await expect(sun.page.getByText('本小组学习记录')).toHaveCount(0);
    // Nor for a member of the group who does not lead it.
    await studyWithGroups(wang.page);
    await expect(wang.page.getByTestId('year-totals')).toBeVisible();
    await expect(wang.page.getByTestId('group-study')).toHaveCount(0);
  } finally {
    for (const context of opened) await context.close();
  }
});
