import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { branchWithMembers, officeXml, readXlsxRows, signedInContext } from '../journeys.ts';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 800 };
const SHOTS = 'test-results/meeting-record';
const BINDER_SHOTS = 'test-results/binder';

/**
 * Issue 15, enter once: the secretary records a 支部党员大会 offline at the camp — attendance and
 * two 学时 of study — marks it held and goes online; every member marked present finds the entry
 * in their own study log without typing it (one entry on two devices), the absent member does not.
 * Issue 15 items 4 and 5: the same record is the ledger's row and the next month's report line,
 * exported to Excel and Word — offline, typed by nobody. Item 6: the year's binder for the
 * inspectors, offline too, as Word and as an A4 print view; a member is told it is the committee's.
 */

const phone = (browser: Browser, baseURL: string | undefined, token: string) =>
  signedInContext(browser, baseURL, token, PHONE);

/** A screenshot at phone size, and at desktop size when asked; the page never scrolls sideways. */
async function shoot(page: Page, name: string, desk = false, dir = SHOTS): Promise<void> {
  const fits = () =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  await page.screenshot({ path: `${dir}/${name}-390.png`, fullPage: true });
  expect(await fits(), `${name} at 390 px`).toBe(true);
  if (!desk) return;
  await page.setViewportSize(DESK);
  await page.screenshot({ path: `${dir}/${name}-1280.png`, fullPage: true });
  expect(await fits(), `${name} at 1280 px`).toBe(true);
  await page.setViewportSize(PHONE);
}

/** One section of the page at 390 px, on a screen tall enough that the bottom bar covers none of it. */
async function shootSection(page: Page, section: Locator, name: string): Promise<void> {
  await page.setViewportSize({ width: PHONE.width, height: 1600 });
  await section.screenshot({ path: `test-results/leader/${name}-390.png` });
  await page.setViewportSize(PHONE);
}

/** The member's /study once the meeting credits were derived at least once. */
async function studyAfterCredits(page: Page): Promise<void> {
  await page.goto('/study');
  await expect(page.getByTestId('meeting-credits')).not.toHaveAttribute('data-runs', '0');
}

const STUDY = '学习《中国共产党支部工作条例（试行）》';
const AGREED = '整理本季度发掘日志并归档';
const POINTS = '周洁：要把支部建在考古工地上，发掘日志当天整理。';
const TOPIC = '传达上级党组织会议精神';
const FIRST_TOPIC = '通报本季度发掘进展';

test('a general meeting recorded offline credits each member present once, the absent one not', async ({
  browser,
  baseURL,
}) => {
  // Five phones, then the ledger and the report with their exports: longer than one journey's minute.
  test.setTimeout(150_000);
  const dig = await branchWithMembers('考古工地临时党支部', {
    zhou: { name: '周洁', role: 'secretary' },
    wang: { name: '王建华', role: 'member' },
    li: { name: '李梅', role: 'member' },
    zhao: { name: '赵刚', role: 'member' },
    sun: { name: '孙丽', role: 'member' },
  });
  const { zhou, wang, li, sun } = dig.members;
  const sec = await phone(browser, baseURL, zhou.token);
  const opened = [sec.context];
  try {
    const page = sec.page;
    // Online once at the office: the roster is kept on the phone.
    await page.goto('/members');
    await expect(page.locator('main').getByText('孙丽', { exact: true }).first()).toBeVisible();
    await page.goto('/study');
    await page.getByTestId('meetings-link').click();
    await expect(page.getByRole('heading', { name: '会议记录', level: 1 })).toBeVisible();
    await expect(page.getByTestId('meetings-source')).toHaveAttribute('data-source', 'server');
    await waitForServiceWorker(page);

    // At the camp, offline.
    await sec.context.setOffline(true);
    await page.getByRole('button', { name: '新建会议记录' }).click();
    await expect(page.getByLabel('会议类型')).toHaveValue('general');
    await page.getByLabel('日期').fill('2026-11-20');
    await shoot(page, 'new-record', true);
    await page.getByRole('button', { name: '新建', exact: true }).click();
    await expect(page).toHaveURL(/\/meetings\/[^/]+$/);
    const recordUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('heading', { level: 1 })).toContainText('支部党员大会');
    await expect(page.getByTestId('outbox-badge')).toHaveText('仅在本设备');

    await page.getByTestId('from-roster').click();
    await expect(page.getByTestId('attendee')).toHaveCount(5);
    // 按名册添加 again lists nobody twice.
    await page.getByTestId('from-roster').click();
    await expect(page.getByTestId('attendee')).toHaveCount(5);
    for (const name of ['周洁', '王建华', '李梅', '赵刚']) {
      await page
        .locator(`[data-testid="attendee"][data-name="${name}"]`)
        .getByRole('button', { name: '出席' })
        .click();
    }
    const absent = page.locator('[data-testid="attendee"][data-name="孙丽"]');
    await absent.getByRole('button', { name: '缺席' }).click();
    await absent.getByLabel('缺席原因').fill('在工地值守');
    await absent.getByLabel('缺席原因').press('Tab');
    await expect(page.getByTestId('headcount')).toHaveText(
      '应到 5 人，出席 4 人，缺席 1 人，请假 0 人',
    );
    await expect(page.getByTestId('quorum')).toHaveText('应到表决权党员 5 人，实到 4 人，超过半数');
    // A guest from the paired museum, listed and taken off again (after a confirmation).
    await page.getByLabel('姓名').fill('王老师');
    await page.getByLabel('单位或支部').fill('首都博物馆第一党支部');
    await page.getByRole('button', { name: '添加列席人员' }).click();
    const guest = page.getByRole('listitem').filter({ hasText: '王老师（首都博物馆第一党支部）' });
    await expect(guest).toBeVisible();
    await guest.getByRole('button', { name: '删除' }).click();
    await page
      .getByRole('alertdialog', { name: '确定删除这一条吗？' })
      .getByRole('button', { name: '删除' })
      .click();
    await expect(guest).toBeHidden();
    // The attendance as the secretary sees it on her phone.
    await page.getByTestId('headcount').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/attendance-390.png` });
    await page.getByLabel('学习题目').fill(STUDY);
    await page.getByLabel('学习题目').press('Tab');
    await page.getByTestId('study-credit').fill('2');
    await page.getByTestId('study-credit').press('Tab');
    await page.getByLabel('地点').fill('考古工地项目部');
    await page.getByLabel('地点').press('Tab');
    await page.getByRole('textbox', { name: '发言要点' }).click();
    await page.keyboard.type(POINTS);
    await page.getByRole('button', { name: '添加议定事项' }).click();
    await page.getByLabel('事项', { exact: true }).fill(AGREED);
    await page.getByLabel('事项', { exact: true }).press('Tab');
    await page.getByLabel('负责人').fill('李梅');
    await page.getByLabel('负责人').press('Tab');
    // The agenda, topics in order: added, typed, the second moved up to be the first.
    await page.getByRole('button', { name: '添加议题' }).click();
    await page.getByRole('textbox', { name: '第 1 项议题' }).fill(TOPIC);
    await page.getByRole('button', { name: '添加议题' }).click();
    await page.getByRole('textbox', { name: '第 2 项议题' }).fill(FIRST_TOPIC);
    await page.getByRole('button', { name: `上移：${FIRST_TOPIC}` }).click();
    const topics = page.getByTestId('meeting-topic').getByRole('textbox');
    await expect(topics.nth(0)).toHaveValue(FIRST_TOPIC);
    await expect(topics.nth(1)).toHaveValue(TOPIC);
    // What the meeting cost, in yuan: a mistyped amount says how to write one, and is not kept.
    await page.getByRole('button', { name: '添加支出' }).click();
    const line = page.getByTestId('spending-line');
    await line.getByRole('textbox', { name: '支出项目' }).fill('学习资料印制');
    const amount = line.getByRole('textbox', { name: '金额（元）' });
    await amount.fill('12o');
    await expect(line.getByRole('alert')).toHaveText(
      '金额请填数字，以元为单位，最多两位小数，如 120 或 120.50。',
    );
    await shootSection(
      page,
      page.locator('section[aria-labelledby="spending-title"]'),
      'spending-bad-amount',
    );
    await amount.fill('120.50');
    await expect(line.getByRole('alert')).toHaveCount(0);
    await amount.press('Tab');
    await expect(page.getByTestId('spending-total')).toHaveText('合计 120.50 元');
    await shootSection(page, page.locator('section[aria-labelledby="agenda-title"]'), 'agenda');
    await shootSection(page, page.locator('section[aria-labelledby="spending-title"]'), 'spending');
    await page.getByTestId('mark-held').click();
    await expect(page.getByTestId('meeting-status')).toHaveText('已召开');
    await shoot(page, 'record-held', true);

    await page.getByRole('link', { name: '← 会议记录' }).click();
    const item = page.getByTestId('meeting-item');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('支部党员大会');
    await expect(item).toContainText('2026年11月20日');
    await expect(item).toContainText('已召开');
    await expect(item).toContainText('仅在本设备');
    await shoot(page, 'list-offline', true);

    // Back online: registered without anyone doing anything.
    await sec.context.setOffline(false);
    await expect(item.getByTestId('outbox-badge')).toBeHidden();

    // Each present member's log shows the 2 学时, typed by nobody: 王建华 on two devices.
    const wang1 = await phone(browser, baseURL, wang.token);
    opened.push(wang1.context);
    await studyAfterCredits(wang1.page);
    const entry = (p: Page) =>
      p.getByTestId('study-list').getByRole('listitem').filter({ hasText: STUDY });
    await expect(entry(wang1.page)).toHaveCount(1);
    await expect(entry(wang1.page)).toContainText('2 学时');
    await expect(entry(wang1.page).getByTestId('entry-from-meeting')).toHaveText(
      '来自：2026年11月支部党员大会',
    );
    await shoot(wang1.page, 'member-study', true);

    const wang2 = await phone(browser, baseURL, wang.token);
    opened.push(wang2.context);
    await studyAfterCredits(wang2.page);
    await expect(entry(wang2.page)).toHaveCount(1);
    await wang1.page.reload();
    await expect(entry(wang1.page)).toHaveCount(1);
    await expect(wang1.page.getByTestId('study-list').getByRole('listitem')).toHaveCount(1);

    // The entry leads to the record, which the member may read but not change.
    await entry(wang1.page).getByTestId('entry-from-meeting').click();
    await expect(wang1.page).toHaveURL(recordUrl);
    await expect(wang1.page.getByTestId('meeting-read-only')).toBeVisible();
    await expect(wang1.page.getByTestId('mark-held')).toBeHidden();
    // The agenda and spending read as lists, with nothing to change them.
    await expect(wang1.page.getByTestId('meeting-topic')).toHaveText([FIRST_TOPIC, TOPIC]);
    await expect(wang1.page.getByTestId('spending-line')).toContainText('学习资料印制');
    await expect(wang1.page.getByTestId('spending-total')).toHaveText('合计 120.50 元');
    await expect(wang1.page.getByRole('button', { name: '添加议题' })).toHaveCount(0);
    await expect(wang1.page.getByRole('button', { name: '添加支出' })).toHaveCount(0);
    await expect(wang1.page.getByTestId('spending-line').getByRole('textbox')).toHaveCount(0);
    await shootSection(
      wang1.page,
      wang1.page.locator('section[aria-labelledby="spending-title"]'),
      'spending-read-only',
    );

    const liPhone = await phone(browser, baseURL, li.token);
    opened.push(liPhone.context);
    await studyAfterCredits(liPhone.page);
    await expect(entry(liPhone.page)).toHaveCount(1);
    // 李梅 was not there for the study part after all: she declines it like any entry, and it
    // stays declined when the app opens again.
    await entry(liPhone.page).locator('a').first().click();
    await liPhone.page.getByRole('button', { name: '删除这条记录' }).click();
    await expect(liPhone.page).toHaveURL(/\/study$/);
    await expect(entry(liPhone.page)).toHaveCount(0);
    await studyAfterCredits(liPhone.page);
    await expect(liPhone.page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced');
    await expect(entry(liPhone.page)).toHaveCount(0);

    // The absent member: the record reached her device, and gave her nothing.
    const sunPhone = await phone(browser, baseURL, sun.token);
    opened.push(sunPhone.context);
    await sunPhone.page.goto(recordUrl);
    await expect(sunPhone.page.getByTestId('meeting-status')).toHaveText('已召开');
    await studyAfterCredits(sunPhone.page);
    await expect(sunPhone.page.getByTestId('study-list').getByRole('listitem')).toHaveCount(0);
    // The binder is the committee's: a member is told so, and sees nothing of it.
    await sunPhone.page.goto('/meetings/binder');
    await expect(sunPhone.page.getByTestId('binder-committee-only')).toHaveText(
      '资料汇编由支部委员会整理，只有书记和支委可以生成。你可以在台账里查看已召开的活动。',
    );
    await expect(sunPhone.page.getByTestId('binder-export-word')).toHaveCount(0);

    // The secretary was present too: her own log has it.
    await studyAfterCredits(page);
    await expect(entry(page)).toHaveCount(1);

    // The ledger (台账), offline again: the record is its row № 1, typed by nobody.
    await page.goto('/meetings');
    await expect(page.getByTestId('meetings-source')).toHaveAttribute('data-source', 'server');
    await sec.context.setOffline(true);
    await page.getByTestId('ledger-link').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('2026年活动台账');
    const row = page.getByTestId('ledger-row');
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-number', '1');
    await expect(row.locator('[data-col="kind"]')).toHaveText('支部党员大会');
    await expect(row.locator('[data-col="theme"]')).toHaveText(STUDY);
    await expect(row.locator('[data-col="attendance"]')).toHaveText('5/4/1');
    await expect(row.locator('[data-col="credit"]')).toHaveText('2');
    await expect(row.locator('[data-col="resolutions"]')).toContainText(AGREED);
    // The agenda is the row's summary and the spending lines' total its spending, typed once.
    await expect(row.locator('[data-col="summary"]')).toHaveText(`${FIRST_TOPIC}；${TOPIC}`);
    await expect(row.locator('[data-col="spending"]')).toHaveText('120.50');
    await shoot(page, 'ledger', true);
    const sheetDownload = page.waitForEvent('download');
    await page.getByTestId('ledger-export-xlsx').click();
    const sheet = await sheetDownload;
    expect(sheet.suggestedFilename()).toBe('台账-2026年.xlsx');
    const cells = readXlsxRows(await readFile(await sheet.path()));
    expect(cells[1]?.slice(0, 3)).toEqual(['编号', '日期', '地点']);
    const first = cells.find((r) => r[0] === 1);
    expect(first?.slice(0, 10)).toEqual([
      1,
      '2026年11月20日',
      '考古工地项目部',
      '支部党员大会',
      STUDY,
      null,
      null,
      5,
      4,
      1,
    ]);
    expect(String(first?.[11])).toContain(AGREED);
    expect(first?.[10]).toBe(`${FIRST_TOPIC}；${TOPIC}`);
    expect(first?.[12]).toBe(2);
    expect(first?.[13]).toBe(120.5);
    // The A4 print layout, signed by the recorder and the secretary.
    await page.getByRole('link', { name: '打印' }).click();
    await expect(page.getByTestId('ledger-print')).toContainText(STUDY);
    await expect(page.locator('.signature')).toContainText('记录人：');
    await expect(page.locator('.signature')).toContainText('支部书记：');
    await shoot(page, 'ledger-print', true);
    await page.getByRole('link', { name: '‹ 返回' }).click();
    // The row opens its record.
    await row.getByRole('link', { name: STUDY }).click();
    await expect(page).toHaveURL(recordUrl);
    await page.goBack();

    // Issue 15 item 6, still offline: the inspector's binder of the year, built from the
    // phone's copies with its progress, as Word and as an A4 print view.
    await page.getByTestId('binder-link').click();
    await expect(page).toHaveURL(/\/meetings\/binder\?year=2026$/);
    await expect(page.getByTestId('binder-heading')).toHaveText('2026年支部工作资料汇编');
    await expect(page.getByTestId('binder-status')).toHaveText('已整理好，共 5 部分。');
    const contents = page.getByTestId('binder-contents');
    await expect(contents).toContainText('（一）2026年11月20日　支部党员大会：' + STUDY);
    await expect(contents).toContainText('收入活动台账 1 条、会议记录 1 份、党员学时 5 人');
    await shoot(page, 'binder', true, BINDER_SHOTS);
    const binderDownload = page.waitForEvent('download');
    await page.getByTestId('binder-export-word').click();
    const binderFile = await binderDownload;
    expect(binderFile.suggestedFilename()).toBe('考古工地临时党支部2026年资料汇编.docx');
    const binderBytes = await readFile(await binderFile.path());
    const binderXml = officeXml(binderBytes, /^word\/document\.xml$/);
    expect(binderXml).toMatch(/TOC \\h \\o &quot;1-2&quot;/);
    for (const text of [
      '一、活动台账',
      '二、会议记录',
      '三、党员学时统计',
      STUDY,
      '缺席人员：孙丽（在工地值守）',
      POINTS,
      AGREED,
      '记录人（签字）：',
      '支部书记：',
      '王建华',
    ]) {
      expect(binderXml, text).toContain(text);
    }
    expect(binderXml).not.toMatch(/排名|名次|得分|积分|分数|排行/);
    expect(officeXml(binderBytes, /^word\/footer\d+\.xml$/)).toMatch(/>PAGE</);
    await page.getByTestId('binder-print-link').click();
    const printed = page.getByTestId('binder-print');
    await expect(printed.locator('[data-part]')).toHaveCount(6);
    for (const heading of [
      '一、活动台账',
      '二、会议记录',
      '三、党员学时统计',
      '四、党课讲稿',
      '五、联建活动方案',
    ]) {
      await expect(printed.getByRole('heading', { name: heading })).toBeVisible();
    }
    await expect(printed.locator('[data-part="ledger"]')).toContainText(STUDY);
    await expect(printed).toContainText(POINTS);
    await expect(printed).toContainText('支部书记：');
    await shoot(page, 'binder-print', true, BINDER_SHOTS);
    await page.getByRole('link', { name: '‹ 返回' }).click();
    await page.getByRole('link', { name: '← 台账' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('2026年活动台账');

    // The monthly report (月报) for December: November's meeting is 上月, its item still open.
    await page.getByTestId('report-link').click();
    await page.getByTestId('report-month').fill('2026-12');
    await expect(page.getByTestId('report-heading')).toHaveText('2026年12月支部工作月报');
    await expect(page.getByTestId('report-held')).toHaveValue(
      `1. 2026年11月20日，支部党员大会“${STUDY}”，应到5人，实到4人，计2学时，支出120.50元。`,
    );
    await expect(page.getByTestId('report-followUp')).toHaveValue(new RegExp(AGREED));
    // The committee adds this month's plan by hand; it stays on the phone.
    const plan = '1. 12月下旬召开组织生活会，开展民主评议党员。';
    await page.getByTestId('report-scheduled').fill(plan);
    await expect(page.getByTestId('report-edited')).toBeVisible();
    await shoot(page, 'report', true);
    const wordDownload = page.waitForEvent('download');
    await page.getByTestId('report-export-word').click();
    const word = await wordDownload;
    expect(word.suggestedFilename()).toBe('月报-2026年12月.docx');
    const documentXml = officeXml(await readFile(await word.path()), /^word\/document\.xml$/);
    for (const text of ['2026年12月支部工作月报', '支部党员大会', STUDY, AGREED, plan]) {
      expect(documentXml).toContain(text);
    }
    expect(documentXml).not.toMatch(/排名|得分|积分/);
    await page.getByRole('link', { name: '打印' }).click();
    await expect(page.getByTestId('report-print')).toContainText(plan);
    await shoot(page, 'report-print', true);
    await page.getByRole('link', { name: '返回月报' }).click();
    await expect(page.getByTestId('report-scheduled')).toHaveValue(plan);
    await sec.context.setOffline(false);
    await page.reload();
    await expect(page.getByTestId('report-scheduled')).toHaveValue(plan);
    // 重新生成 asks first, then the text is the records' again.
    await page.getByRole('button', { name: '重新生成' }).click();
    await page
      .getByRole('alertdialog', { name: '按记录重新生成月报吗？' })
      .getByRole('button', { name: '重新生成' })
      .click();
    await expect(page.getByTestId('report-edited')).toBeHidden();
    await expect(page.getByTestId('report-scheduled')).toHaveValue('');
  } finally {
    for (const context of opened) await context.close();
  }
});
