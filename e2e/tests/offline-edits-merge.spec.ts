import { expect, test } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { EntryPage } from '../page-models/entry-page.ts';
import { StudyPage } from '../page-models/study-page.ts';

test('two devices edit different fields of one entry offline; both edits survive on both', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('考古所第一党支部', {
    wang: { name: '王芳', role: 'member' },
  });
  const phone = await signedInContext(browser, baseURL, members.wang.token);
  const laptop = await signedInContext(browser, baseURL, members.wang.token);
  try {
    const phoneStudy = new StudyPage(phone.page);
    const laptopStudy = new StudyPage(laptop.page);
    await phoneStudy.addEntry('集中学习党的二十大报告');
    await phoneStudy.expectSyncState('synced');
    await laptopStudy.openEntry('集中学习党的二十大报告');
    await phoneStudy.openEntry('集中学习党的二十大报告');
    await laptopStudy.expectSyncState('synced');

    // Both lose the network. The app closes its sockets on the `offline` event, so the two
    // devices really are apart from here on.
    await phone.context.setOffline(true);
    await laptop.context.setOffline(true);
    await phoneStudy.expectSyncState('offline');
    await laptopStudy.expectSyncState('offline');

    const phoneEntry = new EntryPage(phone.page);
    const laptopEntry = new EntryPage(laptop.page);
    await phoneEntry.setText('地点', '良渚考古工地');
    await laptopEntry.setText('心得体会', '要把支部建在考古工地上。');
    await phoneStudy.expectSyncState('local');
    await laptopStudy.expectSyncState('local');
    await expect(phoneEntry.textbox('心得体会')).toHaveValue('');
    await expect(laptopEntry.textbox('地点')).toHaveValue('');

    await phone.context.setOffline(false);
    await laptop.context.setOffline(false);
    await phoneStudy.expectSyncState('synced');
    await laptopStudy.expectSyncState('synced');
    for (const entry of [phoneEntry, laptopEntry]) {
      await expect(entry.textbox('地点')).toHaveValue('良渚考古工地');
      await expect(entry.textbox('心得体会')).toHaveValue('要把支部建在考古工地上。');
    }
  } finally {
    await phone.context.close();
    await laptop.context.close();
  }
});
