import { expect, test } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { SignInPage } from '../page-models/signin-page.ts';
import { StudyPage } from '../page-models/study-page.ts';

test('what a member recorded before signing in joins their account and reaches the server', async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('考古所第一党支部', {
    zhao: { name: '赵磊', role: 'member' },
  });

  // First run: no account yet, the log lives on this device.
  const study = new StudyPage(page);
  await study.goto();
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
  await study.addEntry('学习《中国共产党支部工作条例》');
  await study.expectSyncState('device');
  // A second tab of the same device, left open on the log.
  const otherTab = await context.newPage();
  const otherStudy = new StudyPage(otherTab);
  await otherStudy.goto();
  await expect(otherStudy.entry('学习《中国共产党支部工作条例》')).toBeVisible();

  await new SignInPage(page).signInWithToken(members.zhao.token);
  await expect(study.entry('学习《中国共产党支部工作条例》')).toBeVisible();
  await study.expectSyncState('synced');
  await expect(page.getByRole('link', { name: /账号：赵磊/ })).toBeVisible();
  // The other tab follows the sign-in rather than writing on to the merged device log.
  await expect(otherTab.getByRole('link', { name: /账号：赵磊/ })).toBeVisible();
  await expect(otherStudy.entry('学习《中国共产党支部工作条例》')).toBeVisible();
  await otherStudy.expectSyncState('synced');

  // Another device of the same member gets it from the server.
  const other = await signedInContext(browser, baseURL, members.zhao.token);
  try {
    await expect(new StudyPage(other.page).entry('学习《中国共产党支部工作条例》')).toBeVisible();
  } finally {
    await other.context.close();
  }
});
