import { expect, test } from '../fixtures.ts';
import { admin } from '../admin.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';

test('committee members of two paired branches co-edit a joint plan live', async ({
  browser,
  baseURL,
}) => {
  const office = await branchWithMembers('文物局办公室党支部', {
    wang: { name: '王芳', role: 'committee' },
  });
  const museum = await branchWithMembers('首都博物馆第一党支部', {
    li: { name: '李强', role: 'committee' },
  });
  await admin('pair', '--branches', `${office.branchId},${museum.branchId}`);

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

    // One reorders and assigns roles while the other edits another field.
    await planB.moveAgendaItemUp('参观考古工地');
    await planB.assignRole('主持人', '李强');
    await planA.page.getByRole('textbox', { name: '地点' }).fill('路县故城遗址');

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
