import { expect, test, waitForServiceWorker } from '../fixtures.ts';

test('the shell renders in Chinese with the three sections', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation').first();
  for (const label of ['学习记录', '党课讲稿', '联建活动']) {
    await expect(nav.getByRole('link', { name: label })).toBeVisible();
  }
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('English is fetched when chosen, kept across an offline reload, and Chinese is one tap back', async ({
  page,
  context,
}) => {
  await page.goto('/study');
  await waitForServiceWorker(page);
  const nav = page.getByRole('navigation').first();
  await expect(nav.getByRole('link', { name: '学习记录' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(nav.getByRole('link', { name: 'Study log' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // No key shown bare, and no Chinese label left behind in the navigation.
  await expect(nav).not.toContainText('nav.');
  await expect(nav).not.toContainText('学习记录');

  await context.setOffline(true);
  await page.reload();
  await expect(nav.getByRole('link', { name: 'Study log' })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(nav.getByRole('link', { name: '学习记录' })).toBeVisible();
  await context.setOffline(false);
});

test('the server answers health, manifest and service worker with the right caching', async ({
  request,
}) => {
  const health = await request.get('/healthz');
  expect(health.status()).toBe(200);
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  const body = (await manifest.json()) as {
    name: string;
    display: string;
    icons: { sizes: string; purpose?: string }[];
  };
  expect(body.name).toBe('支部手记');
  expect(body.display).toBe('standalone');
  expect(body.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(body.icons.some((i) => i.purpose?.includes('maskable'))).toBe(true);
  const worker = await request.get('/service-worker.js');
  expect(worker.status()).toBe(200);
  expect(worker.headers()['cache-control']).toBe('no-cache');
  const index = await request.get('/study');
  expect(index.headers()['cache-control']).toBe('no-cache');
  const html = await index.text();
  expect(html).toContain('_app/immutable');
  // The app's code goes compressed to a browser that takes it (a third of the bytes or less).
  const entry = /\/_app\/immutable\/[^"']+\.js/.exec(html)?.[0] ?? '';
  const compressed = await request.get(entry, { headers: { 'Accept-Encoding': 'br' } });
  expect(compressed.headers()['content-encoding']).toBe('br');
  expect(compressed.headers()['vary']).toContain('Accept-Encoding');
});

test('after one online visit, the shell loads offline from the service worker', async ({
  page,
  context,
}) => {
  await page.goto('/study');
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await expect(
    page.getByRole('navigation').first().getByRole('link', { name: '学习记录' }),
  ).toBeVisible();
  await expect(page.getByRole('textbox', { name: '学习内容' })).toBeVisible();
  // A deep link never visited before also works offline.
  await page.goto('/plans');
  await expect(
    page.getByRole('navigation').first().getByRole('link', { name: '联建活动' }),
  ).toBeVisible();
});
