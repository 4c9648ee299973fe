import { expect, test } from '../fixtures.ts';
import { pairedBranches, signedInContext } from '../journeys.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';

/**
 * Issue 15 item 4, the ledger (台账): a joint plan marked 活动已举行 that no record links is its
 * own row — numbered with the year's other rows, with its date, kind, theme and agenda — entered
 * by nobody. A plain member reads the ledger the committee keeps, with nothing to add or remove,
 * and the monthly report, which the committee makes, tells her so in one sentence.
 */
test('a held joint plan is a numbered ledger row; a plain member reads the ledger, the report is not hers', async ({
  browser,
  baseURL,
}) => {
  const [office] = await pairedBranches(
    [
      '文物局办公室党支部',
      { wang: { name: '王芳', role: 'secretary' }, zhang: { name: '张晓红', role: 'member' } },
    ],
    ['首都博物馆第一党支部', { li: { name: '李强', role: 'committee' } }],
  );
  const year = new Date().getFullYear();
  const theme = '走进博物馆，重温入党誓词';
  const sec = await signedInContext(browser, baseURL, office.members.wang.token);
  const member = await signedInContext(browser, baseURL, office.members.zhang.token);
  try {
    const list = new PlanListPage(sec.page);
    await list.goto();
    await list.createPlan(`${year}-03`);
    const plan = new PlanEditorPage(sec.page);
    await plan.theme.fill(theme);
    await sec.page.getByLabel('日期', { exact: true }).fill(`${year}-03-15`);
    await sec.page.getByLabel('日期', { exact: true }).press('Tab');
    await plan.addAgendaItem('重温入党誓词');
    await plan.setStatus('各支部已商定');
    await plan.setStatus('活动已举行');
    await expect(sec.page.getByTestId('plan-status')).toHaveText('已举行');
    await plan.expectSynced();

    // The committee's ledger: the plan is a row without anyone typing it.
    await sec.page.goto('/meetings/ledger');
    await expect(sec.page.getByRole('heading', { level: 1 })).toHaveText(`${year}年活动台账`);
    const planRow = sec.page.locator('[data-testid="ledger-row"][data-source="plan"]');
    await expect(planRow).toHaveAttribute('data-number', '1');
    await expect(planRow.locator('[data-col="date"]')).toHaveText(`${year}年3月15日`);
    await expect(planRow.locator('[data-col="kind"]')).toHaveText('联建主题党日');
    await expect(planRow.locator('[data-col="theme"]')).toHaveText(theme);
    await expect(planRow.locator('[data-col="summary"]')).toHaveText('重温入党誓词');
    // An earlier activity added by hand: the plan's row is numbered after it.
    await sec.page.getByRole('button', { name: '补记一条活动' }).click();
    const form = sec.page.getByTestId('ledger-add-form');
    await form.getByLabel('日期').fill(`${year}-02-10`);
    await form.getByLabel('主题').fill('参观红色教育基地（纸质记录补录）');
    await form.getByRole('button', { name: '加入台账' }).click();
    const manualRow = sec.page.locator('[data-testid="ledger-row"][data-source="manual"]');
    await expect(manualRow).toHaveAttribute('data-number', '1');
    await expect(planRow).toHaveAttribute('data-number', '2');
    await expect(manualRow.getByRole('button', { name: '删除' })).toBeVisible();

    // A plain member reads the same rows, with nothing to add or remove.
    await member.page.goto('/meetings/ledger');
    const rows = member.page.getByTestId('ledger-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toHaveAttribute('data-number', '1');
    await expect(rows.nth(1).locator('[data-col="theme"]')).toHaveText(theme);
    await expect(member.page.getByText('台账由支委会维护，你可以查看。')).toBeVisible();
    await expect(member.page.getByRole('button', { name: '补记一条活动' })).toHaveCount(0);
    await expect(member.page.getByRole('button', { name: '删除' })).toHaveCount(0);
    await expect(member.page.getByTestId('ledger-add-form')).toHaveCount(0);
    await expect(member.page.getByTestId('report-link')).toHaveCount(0);
    await member.page.setViewportSize({ width: 390, height: 844 });
    await member.page.screenshot({
      path: 'test-results/leader/ledger-member-390.png',
      fullPage: true,
    });

    // The monthly report is the committee's: one sentence says so, and nothing of it shows.
    await member.page.goto('/meetings/report');
    await expect(member.page.getByTestId('report-committee-only')).toHaveText(
      '月报由支委会生成和报送，只有支部书记和支委可以打开。台账你可以查看。',
    );
    await expect(member.page.getByTestId('report-held')).toHaveCount(0);
    await expect(member.page.getByTestId('report-export-word')).toHaveCount(0);
  } finally {
    await sec.context.close();
    await member.context.close();
  }
});
