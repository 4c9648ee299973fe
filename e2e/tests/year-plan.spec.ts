import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';

const PHONE = { width: 390, height: 844 };
const SHOTS = 'test-results/year-plan';

/**
 * Issue 16, the branch's year: the secretary drafts the 2026 plan on her phone — the theme day on
 * a fixed day by rule (每月第一个周二) and the party groups hosting it in turn, one month changed
 * by hand — and approves it; a plain member opens it read-only and finds December's computed
 * date and the months her group hosts.
 */

/** A full-page screenshot at phone size; the page never scrolls sideways. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    `${name} at 390 px`,
  ).toBe(true);
}

async function api(baseURL: string, token: string, method: string, path: string, body: object) {
  const response = await fetch(`${baseURL}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok, `${method} ${path}`).toBe(true);
  return (await response.json()) as unknown;
}

test('the committee drafts and approves the year; a member reads her group’s months and December’s date', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { branchId, members } = await branchWithMembers('考古研究所第一党支部', {
    zhou: { name: '周洁', role: 'secretary' },
    wang: { name: '王建华', role: 'member' },
    zhao: { name: '赵刚', role: 'member' },
    sun: { name: '孙丽', role: 'member' },
    li: { name: '李梅', role: 'member' },
  });
  const { zhou, wang, zhao, sun, li } = members;
  // The party groups, as the secretary formed them on /members: each leader is in their group,
  // and 李梅 is in the second.
  const groupIds: string[] = [];
  for (const [name, leader] of [
    ['第一党小组', wang],
    ['第二党小组', zhao],
    ['第三党小组', sun],
  ] as const) {
    const answer = (await api(
      baseURL ?? '',
      zhou.token,
      'POST',
      `/api/branches/${branchId}/groups`,
      {
        name,
        leaderId: leader.userId,
      },
    )) as { groups: { id: string; name: string }[] };
    groupIds.push(answer.groups.find((g) => g.name === name)?.id ?? '');
  }
  await api(baseURL ?? '', zhou.token, 'PATCH', `/api/branches/${branchId}/members/${li.userId}`, {
    groupId: groupIds[1],
  });

  const sec = await signedInContext(browser, baseURL, zhou.token, PHONE);
  const opened = [sec.context];
  try {
    const page = sec.page;
    await page.goto('/meetings');
    await page.getByTestId('year-plan-link').click();
    await expect(page).toHaveURL(/\/meetings\/year$/);
    await page.goto('/meetings/year?year=2026');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('2026年支部工作计划');
    await expect(page.getByTestId('year-status')).toHaveAttribute('data-status', 'draft');

    // The fixed day: the theme day on the first Tuesday of every month.
    await page.getByRole('button', { name: '添加固定安排' }).click();
    const form = page.getByTestId('fixed-day-form');
    await form.getByLabel('类型').selectOption({ label: '主题党日' });
    await form.getByLabel('名称').fill('主题党日');
    await form.getByLabel('规则').selectOption({ label: '每月第几个星期几' });
    await form.getByLabel('第几个').selectOption({ label: '第一个' });
    await form.getByLabel('星期').selectOption({ label: '周二' });
    await shoot(page, 'fixed-day-form');
    await form.getByRole('button', { name: '排进每个月' }).click();
    await expect(page.getByTestId('fixed-day')).toHaveText(/主题党日\s*每月第一个周二 · 12个月/);
    const december = page.locator('[data-testid="year-month"][data-month="12"]');
    await expect(december.getByTestId('year-item-dates')).toHaveText(
      '每月第一个周二：12月1日 周二',
    );
    const january = page.locator('[data-testid="year-month"][data-month="1"]');
    await expect(january.getByTestId('year-item-dates')).toHaveText('每月第一个周二：1月6日 周二');

    // The groups host it in turn from January; December is given to the second group by hand.
    const hosting = page.getByTestId('rota-host');
    for (const name of ['第一党小组', '第二党小组', '第三党小组']) {
      await hosting.getByLabel('加入轮值的党小组').selectOption({ label: name });
      await hosting.getByRole('button', { name: '加入' }).click();
    }
    await expect(hosting.getByTestId('rota-entry')).toHaveText([
      /第一党小组\s*1月、4月、7月、10月/,
      /第二党小组\s*2月、5月、8月、11月/,
      /第三党小组\s*3月、6月、9月、12月/,
    ]);
    await december
      .getByTestId('turn-host')
      .getByLabel('承办')
      .selectOption({ label: '第二党小组' });
    await expect(hosting.getByTestId('rota-entry').nth(1)).toContainText(
      '2月、5月、8月、11月、12月',
    );

    // October's falls in the National Day week: moved by hand to the next Tuesday.
    const october = page.locator('[data-testid="year-month"][data-month="10"]');
    await october.getByText('详情').click();
    await october.getByLabel('10月6日 周二改到').fill('2026-10-13');
    await expect(october.getByTestId('year-item-dates')).toHaveText(
      '每月第一个周二：10月13日 周二（原定10月6日）',
    );
    await october.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/item-details-390.png` });

    // The first quarter's focus, typed into the shared text.
    await page.getByLabel('本季度重点').first().fill('结合学习两会精神，突出理论学习');
    await shoot(page, 'secretary-draft');

    await page.getByRole('button', { name: '批准', exact: true }).click();
    await expect(page.getByTestId('year-status')).toHaveAttribute('data-status', 'approved');
    await expect(page.getByTestId('year-approved')).toContainText('周洁于');
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced');

    // 李梅, a plain member of the second group, on her phone.
    const member = await signedInContext(browser, baseURL, li.token, PHONE);
    opened.push(member.context);
    const mine = member.page;
    await mine.goto('/meetings/year?year=2026');
    await expect(mine.getByTestId('year-status')).toHaveAttribute('data-status', 'approved');
    await expect(mine.getByTestId('year-read-only')).toBeVisible();
    await expect(mine.getByRole('button', { name: '批准', exact: true })).toHaveCount(0);
    await expect(mine.getByRole('button', { name: '添加固定安排' })).toHaveCount(0);
    const herDecember = mine.locator('[data-testid="year-month"][data-month="12"]');
    await expect(herDecember.getByTestId('year-item-dates')).toHaveText(
      '每月第一个周二：12月1日 周二',
    );
    await expect(mine.getByTestId('my-hosting')).toHaveText(
      '第二党小组承办主题党日：2月、5月、8月、11月、12月',
    );
    await expect(herDecember.getByTestId('turn-host')).toHaveText('承办：第二党小组（我的党小组）');
    await expect(mine.getByText('本季度重点：结合学习两会精神，突出理论学习')).toBeVisible();
    await expect(
      mine.locator('[data-testid="year-month"][data-month="10"]').getByTestId('year-item-dates'),
    ).toHaveText('每月第一个周二：10月13日 周二（原定10月6日）');
    await expect(mine.getByRole('textbox')).toHaveCount(0);
    await shoot(mine, 'member-read-only');
  } finally {
    for (const context of opened) await context.close();
  }
});
