import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { signedInContext, pairedBranches } from '../journeys.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';

test('edits to the same section made offline and online both survive the reconnect', async ({
  browser,
  baseURL,
}) => {
  const [office, dig] = await pairedBranches(
    ['文物局办公室党支部', { wang: { name: '王芳', role: 'committee' } }],
    ['考古工地临时党支部', { zhou: { name: '周洁', role: 'secretary' } }],
  );
  const a = await signedInContext(browser, baseURL, office.members.wang.token);
  const b = await signedInContext(browser, baseURL, dig.members.zhou.token);
  try {
    const list = new PlanListPage(a.page);
    await list.goto();
    const id = await list.createPlan();
    const planA = new PlanEditorPage(a.page);
    await planA.appendText('活动目的', '联学联建，互学互鉴。');
    await planA.expectSynced();
    await waitForServiceWorker(a.page);

    const planB = new PlanEditorPage(b.page);
    await planB.goto(id);
    await expect(planB.richText('活动目的')).toContainText('联学联建，互学互鉴。');

    // The camp loses its signal: the app closes its socket and says so.
    await a.context.setOffline(true);
    await expect(a.page.getByTestId('sync-state')).toHaveAttribute('data-state', /offline|local/);
    await planA.appendText('活动目的', '离线补充：请各支部提前报送参加人数。');
    await expect(a.page.getByTestId('sync-state')).toHaveAttribute('data-state', 'local');
    await planB.appendText('活动目的', '在线修改：集合地点改为遗址东门。');
    await expect(planB.richText('活动目的')).not.toContainText('离线补充');

    await a.context.setOffline(false);
    await planA.expectSynced();
    for (const plan of [planA, planB]) {
      await expect(plan.richText('活动目的')).toContainText('离线补充：请各支部提前报送参加人数。');
      await expect(plan.richText('活动目的')).toContainText('在线修改：集合地点改为遗址东门。');
      await expect(plan.richText('活动目的')).toContainText('联学联建，互学互鉴。');
    }
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
