import { expect, test } from '../fixtures.ts';
import { signedInContext, pairedBranches } from '../journeys.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';

/**
 * Issue 15 item 2: a joint theme day is recorded by each branch on its own — its roster, its
 * attendance — and the joint plan shows each branch's headcount only, never its names.
 */
test('each branch keeps its own record of a joint theme day; the plan shows counts only', async ({
  browser,
  baseURL,
}) => {
  const [office, museum] = await pairedBranches(
    [
      '文物局办公室党支部',
      { wang: { name: '王芳', role: 'committee' }, zhang: { name: '张晓红', role: 'member' } },
    ],
    ['首都博物馆第一党支部', { li: { name: '李强', role: 'committee' } }],
  );
  const a = await signedInContext(browser, baseURL, office.members.wang.token);
  const b = await signedInContext(browser, baseURL, museum.members.li.token);
  try {
    // The roster is kept on the device once the members page has been opened.
    await a.page.goto('/members');
    await expect(a.page.locator('main').getByText('张晓红', { exact: true }).first()).toBeVisible();
    const list = new PlanListPage(a.page);
    await list.goto();
    const id = await list.createPlan();
    const plan = new PlanEditorPage(a.page);
    await plan.theme.fill('走进考古工地，重温入党誓词');
    await a.page.getByRole('textbox', { name: '地点' }).fill('路县故城遗址');
    await plan.expectSynced();

    const card = a.page.getByTestId('joint-day-records');
    await expect(card).toContainText('还没有支部标记活动已召开。');
    await card.getByRole('button', { name: '建立本支部的活动记录' }).click();
    await expect(a.page).toHaveURL(/\/meetings\/[^/]+$/);
    await expect(a.page.getByRole('heading', { level: 1 })).toContainText('主题党日');
    await a.page.getByTestId('from-roster').click();
    await expect(a.page.getByTestId('attendee')).toHaveCount(2);
    await a.page
      .locator('[data-testid="attendee"][data-name="王芳"]')
      .getByRole('button', { name: '出席' })
      .click();
    const absent = a.page.locator('[data-testid="attendee"][data-name="张晓红"]');
    await absent.getByRole('button', { name: '缺席' }).click();
    await a.page.getByTestId('mark-held').click();

    // Back on the plan: the branch's count, and the record to open instead of a second one.
    await a.page.goBack();
    await expect(a.page).toHaveURL(new RegExp(`/plans/${id}$`));
    const count = card.getByTestId('joint-day-count');
    await expect(count).toHaveText(/文物局办公室党支部\s*实到 1 人（应到 2 人）/);
    await expect(card.getByRole('link', { name: '打开本支部的活动记录' })).toBeVisible();
    await expect(card.getByRole('button', { name: '建立本支部的活动记录' })).toHaveCount(0);

    // The paired branch sees the count — not who came — and may start a record of its own.
    await b.page.goto(`/plans/${id}`);
    const cardB = b.page.getByTestId('joint-day-records');
    await expect(cardB.getByTestId('joint-day-count')).toHaveText(
      /文物局办公室党支部\s*实到 1 人（应到 2 人）/,
    );
    await expect(cardB).not.toContainText('张晓红');
    await expect(cardB).not.toContainText('王芳');
    await expect(cardB.getByRole('button', { name: '建立本支部的活动记录' })).toBeVisible();

    // The card on a phone: it fits, and is looked at.
    await b.page.setViewportSize({ width: 390, height: 844 });
    await cardB.scrollIntoViewIfNeeded();
    await cardB.screenshot({ path: 'test-results/joint-day/plan-card-390.png' });
    await b.page.screenshot({ path: 'test-results/joint-day/plan-390.png', fullPage: true });
    expect(
      await b.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
