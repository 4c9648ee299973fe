import { expect, test } from '../fixtures.ts';
import { branchWithMembers } from '../journeys.ts';
import { EntryPage } from '../page-models/entry-page.ts';
import { SignInPage } from '../page-models/signin-page.ts';
import { StudyPage } from '../page-models/study-page.ts';

test('every field of an entry can be edited and survives a reload; delete can be undone', async ({
  page,
}) => {
  const { members } = await branchWithMembers('考古所第一党支部', {
    he: { name: '何佳', role: 'member' },
  });
  await new SignInPage(page).signInWithToken(members.he.token);
  const study = new StudyPage(page);
  await study.addEntry('学习党章');
  await study.openEntry('学习党章');

  const entry = new EntryPage(page);
  await entry.date.fill('2026-03-05');
  await entry.date.blur();
  await entry.expectSaved('日期');
  await entry.form.selectOption({ label: '党课' });
  await entry.expectSaved('形式');
  await entry.setNumber('时长（小时）', '3');
  await expect(entry.number('学时')).toHaveValue('3');
  await entry.setNumber('学时', '2.5');
  await expect(page.getByText('已手动填写；按时长应为 3 学时')).toBeVisible();
  await entry.counts.uncheck();
  await entry.expectSaved('计入年度学习要求');
  await entry.setText('学习内容', '学习党章总纲');
  await entry.setText('出处', '《中国共产党章程》');
  await entry.setText('章节', '总纲');
  await entry.setText('领学人', '李红');
  await entry.setText('组织者', '第一党支部');
  await entry.setText('地点', '三楼会议室');
  await entry.setText('心得体会', '重温党章，坚定信念。');
  await study.expectSyncState('synced');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '学习党章总纲' })).toBeVisible();
  await expect(entry.date).toHaveValue('2026-03-05');
  await expect(entry.form).toHaveValue('lecture');
  await expect(entry.number('时长（小时）')).toHaveValue('3');
  await expect(entry.number('学时')).toHaveValue('2.5');
  await expect(entry.counts).not.toBeChecked();
  for (const [label, value] of [
    ['出处', '《中国共产党章程》'],
    ['章节', '总纲'],
    ['领学人', '李红'],
    ['组织者', '第一党支部'],
    ['地点', '三楼会议室'],
    ['心得体会', '重温党章，坚定信念。'],
  ] as const) {
    await expect(entry.textbox(label)).toHaveValue(value);
  }

  await entry.delete();
  const toast = page.getByRole('status').filter({ hasText: '已删除' });
  await expect(toast).toBeVisible();
  await expect(study.entry('学习党章总纲')).toBeHidden();
  await toast.getByRole('button', { name: '撤销' }).click();
  await expect(study.entry('学习党章总纲')).toBeVisible();
});
