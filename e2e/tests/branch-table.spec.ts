import { expect, test } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { BranchPage } from '../page-models/branch-page.ts';
import { StudyPage } from '../page-models/study-page.ts';

test('the committee sees every member in name order, and a member’s log read-only', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('科技馆展教党支部', {
    secretary: { name: '张明', role: 'secretary' },
    li: { name: '李红', role: 'member' },
    chen: { name: '陈静', role: 'committee' },
    wang: { name: '王芳', role: 'member' },
  });
  const li = await signedInContext(browser, baseURL, members.li.token);
  const secretary = await signedInContext(browser, baseURL, members.secretary.token);
  try {
    // A member does not get the branch table.
    await expect(li.page.getByRole('link', { name: '支部学时' })).toBeHidden();
    const liStudy = new StudyPage(li.page);
    await liStudy.addEntry('参观革命历史纪念馆', { duration: '全天', form: '参观见学' });
    await liStudy.expectSyncState('synced');

    const branchPage = new BranchPage(secretary.page);
    await secretary.page.getByRole('link', { name: '支部学时' }).click();
    await expect(branchPage.table).toBeVisible();
    expect(await branchPage.names()).toEqual(['陈静', '李红', '王芳', '张明']);
    await expect(branchPage.row('李红').getByRole('cell')).toHaveText(['党员', '8', '8', '32']);
    await expect(branchPage.row('陈静').getByRole('cell')).toHaveText(['支委', '0', '0', '56']);

    await branchPage.table.getByRole('link', { name: '查看李红的学习记录' }).click();
    await expect(secretary.page.getByRole('heading', { name: '李红的学习记录' })).toBeVisible();
    await expect(secretary.page.getByText('参观革命历史纪念馆')).toBeVisible();
    await expect(secretary.page.getByText(/只读/)).toBeVisible();
    // Nothing on the page offers a change.
    await expect(secretary.page.getByRole('textbox')).toHaveCount(0);
    await expect(secretary.page.getByRole('button', { name: '保存' })).toHaveCount(0);
    await expect(secretary.page.getByTestId('study-list').getByRole('link')).toHaveCount(0);
    await expect(secretary.page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced');
  } finally {
    await li.context.close();
    await secretary.context.close();
  }
});
