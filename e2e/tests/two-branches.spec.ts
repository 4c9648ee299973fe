import { expect, test } from '../fixtures.ts';
import { admin } from '../admin.ts';
import { branchWithMembers } from '../journeys.ts';
import { AccountPage } from '../page-models/account-page.ts';
import { BranchPage } from '../page-models/branch-page.ts';
import { SignInPage } from '../page-models/signin-page.ts';

test('a member of the dig’s temporary branch and of her home branch works in the one she chooses', async ({
  page,
}) => {
  const home = await branchWithMembers('考古所第一党支部', {
    zhou: { name: '周洁', role: 'member' },
    lin: { name: '林涛', role: 'secretary' },
  });
  const dig = await branchWithMembers('考古工地临时党支部', {
    gao: { name: '高远', role: 'member' },
  });
  // She leads the temporary branch at the dig and stays a member at home.
  const zhou = home.members.zhou;
  await admin(
    ...['member', 'add', '--branch', dig.branchId, '--user', zhou.userId],
    ...['--name', zhou.name, '--role', 'secretary'],
  );
  await new SignInPage(page).signInWithToken(zhou.token);
  // At home she is a plain member: no branch table.
  await expect(page.getByRole('link', { name: /账号：周洁，考古所第一党支部/ })).toBeVisible();
  await expect(page.getByRole('link', { name: '支部学时' })).toBeHidden();

  const account = new AccountPage(page);
  await account.goto();
  const choice = page.getByRole('group', { name: '当前支部' });
  await expect(choice.getByRole('radio', { name: /考古所第一党支部/ })).toBeChecked();
  await choice.getByRole('radio', { name: /考古工地临时党支部/ }).check();
  await expect(page.getByRole('link', { name: /账号：周洁，考古工地临时党支部/ })).toBeVisible();

  // As the dig's secretary she sees its table — its people, not her home branch's.
  const table = new BranchPage(page);
  await table.goto();
  expect(await table.names()).toEqual(['高远', '周洁']);
  // The choice is kept on this device.
  await page.reload();
  await expect(page.getByRole('link', { name: /账号：周洁，考古工地临时党支部/ })).toBeVisible();
  await expect(table.table).toBeVisible();
});
