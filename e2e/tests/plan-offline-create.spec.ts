import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { signedInContext, pairedBranches } from '../journeys.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';

test('a plan drafted offline lives on the device, says so, and is registered when back online', async ({
  browser,
  baseURL,
}) => {
  const [dig, museum] = await pairedBranches(
    ['考古工地临时党支部', { zhou: { name: '周洁', role: 'secretary' } }],
    ['首都博物馆第一党支部', { li: { name: '李强', role: 'committee' } }],
  );
  const a = await signedInContext(browser, baseURL, dig.members.zhou.token);
  const b = await signedInContext(browser, baseURL, museum.members.li.token);
  try {
    const list = new PlanListPage(a.page);
    await list.goto();
    await expect(list.source).toHaveAttribute('data-source', 'server');
    await waitForServiceWorker(a.page);

    await a.context.setOffline(true);
    const id = await list.createPlan();
    const plan = new PlanEditorPage(a.page);
    await expect(a.page.getByText('此方案只在本设备上，尚未登记到服务器')).toBeVisible();
    await plan.theme.fill('把支部建在考古工地上');
    await a.page.getByRole('link', { name: '全部方案' }).click();
    await expect(list.plan('把支部建在考古工地上')).toContainText('仅在本设备');
    await expect(a.page.getByText(/只在本设备上：联网后会自动登记到服务器/)).toBeVisible();
    await expect(a.page.getByTestId('outbox-waiting')).toHaveText('1 项待同步');

    await a.context.setOffline(false);
    await expect(list.plan('把支部建在考古工地上')).toContainText('已登记');
    await expect(a.page.getByTestId('outbox-waiting')).toBeHidden();

    const other = new PlanEditorPage(b.page);
    await other.goto(id);
    await expect(other.theme).toHaveValue('把支部建在考古工地上');
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
