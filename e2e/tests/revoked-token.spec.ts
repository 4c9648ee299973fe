import { admin } from '../admin.ts';
import { expect, test } from '../fixtures.ts';
import { branchWithMembers } from '../journeys.ts';
import { SignInPage } from '../page-models/signin-page.ts';
import { StudyPage } from '../page-models/study-page.ts';

test('a revoked token is explained, stops reconnecting, and signing in again resumes sync', async ({
  page,
}) => {
  const { members } = await branchWithMembers('考古所第一党支部', {
    sun: { name: '孙伟', role: 'member' },
  });
  await new SignInPage(page).signInWithToken(members.sun.token);
  const study = new StudyPage(page);
  await study.addEntry('学习党纪处分条例');
  await study.expectSyncState('synced');

  await admin('token', 'revoke', '--user', members.sun.userId);
  await page.reload();
  const notice = page.getByRole('alert').filter({ hasText: '登录已失效' });
  await expect(notice).toBeVisible();
  await expect(study.entry('学习党纪处分条例')).toBeVisible();

  // Once the server said no, the app does not knock again: a fresh load opens no socket.
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  await page.reload();
  await expect(study.entry('学习党纪处分条例')).toBeVisible();
  await study.addEntry('离线也能继续记录');
  await study.expectSyncState('device');
  expect(sockets).toEqual([]);

  // A new token from the branch: sign in again; what was recorded meanwhile reaches the server.
  const fresh = (await admin('token', '--user', members.sun.userId)).at(-1) ?? '';
  await notice.getByRole('link', { name: '重新登录' }).click();
  await new SignInPage(page).credential.fill(fresh);
  await new SignInPage(page).submit();
  await expect(page).toHaveURL(/\/study$/);
  await expect(notice).toBeHidden();
  await study.expectSyncState('synced');
});
