import { readFile } from 'node:fs/promises';
import { expect, test } from '../fixtures.ts';
import { branchWithMembers, readXlsxRows, signedInContext } from '../journeys.ts';
import { BranchPage } from '../page-models/branch-page.ts';
import { StudyPage } from '../page-models/study-page.ts';
import { YearPage } from '../page-models/year-page.ts';

test('the yearly study record and the branch table export to Excel with the right totals', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('文物局机关党支部', {
    secretary: { name: '李红', role: 'secretary' },
    chen: { name: '陈静', role: 'member' },
  });
  const member = await signedInContext(browser, baseURL, members.chen.token);
  const secretary = await signedInContext(browser, baseURL, members.secretary.token);
  try {
    const study = new StudyPage(member.page);
    await study.addEntry('专题研讨：文物保护与党建', { duration: '半天', form: '专题研讨' });
    await study.addEntry('集中学习党章', { duration: '2小时' });
    await study.addEntry('自学党史', { duration: '1小时', form: '个人自学' });
    await study.expectSyncState('synced');

    const year = new YearPage(member.page);
    await year.goto();
    await expect(year.counted).toHaveText('6 / 32 学时');
    const download = await year.exportXlsx();
    expect(download.suggestedFilename()).toMatch(/年度党员学习记录\.xlsx$/);
    const rows = readXlsxRows(await readFile(await download.path()));
    const byLabel = new Map(rows.map((row) => [row[0], row[1]]));
    expect(byLabel.get('合计')).toBe(7);
    expect(byLabel.get('计入年度学习要求')).toBe(6);
    expect(byLabel.get('年度要求')).toBe(32);
    expect(rows.flat()).toEqual(expect.arrayContaining(['专题研讨：文物保护与党建', '自学党史']));

    const branchPage = new BranchPage(secretary.page);
    await branchPage.goto();
    await expect(branchPage.row('陈静').getByRole('cell')).toHaveText(['党员', '6', '7', '32']);
    const tableDownload = secretary.page.waitForEvent('download');
    await secretary.page.getByRole('button', { name: '导出 Excel' }).click();
    const table = readXlsxRows(await readFile(await (await tableDownload).path()));
    expect(table.find((row) => row[0] === '陈静')).toEqual(['陈静', '党员', 6, 7, 32]);
  } finally {
    await member.context.close();
    await secretary.context.close();
  }
});
