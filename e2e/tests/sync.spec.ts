import { expect, test, useDeviceUser } from '../fixtures.ts';

test('an entry added in one browser appears in another through the server', async ({
  browser,
  baseURL,
}) => {
  const userId = `e2e${Date.now().toString(36)}`;
  const first = await browser.newContext({ baseURL });
  const second = await browser.newContext({ baseURL });
  try {
    const a = await first.newPage();
    const b = await second.newPage();
    await useDeviceUser(a, userId);
    await useDeviceUser(b, userId);
    await a.goto('/study');
    await b.goto('/study');

    await a.getByRole('textbox', { name: '学习内容' }).fill('学习党的二十大报告');
    await a.getByRole('button', { name: '保存' }).click();

    await expect(a.getByText('学习党的二十大报告')).toBeVisible();
    await expect(a.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced');
    await expect(b.getByText('学习党的二十大报告')).toBeVisible();
  } finally {
    await first.close();
    await second.close();
  }
});
