import { expect, test } from '../fixtures.ts';
import { signedInContext, pairedBranches } from '../journeys.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';

function monthAfter(month: string): string {
  const [y = 0, m = 0] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

test('after the day, open agreed items carry into next month’s plan', async ({
  browser,
  baseURL,
}) => {
  const [office] = await pairedBranches(
    ['文物局办公室党支部', { wang: { name: '王芳', role: 'secretary' } }],
    ['首都博物馆第一党支部', { li: { name: '李强', role: 'committee' } }],
  );
  const { context, page } = await signedInContext(browser, baseURL, office.members.wang.token);
  try {
    const now = new Date();
    const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    const list = new PlanListPage(page);
    await list.goto();
    const id = await list.createPlan(month);
    const plan = new PlanEditorPage(page);
    await plan.theme.fill('本月主题党日');
    // Only the allowed steps are offered: draft → agreed → held.
    await expect(page.getByRole('button', { name: '活动已举行' })).toHaveCount(0);
    await plan.setStatus('各支部已商定');
    await plan.setStatus('活动已举行');
    await expect(page.getByTestId('plan-status')).toHaveText('已举行');
    await plan.addAgreedItem('整理学习心得，汇编成册', '张明');
    await plan.addAgreedItem('联系考古队安排下次讲解', '李强');
    await plan.agreedItems.nth(1).getByRole('combobox', { name: '状态' }).selectOption('done');
    await plan.expectSynced();

    await list.goto();
    const next = await list.createPlan(monthAfter(month));
    await new PlanEditorPage(page).theme.fill('下月主题党日');
    await plan.expectSynced();

    await plan.goto(id);
    await page.getByRole('button', { name: '把未完成事项转入下月方案' }).click();
    await expect(page.getByText('已转入 1 项；0 项之前已转入。')).toBeVisible();

    await plan.goto(next);
    await expect(page.getByText('活动举行后填写总结和议定事项。')).toBeVisible();
    await expect(plan.agreedItems).toHaveCount(1);
    await expect(plan.agreedItems.first().getByRole('textbox', { name: '事项' })).toHaveValue(
      '整理学习心得，汇编成册',
    );
    await expect(plan.agreedItems.first()).toContainText('从上月方案转入');
  } finally {
    await context.close();
  }
});
