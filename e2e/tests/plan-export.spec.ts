import { readFile } from 'node:fs/promises';
import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { officeXml, signedInContext, pairedBranches } from '../journeys.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';

test('a plan exports to Word (offline too) and the month’s plans to Excel', async ({
  browser,
  baseURL,
}) => {
  const [office] = await pairedBranches(
    ['文物局办公室党支部', { wang: { name: '王芳', role: 'secretary' } }],
    ['首都博物馆第一党支部', { li: { name: '李强', role: 'committee' } }],
  );
  const { context, page } = await signedInContext(browser, baseURL, office.members.wang.token);
  try {
    const list = new PlanListPage(page);
    await list.goto();
    await list.createPlan();
    const plan = new PlanEditorPage(page);
    await plan.theme.fill('走进考古工地');
    await page.getByRole('textbox', { name: '地点' }).fill('路县故城遗址');
    await plan.addAgendaItem('重温入党誓词', '王芳');
    await plan.assignRole('记录人', '王芳');
    // The branch of a role follows the typing: enabled as soon as a name is typed, not on blur.
    const leadReaderBranch = page.getByRole('combobox', { name: '领学人 · 所在支部', exact: true });
    await expect(leadReaderBranch).toBeDisabled();
    await plan.role('领学人').pressSequentially('李强');
    await expect(plan.role('领学人')).toBeFocused();
    await expect(leadReaderBranch).toBeEnabled();
    await leadReaderBranch.selectOption({ label: '首都博物馆第一党支部' });
    await expect(plan.role('领学人')).toHaveValue('李强');
    await expect(leadReaderBranch).toHaveValue(
      (await leadReaderBranch
        .locator('option', { hasText: '首都博物馆第一党支部' })
        .getAttribute('value')) ?? '',
    );
    await plan.appendText('活动目的', '把支部建在考古工地上');
    await plan.expectSynced();

    // Offline, from a fresh load: the Word writer comes from the service worker's precache.
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.reload();
    await expect(plan.theme).toHaveValue('走进考古工地');
    const word = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 Word' }).click();
    const docx = await word;
    expect(docx.suggestedFilename()).toBe('走进考古工地主题党日活动方案.docx');
    const documentXml = officeXml(await readFile(await docx.path()), /^word\/document\.xml$/);
    for (const text of [
      '走进考古工地',
      '路县故城遗址',
      '重温入党誓词',
      '记录人',
      '领学人',
      '李强',
      '首都博物馆第一党支部',
    ]) {
      expect(documentXml).toContain(text);
    }
    expect(documentXml).toContain('仿宋');

    await context.setOffline(false);
    await list.goto();
    const excel = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出本月方案（Excel）' }).click();
    const xlsx = await excel;
    expect(xlsx.suggestedFilename()).toMatch(/主题党日活动方案\.xlsx$/);
    const sheet = officeXml(
      await readFile(await xlsx.path()),
      /^xl\/(sharedStrings|worksheets\/sheet1)\.xml$/,
    );
    expect(sheet).toContain('走进考古工地');
    expect(sheet).toContain('路县故城遗址');
  } finally {
    await context.close();
  }
});
