import { expect, test } from '../fixtures.ts';
import { pairedBranches, signedInContext } from '../journeys.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';

test('the discipline member checks the budget; other committee members see who does', async ({
  browser,
  baseURL,
}) => {
  const [office] = await pairedBranches(
    [
      '文物局办公室党支部',
      {
        wang: { name: '王芳', role: 'committee' },
        ji: { name: '纪明', role: 'committee', duty: 'discipline' },
      },
    ],
    ['首都博物馆第一党支部', { li: { name: '李强', role: 'committee' } }],
  );
  const a = await signedInContext(browser, baseURL, office.members.wang.token);
  const d = await signedInContext(browser, baseURL, office.members.ji.token);
  try {
    const list = new PlanListPage(a.page);
    await list.goto();
    const id = await list.createPlan();
    await new PlanEditorPage(a.page).theme.fill('重温入党誓词');
    await a.page.getByRole('button', { name: '添加预算' }).click();
    const budget = a.page.getByTestId('budget');
    await budget.getByPlaceholder('项目').fill('纪念品');
    await budget.getByRole('textbox', { name: '金额（元）' }).fill('300');
    await expect(a.page.getByTestId('budget-warning')).toContainText('礼品类支出');
    const check = a.page.getByTestId('budget-check');
    await expect(check).toContainText('预算尚未经纪检委员审核');
    // 王芳 writes the plan but is not the discipline member: no check button for her.
    await expect(check).toContainText('预算由纪检委员审核');
    await expect(check.getByRole('button', { name: '预算审核通过' })).toHaveCount(0);

    const discipline = new PlanEditorPage(d.page);
    await discipline.goto(id);
    const theirs = d.page.getByTestId('budget-check');
    await theirs.getByRole('textbox', { name: '审核意见（可选）' }).fill('纪念品改为学习资料');
    await theirs.getByRole('button', { name: '预算审核通过' }).click();
    await expect(check).toContainText('预算已由 纪明 于');
    await expect(check).toContainText('纪念品改为学习资料');

    // A change after the check makes it stale, for everyone.
    await budget.getByRole('textbox', { name: '金额（元）' }).fill('200');
    await expect(theirs).toContainText('审核后预算有改动');
  } finally {
    await a.context.close();
    await d.context.close();
  }
});
