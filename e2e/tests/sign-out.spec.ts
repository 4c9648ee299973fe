import type { Page } from '@playwright/test';
import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { branchWithMembers, pairedBranches } from '../journeys.ts';
import { AccountPage } from '../page-models/account-page.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';
import { SignInPage } from '../page-models/signin-page.ts';
import { StudyPage } from '../page-models/study-page.ts';

function databaseNames(page: Page): Promise<(string | undefined)[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
}

test('signing out warns about records not on the server, then clears the device', async ({
  page,
  context,
}) => {
  const { members } = await branchWithMembers('考古所第一党支部', {
    zhou: { name: '周敏', role: 'member' },
  });
  await new SignInPage(page).signInWithToken(members.zhou.token);
  const study = new StudyPage(page);
  await study.addEntry('学习新党章');
  await study.expectSyncState('synced');
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await study.addEntry('离线记下的一条');
  await study.expectSyncState('local');

  expect(await databaseNames(page)).toContain(`branchbook:study:${members.zhou.userId}`);
  const account = new AccountPage(page);
  await page.getByRole('link', { name: /账号：周敏/ }).click();
  await account.startSignOut();
  await expect(page.getByRole('alert')).toContainText('还有记录没有同步到服务器');
  await page.getByRole('button', { name: '仍然退出（未同步的记录将丢失）' }).click();

  await expect(page).toHaveURL(/\/study$/);
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
  await expect(study.saveButton).toBeEnabled();
  await expect(study.list.getByText('还没有学习记录')).toBeVisible();
  expect(await databaseNames(page)).not.toContain(`branchbook:study:${members.zhou.userId}`);
  expect(await page.evaluate(() => localStorage.getItem('branchbook.session'))).toBeNull();
});

test('with everything on the server, signing out says so before it clears the device', async ({
  page,
}) => {
  const { members } = await branchWithMembers('考古所第一党支部', {
    wu: { name: '吴刚', role: 'member' },
  });
  await new SignInPage(page).signInWithToken(members.wu.token);
  const study = new StudyPage(page);
  await study.addEntry('学习新党章');
  await study.expectSyncState('synced');

  expect(await databaseNames(page)).toContain(`branchbook:study:${members.wu.userId}`);
  const account = new AccountPage(page);
  await account.goto();
  await account.startSignOut();
  await expect(
    page.getByRole('status').filter({ hasText: '所有记录都已同步到服务器' }),
  ).toBeVisible();
  await page.getByRole('button', { name: '确认退出并清除本设备数据' }).click();
  await expect(page).toHaveURL(/\/study$/);
  await expect(study.saveButton).toBeEnabled();
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
  expect(await databaseNames(page)).not.toContain(`branchbook:study:${members.wu.userId}`);
});

test('a plan that exists only on this device is named before signing out deletes it', async ({
  page,
  context,
}) => {
  const [dig] = await pairedBranches(
    ['考古工地临时党支部', { zhou: { name: '周洁', role: 'secretary' } }],
    ['首都博物馆第一党支部', { li: { name: '李强', role: 'committee' } }],
  );
  await new SignInPage(page).signInWithToken(dig.members.zhou.token);
  const list = new PlanListPage(page);
  await list.goto();
  await expect(list.source).toHaveAttribute('data-source', 'server');
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await list.createPlan();
  await new PlanEditorPage(page).theme.fill('离线起草的方案');
  const account = new AccountPage(page);
  await page.getByRole('link', { name: /账号：周洁/ }).click();
  await account.startSignOut();
  await expect(page.getByTestId('device-only')).toContainText(
    '有 1 份联建方案、党课讲稿或会议记录只保存在本设备上',
  );
  await page.getByRole('button', { name: '仍然退出（未同步的记录将丢失）' }).click();

  await expect(page).toHaveURL(/\/study$/);
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
  // Nothing of the account is left behind: not the plan list, not the pairings. (The fresh
  // device-only user the reloaded app starts as has its own id; the language stays.)
  const left = await page.evaluate(() => Object.keys(localStorage));
  expect(left.filter((key) => !['branchbook.locale', 'branchbook.userId'].includes(key))).toEqual(
    [],
  );
  expect(
    (await databaseNames(page)).filter((name) => name?.startsWith('branchbook:plan:')),
  ).toEqual([]);
});
