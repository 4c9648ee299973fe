import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 800 };
const SHOTS = 'test-results/pairings';

/** Issue 14, item 5: "A proposes a pairing, B accepts, B sets next month's lead". */

async function openPairings(page: Page): Promise<void> {
  await page.goto('/plans');
  await page.getByTestId('pairings-link').click();
  await expect(page.getByRole('heading', { name: '结对共建支部', level: 1 })).toBeVisible();
  await expect(page.getByTestId('pairings-source')).toHaveAttribute('data-source', 'server');
}

/** A screenshot at phone size, and at desktop size when asked; the page never scrolls sideways. */
async function shoot(page: Page, name: string, desk = false): Promise<void> {
  const fits = () =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  expect(await fits(), `${name} at 390 px`).toBe(true);
  if (!desk) return;
  await page.setViewportSize(DESK);
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize(PHONE);
}

test('A finds B by name and proposes; B accepts and sets next month’s lead; a plan includes B; ending keeps it readable', async ({
  browser,
  baseURL,
}) => {
  // Names of their own: the directory holds every journey's branches.
  const tag = String(Date.now()).slice(-6);
  const officeName = `文物局办公室${tag}党支部`;
  const museumName = `首都博物馆第${tag}党支部`;
  const office = await branchWithMembers(officeName, {
    wang: { name: '王芳', role: 'secretary' },
    zhao: { name: '赵敏', role: 'member' },
  });
  const museum = await branchWithMembers(museumName, {
    chen: { name: '陈静', role: 'secretary' },
    liu: { name: '刘洋', role: 'member' },
  });
  const open = async (token: string) => {
    const signed = await signedInContext(browser, baseURL, token);
    await signed.page.setViewportSize(PHONE);
    return signed;
  };
  const a = await open(office.members.wang.token);
  const b = await open(museum.members.chen.token);
  const aMember = await open(office.members.zhao.token);
  const bMember = await open(museum.members.liu.token);
  try {
    // A: 查找支部 by a part of the name → 提议结对; it waits for B.
    await openPairings(a.page);
    await expect(a.page.getByText('还没有结对支部。')).toBeVisible();
    await a.page.getByRole('textbox', { name: '支部名称' }).fill(`博物馆第${tag}`);
    await a.page.getByRole('button', { name: '查找' }).click();
    const found = a.page.getByTestId('found-branch');
    await expect(found).toHaveCount(1);
    await expect(found).toContainText(museumName);
    await found.getByRole('button', { name: '提议结对' }).click();
    await expect(a.page.getByTestId('proposal-waiting')).toContainText(
      `已向${museumName}提议结对，等待对方答复`,
    );
    await expect(found).toContainText('已提议，等待答复');
    await shoot(a.page, 'a-proposed', true);

    // B's member sees the proposal but cannot answer it; B's secretary accepts.
    await openPairings(bMember.page);
    await expect(bMember.page.getByTestId('proposal-to-us')).toContainText('等待本支部书记答复');
    await expect(bMember.page.getByRole('button', { name: '接受' })).toHaveCount(0);
    await expect(bMember.page.getByRole('heading', { name: '查找支部' })).toHaveCount(0);

    await b.page.goto('/plans');
    await expect(b.page.getByTestId('pairings-link')).toContainText('1 项待答复');
    await openPairings(b.page);
    const proposal = b.page.getByTestId('proposal-to-us');
    await expect(proposal).toContainText(`${officeName}提议与${museumName}结对`);
    await expect(proposal).toContainText('提议人：王芳');
    await shoot(b.page, 'b-asked', true);
    await proposal.getByRole('button', { name: '接受' }).click();
    await expect(proposal).toHaveCount(0);
    const pairing = b.page.getByTestId('pairing');
    await expect(pairing).toContainText(officeName);

    // B sets next month's lead (to the branch the rotation does not name).
    const next = pairing.getByTestId('lead-month').nth(1);
    const month = (await next.getAttribute('data-month')) ?? '';
    const picker = next.getByRole('combobox');
    const rotation = await picker.inputValue();
    const chosen = rotation === office.branchId ? museum : office;
    const chosenName = chosen === office ? officeName : museumName;
    await expect(next).toContainText('轮值');
    await picker.selectOption({ label: chosenName });
    await expect(next).toContainText('已指定');
    await shoot(b.page, 'b-paired', true);

    // A sees it; A's plain member reads the months' leads without a picker or 结束结对.
    await a.page.reload();
    await expect(a.page.getByRole('heading', { name: '结对共建支部', level: 1 })).toBeVisible();
    const aNext = a.page.locator(`[data-testid="lead-month"][data-month="${month}"]`);
    await expect(aNext.getByRole('combobox')).toHaveValue(chosen.branchId);
    await expect(aNext).toContainText('已指定');
    await openPairings(aMember.page);
    const memberNext = aMember.page.locator(`[data-testid="lead-month"][data-month="${month}"]`);
    await expect(memberNext).toContainText(chosenName);
    await expect(memberNext.getByRole('combobox')).toHaveCount(0);
    await expect(aMember.page.getByRole('button', { name: '结束结对' })).toHaveCount(0);
    await shoot(aMember.page, 'a-member-reads');

    // A plan can include B now: A drafts one, B's member reads it.
    const list = new PlanListPage(a.page);
    await list.goto();
    const planId = await list.createPlan();
    const plan = new PlanEditorPage(a.page);
    await plan.theme.fill('联学共建：走进博物馆');
    await plan.expectSynced();
    const reader = new PlanEditorPage(bMember.page);
    await reader.goto(planId);
    await expect(reader.theme).toHaveValue('联学共建：走进博物馆');

    // A ends the pairing after a confirmation that says the plans stay.
    await openPairings(a.page);
    await a.page.getByRole('button', { name: '结束结对' }).click();
    await expect(a.page.getByRole('alertdialog')).toContainText('已有的活动方案仍然保留');
    await shoot(a.page, 'a-end-confirm');
    await a.page.getByRole('button', { name: '确认结束' }).click();
    await expect(a.page.getByText('还没有结对支部。')).toBeVisible();

    // The old plan stays readable to B's member.
    await bMember.page.reload();
    await expect(reader.theme).toHaveValue('联学共建：走进博物馆');

    // Offline: the device copy is shown and the actions say they need the network.
    await b.page.reload();
    await expect(b.page.getByText('还没有结对支部。')).toBeVisible();
    await b.context.setOffline(true);
    await expect(b.page.getByTestId('pairings-offline')).toContainText('需要联网');
    await expect(b.page.getByTestId('pairings-source')).toContainText('显示本设备上保存的结对情况');
    await expect(b.page.getByRole('button', { name: '查找' })).toBeDisabled();
    await shoot(b.page, 'b-offline');
  } finally {
    await a.context.close();
    await b.context.close();
    await aMember.context.close();
    await bMember.context.close();
  }
});

test('an outside branch’s secretary joins by A’s pairing invite link: her branch is made and paired; she cannot search our branches', async ({
  browser,
  baseURL,
}) => {
  const tag = String(Date.now()).slice(-6);
  const officeName = `文物局办公室${tag}党支部`;
  const farName = `省考古研究院第${tag}党支部`;
  const office = await branchWithMembers(officeName, {
    wang: { name: '王芳', role: 'secretary' },
  });
  const a = await signedInContext(browser, baseURL, office.members.wang.token);
  await a.page.setViewportSize(PHONE);
  const far = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: PHONE });
  try {
    await openPairings(a.page);
    await a.page.getByRole('button', { name: '生成结对邀请链接' }).click();
    const card = a.page.getByTestId('created-invite');
    await expect(card).toContainText('结对邀请');
    const link = (await card.getByTestId('invite-link').textContent()) ?? '';
    expect(link).toMatch(/\/join#pair:/);
    await shoot(a.page, 'a-outside-invite', true);

    const page = await far.newPage();
    await page.goto(new URL(link).pathname + new URL(link).hash);
    await expect(page.getByRole('heading', { name: '结对共建：加入', level: 1 })).toBeVisible();
    await page.getByRole('textbox', { name: '你的姓名' }).fill('孙丽');
    await page.getByRole('button', { name: '加入并登录' }).click();
    await expect(page.getByRole('alert')).toContainText('请填写你所在支部的名称');
    await page.getByRole('textbox', { name: '你所在支部的名称' }).fill(farName);
    await shoot(page, 'outside-join');
    await page.getByRole('button', { name: '加入并登录' }).click();
    await expect(page).toHaveURL(/\/study$/);

    // Her branch is paired with A's at once; she sees A and the months' leads, no search.
    await openPairings(page);
    await expect(page.getByTestId('pairing')).toContainText(officeName);
    await expect(page.getByRole('heading', { name: '查找支部' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: '生成结对邀请链接' })).toHaveCount(0);
    await expect(page.getByTestId('lead-month').first().getByRole('combobox')).toBeVisible();
    await shoot(page, 'outside-paired');

    // A sees the new partner.
    await a.page.reload();
    await expect(a.page.getByTestId('pairing')).toContainText(farName);
  } finally {
    await a.context.close();
    await far.close();
  }
});
