import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { signedInContext, pairedBranches } from '../journeys.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';

/** Types `text` at the start or the end of a one-line field, as a person would. */
async function typeAt(page: Page, field: Locator, where: 'start' | 'end', text: string) {
  await field.click();
  await page.keyboard.press(where === 'start' ? 'Home' : 'End');
  await page.keyboard.insertText(text);
}

test('text typed on two devices at once, one offline, is all there after the reconnect', async ({
  browser,
  baseURL,
}) => {
  const [office, dig] = await pairedBranches(
    ['文物局办公室党支部', { wang: { name: '王芳', role: 'committee' } }],
    ['考古工地临时党支部', { zhou: { name: '周洁', role: 'secretary' } }],
  );
  const a = await signedInContext(browser, baseURL, office.members.wang.token);
  const b = await signedInContext(browser, baseURL, dig.members.zhou.token);
  try {
    const list = new PlanListPage(a.page);
    await list.goto();
    const id = await list.createPlan();
    const planA = new PlanEditorPage(a.page);
    await planA.theme.fill('主题党日');
    await planA.assignRole('记录人', '王芳');
    const contactA = a.page.getByLabel('联系人').first();
    await contactA.fill('王芳');
    await planA.expectSynced();

    const planB = new PlanEditorPage(b.page);
    await planB.goto(id);
    await expect(planB.theme).toHaveValue('主题党日');
    await expect(planB.role('记录人')).toHaveValue('王芳');
    const contactB = b.page.getByLabel('联系人').first();
    await expect(contactB).toHaveValue('王芳');

    // B loses the signal and types at the end; A, online, types at the start.
    await b.context.setOffline(true);
    await expect(b.page.getByTestId('sync-state')).toHaveAttribute('data-state', /offline|local/);
    await typeAt(b.page, planB.theme, 'end', '（文物局）');
    await typeAt(b.page, planB.role('记录人'), 'end', '、李明');
    await typeAt(b.page, contactB, 'end', ' 13800000000');
    await b.page.getByLabel('日期', { exact: true }).fill('2026-05-21');
    await expect(b.page.getByTestId('sync-state')).toHaveAttribute('data-state', 'local');

    await typeAt(a.page, planA.theme, 'start', '联学：');
    await typeAt(a.page, planA.role('记录人'), 'start', '周洁、');
    await typeAt(a.page, contactA, 'start', '办公室 ');
    await a.page.getByLabel('日期', { exact: true }).fill('2026-05-20');
    await planA.expectSynced();
    await expect(planB.theme).toHaveValue('主题党日（文物局）');

    await b.context.setOffline(false);
    await planB.expectSynced();
    for (const plan of [planA, planB]) {
      await expect(plan.theme).toHaveValue('联学：主题党日（文物局）');
      await expect(plan.role('记录人')).toHaveValue('周洁、王芳、李明');
    }
    await expect(contactA).toHaveValue('办公室 王芳 13800000000');
    await expect(contactB).toHaveValue('办公室 王芳 13800000000');

    // The date cannot merge: one value wins on both, and the device whose date was replaced
    // says so by the field — the other says nothing.
    const dateA = a.page.getByLabel('日期', { exact: true });
    const dateB = b.page.getByLabel('日期', { exact: true });
    await expect(dateA).toHaveValue(/2026-05-2[01]/);
    const winner = await dateA.inputValue();
    await expect(dateB).toHaveValue(winner);
    const [loser, other] = winner === '2026-05-20' ? [b.page, a.page] : [a.page, b.page];
    const [theirs, mine] =
      winner === '2026-05-20'
        ? ['2026年5月20日', '2026年5月21日']
        : ['2026年5月21日', '2026年5月20日'];
    const note = loser.getByTestId('choice-conflict-date');
    await expect(note).toContainText(`日期：对方同时改成了${theirs}（你的修改：${mine}）`);
    await expect(other.getByTestId('choice-conflict-date')).toHaveCount(0);
    await note.getByRole('button', { name: '知道了' }).click();
    await expect(note).toHaveCount(0);

    // The branch chosen for a role is a choice too: B (offline) and A pick concurrently; one
    // pick wins on both, and only the device whose pick was replaced is told, by the role.
    const branchA = a.page.getByLabel('记录人 · 所在支部');
    const branchB = b.page.getByLabel('记录人 · 所在支部');
    await b.context.setOffline(true);
    await expect(b.page.getByTestId('sync-state')).toHaveAttribute('data-state', /offline|local/);
    await branchB.selectOption({ label: '考古工地临时党支部' });
    await branchA.selectOption({ label: '考古工地临时党支部' });
    await branchA.selectOption({ label: '文物局办公室党支部' });
    await planA.expectSynced();
    await b.context.setOffline(false);
    await planB.expectSynced();
    // Both devices settle on the same pick (A may still be applying B's on its way in).
    await expect(async () => {
      expect(await branchA.inputValue()).toBe(await branchB.inputValue());
    }).toPass();
    const roleNotes = [
      a.page.getByTestId('choice-conflict-role-recorder'),
      b.page.getByTestId('choice-conflict-role-recorder'),
    ];
    // Exactly one side lost its pick; its note names both branches.
    await expect(async () => {
      const counts = await Promise.all(roleNotes.map((n) => n.count()));
      expect(counts.sort()).toEqual([0, 1]);
    }).toPass();
    const shown = (await roleNotes[0]!.count()) === 1 ? roleNotes[0]! : roleNotes[1]!;
    await expect(shown).toContainText('记录人所在支部：对方同时改成了');
    await expect(shown).toContainText('考古工地临时党支部');
    await expect(shown).toContainText('文物局办公室党支部');

    // The stored plan says the same after a reload.
    await a.page.reload();
    await expect(planA.theme).toHaveValue('联学：主题党日（文物局）');
    await expect(planA.role('记录人')).toHaveValue('周洁、王芳、李明');
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
