import { expect, test } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { StudyPage } from '../page-models/study-page.ts';

test('an entry added in one browser appears in another through the server', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('考古所第一党支部', {
    zhang: { name: '张明', role: 'member' },
  });
  const first = await signedInContext(browser, baseURL, members.zhang.token);
  const second = await signedInContext(browser, baseURL, members.zhang.token);
  try {
    const a = new StudyPage(first.page);
    const b = new StudyPage(second.page);
    await expect(
      first.page.getByRole('link', { name: /账号：张明，考古所第一党支部/ }),
    ).toBeVisible();

    await a.addEntry('学习党的二十大报告');

    await a.expectSyncState('synced');
    await expect(b.entry('学习党的二十大报告')).toBeVisible();
  } finally {
    await first.context.close();
    await second.context.close();
  }
});
