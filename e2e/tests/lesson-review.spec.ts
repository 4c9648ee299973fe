import { expect, test } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { LessonEditorPage } from '../page-models/lesson-editor-page.ts';
import { LessonListPage } from '../page-models/lesson-list-page.ts';

test("the branch secretary finds a member's submitted draft and reviews it without co-writing it", async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('博物馆第二党支部', {
    author: { name: '赵磊', role: 'member' },
    secretary: { name: '钱红', role: 'secretary' },
  });
  const a = await signedInContext(browser, baseURL, members.author.token);
  const s = await signedInContext(browser, baseURL, members.secretary.token);
  try {
    const list = new LessonListPage(a.page);
    await list.goto();
    const id = await list.create();
    const draft = new LessonEditorPage(a.page);
    await draft.setMeta('题目', '守护文化遗产 传承红色基因');
    await draft.appendBlock('一、文物是历史的见证', '一级标题');
    await a.page.getByRole('button', { name: '提交支委会审阅' }).click();
    await expect(a.page.getByTestId('review-status')).toContainText('已提交支委会');
    await draft.expectSyncState('synced');

    // The secretary is not a co-author: the draft is in her list all the same.
    const theirs = new LessonListPage(s.page);
    await theirs.goto();
    await expect(theirs.item('守护文化遗产 传承红色基因')).toContainText('已提交支委会');
    await expect(theirs.item('守护文化遗产 传承红色基因')).toContainText('支委会审阅');
    await theirs.item('守护文化遗产 传承红色基因').click();
    await expect(s.page).toHaveURL(new RegExp(`/lessons/${id}$`));
    const review = new LessonEditorPage(s.page);
    // She reads the text (no editor) and records the review.
    await expect(review.readView).toContainText('一、文物是历史的见证');
    await expect(review.editor).toHaveCount(0);
    await s.page.getByLabel('退回意见').fill('第二部分请补一个本馆的例子');
    await s.page.getByRole('button', { name: '退回修改' }).click();
    await expect(s.page.getByTestId('review-status')).toContainText('草稿');

    // The review is the registry's: the author sees it returned when she next opens the draft,
    // with the note and who returned it, and submits again.
    await a.page.reload();
    await expect(a.page.getByTestId('lesson-review')).toContainText('第二部分请补一个本馆的例子');
    await expect(a.page.getByTestId('lesson-review')).toContainText('钱红');
    await a.page.getByRole('button', { name: '提交支委会审阅' }).click();
    await expect(a.page.getByTestId('review-status')).toContainText('已提交支委会');

    // Offline, the secretary is told the step needs the network — nothing pretends to be done.
    await s.page.reload();
    await expect(s.page.getByRole('button', { name: '审定通过' })).toBeVisible();
    await s.context.setOffline(true);
    await s.page.getByRole('button', { name: '审定通过' }).click();
    await expect(s.page.getByTestId('review-error')).toContainText('审阅需要联网');
    await expect(s.page.getByTestId('review-status')).toContainText('已提交支委会');
    await s.context.setOffline(false);
    await s.page.getByRole('button', { name: '审定通过' }).click();
    await expect(s.page.getByTestId('review-status')).toContainText('支委会已审定');
    await expect(s.page.getByTestId('review-error')).toHaveCount(0);
    await a.page.reload();
    await expect(a.page.getByTestId('review-status')).toContainText('支委会已审定');
    await review.expectSyncState('synced');
  } finally {
    await a.context.close();
    await s.context.close();
  }
});
