import type { BrowserContext, Page } from '@playwright/test';
import { expect, test, waitForServiceWorker } from '../fixtures.ts';
import { pairedBranches } from '../journeys.ts';
import { AccountPage } from '../page-models/account-page.ts';
import { LessonEditorPage } from '../page-models/lesson-editor-page.ts';
import { LessonListPage } from '../page-models/lesson-list-page.ts';
import { PlanEditorPage } from '../page-models/plan-editor-page.ts';
import { PlanListPage } from '../page-models/plan-list-page.ts';
import { SignInPage } from '../page-models/signin-page.ts';
import { StudyPage } from '../page-models/study-page.ts';

/**
 * Everything the CSP blocked, across navigations: each page's `securitypolicyviolation` events
 * (listened for before the app's first script, reported through a binding) and console messages
 * naming the policy.
 */
async function watchPolicy(context: BrowserContext, page: Page): Promise<string[]> {
  const blocked: string[] = [];
  await context.exposeBinding('reportCspViolation', (_source, text: string) => {
    blocked.push(text);
  });
  await context.addInitScript(() => {
    const report = (window as unknown as { reportCspViolation: (text: string) => void })
      .reportCspViolation;
    document.addEventListener('securitypolicyviolation', (event) =>
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`),
    );
  });
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) blocked.push(message.text());
  });
  page.on('pageerror', (error) => {
    if (/content security policy/i.test(error.message)) blocked.push(error.message);
  });
  return blocked;
}

test('every main tab works under the server’s security headers, syncing and offline-ready', async ({
  browser,
  baseURL,
}) => {
  const [office] = await pairedBranches(
    ['文物局办公室党支部', { wang: { name: '王芳', role: 'secretary' } }],
    ['首都博物馆第一党支部', { li: { name: '李强', role: 'committee' } }],
  );
  const context = await browser.newContext({ baseURL, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    const violations = await watchPolicy(context, page);
    await new SignInPage(page).signInWithToken(office.members.wang.token);
    expect(violations).toEqual([]);

    const response = await page.goto('/study');
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');

    // 学习记录: an entry syncs over the WebSocket (connect-src 'self' must cover ws:).
    const study = new StudyPage(page);
    await expect(study.saveButton).toBeEnabled();
    await study.addEntry('学习《中国共产党章程》');
    await study.expectSyncState('synced');
    await waitForServiceWorker(page);
    for (const path of ['/study/year', '/study/branch']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    }

    // 党课讲稿: the rich-text editor (Tiptap injects its own <style>) and its sync.
    const lessons = new LessonListPage(page);
    await lessons.goto();
    await lessons.create();
    const lesson = new LessonEditorPage(page);
    await lesson.appendBlock('一、为什么要坚定理想信念', '一级标题');
    await lesson.expectSyncState('synced');

    // 联建活动: a joint plan with the paired branch.
    const plans = new PlanListPage(page);
    await plans.goto();
    await plans.createPlan();
    const plan = new PlanEditorPage(page);
    await plan.theme.fill('走进考古工地，重温入党誓词');
    await plan.expectSynced();

    await new AccountPage(page).goto();

    expect(violations).toEqual([]);
    // The service worker registered under the policy and controls the page.
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(
      /\/service-worker\.js$/,
    );
  } finally {
    await context.close();
  }
});
