import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { LessonEditorPage } from '../page-models/lesson-editor-page.ts';
import { LessonListPage } from '../page-models/lesson-list-page.ts';

test('a draft created offline lives only on the device until it is registered online', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('考古工地临时党支部', {
    author: { name: '郑华', role: 'secretary' },
  });
  const device = await signedInContext(browser, baseURL, members.author.token);
  const other = await signedInContext(browser, baseURL, members.author.token);
  try {
    await waitForServiceWorker(device.page);
    const list = new LessonListPage(device.page);
    await list.goto();

    await device.context.setOffline(true);
    await list.create();
    const editor = new LessonEditorPage(device.page);
    await expect(device.page.getByTestId('only-here')).toContainText('目前只保存在这里');
    await editor.setMeta('题目', '把支部建在考古工地上');
    await editor.appendBlock('在工地上写的开头。');
    await editor.expectSyncState('local');
    await list.goto();
    await expect(list.item('把支部建在考古工地上')).toContainText('仅在本设备');
    await expect(device.page.getByTestId('outbox-waiting')).toHaveText('1 项待同步');

    await device.context.setOffline(false);
    await expect(list.item('把支部建在考古工地上')).not.toContainText('仅在本设备');
    await expect(device.page.getByTestId('outbox-waiting')).toBeHidden();
    await list.item('把支部建在考古工地上').click();
    await expect(device.page.getByTestId('only-here')).toBeHidden();
    await editor.expectSyncState('synced');

    // The server has it now: another device of the same member finds and opens it.
    const elsewhere = new LessonListPage(other.page);
    await elsewhere.goto();
    await elsewhere.item('把支部建在考古工地上').click();
    await expect(new LessonEditorPage(other.page).editor).toContainText('在工地上写的开头。');
  } finally {
    await device.context.close();
    await other.context.close();
  }
});
