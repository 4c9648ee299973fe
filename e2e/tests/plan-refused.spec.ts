import { expect, test } from '../fixtures.ts';
import { admin } from '../admin.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';

test('a member of a branch outside the plan is refused and told why; a plain member only reads', async ({
  browser,
  baseURL,
}) => {
  const office = await branchWithMembers('文物局办公室党支部', {
    wang: { name: '王芳', role: 'secretary' },
    zhao: { name: '赵敏', role: 'member' },
  });
  const museum = await branchWithMembers('首都博物馆第一党支部', {
    li: { name: '李强', role: 'committee' },
  });
  const outside = await branchWithMembers('古建研究所党支部', {
    sun: { name: '孙伟', role: 'secretary' },
  });
  await admin('pair', '--branches', `${office.branchId},${museum.branchId}`);

  const lead = await signedInContext(browser, baseURL, office.members.wang.token);
  const stranger = await signedInContext(browser, baseURL, outside.members.sun.token);
  const member = await signedInContext(browser, baseURL, office.members.zhao.token);
  try {
    const list = new PlanListPage(lead.page);
    await list.goto();
    const id = await list.createPlan();
    const plan = new PlanEditorPage(lead.page);
    await plan.theme.fill('“我为党来护国宝”志愿服务');
    await plan.expectSynced();

    const refused = new PlanEditorPage(stranger.page);
    await refused.goto(id);
    await expect(refused.forbidden).toContainText('你所在的支部不在此联建方案中');
    await expect(refused.editor).toHaveCount(0);
    await expect(stranger.page.getByText('“我为党来护国宝”志愿服务')).toHaveCount(0);

    const reader = new PlanEditorPage(member.page);
    await reader.goto(id);
    await expect(reader.theme).toHaveValue('“我为党来护国宝”志愿服务');
    await expect(reader.readOnlyNote).toBeVisible();
    await expect(reader.theme).not.toBeEditable();
    await expect(member.page.getByRole('button', { name: '添加议程' })).toHaveCount(0);
  } finally {
    await lead.context.close();
    await stranger.context.close();
    await member.context.close();
  }
});
