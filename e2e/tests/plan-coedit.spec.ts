import { expect, test } from '../fixtures.ts';
import { signedInContext, pairedBranches } from '../journeys.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';

test('committee members of two paired branches co-edit a joint plan live', async ({
  browser,
  baseURL,
}) => {
  const [office, museum] = await pairedBranches(
    ['文物局办公室党支部', { wang: { name: '王芳', role: 'committee' } }],
    ['首都博物馆第一党支部', { li: { name: '李强', role: 'committee' } }],
  );

  const a = await signedInContext(browser, baseURL, office.members.wang.token);
  const b = await signedInContext(browser, baseURL, museum.members.li.token);
  try {
    const list = new PlanListPage(a.page);
    await list.goto();
    await expect(list.source).toHaveAttribute('data-source', 'server');
    const id = await list.createPlan();
    const planA = new PlanEditorPage(a.page);
    await planA.theme.fill('走进考古工地，重温入党誓词');
    await planA.addAgendaItem('重温入党誓词', '王芳');
    await planA.addAgendaItem('领学《党章》', '李强');
    await planA.addAgendaItem('参观考古工地');
    await planA.expectSynced();

    // The paired branch finds the plan in its list and opens it.
    const listB = new PlanListPage(b.page);
    await listB.goto();
    await listB.plan('走进考古工地，重温入党誓词').click();
    const planB = new PlanEditorPage(b.page);
    await expect(b.page).toHaveURL(new RegExp(`/plans/${id}$`));
    await expect(planB.theme).toHaveValue('走进考古工地，重温入党誓词');
    await expect(planB.agendaTitles()).toHaveCount(3);

    // Each sees who else is here.
    await expect(planA.presence).toContainText('李强');
    await expect(planB.presence).toContainText('王芳');

    // One types the purpose while the other reorders the agenda and assigns roles; each stays in
    // the rich-text section they typed in last, so the other sees their caret there.
    await planA.page.getByRole('textbox', { name: '地点' }).fill('路县故城遗址');
    await planA.appendText('活动目的', '把支部建在考古工地上，联学联建');
    await planB.moveAgendaItemUp('参观考古工地');
    await planB.assignRole('主持人', '李强');
    await planB.appendText('安全预案', '工地内统一佩戴安全帽');

    await expect(planB.richText('活动目的')).toContainText('把支部建在考古工地上，联学联建');
    await expect(planA.richText('安全预案')).toContainText('工地内统一佩戴安全帽');
    await expect(planB.caret('活动目的', '王芳')).toBeVisible();
    await expect(planA.caret('安全预案', '李强')).toBeVisible();

    const expected = ['重温入党誓词', '参观考古工地', '领学《党章》'];
    for (const page of [planA, planB]) {
      await page.expectAgenda(expected);
      await expect(page.role('主持人')).toHaveValue('李强');
      await expect(page.page.getByRole('textbox', { name: '地点' })).toHaveValue('路县故城遗址');
    }
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
