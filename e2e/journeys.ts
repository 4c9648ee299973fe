import type { Browser, BrowserContext, Page } from '@playwright/test';
import { branch, memberWithToken, uniqueId } from './admin.ts';
import { SignInPage } from './page-models/signin-page.ts';

export type Role = 'secretary' | 'committee' | 'member';

/** A fresh branch with one member per entry of `people`; returns their ids and tokens. */
export async function branchWithMembers<K extends string>(
  branchName: string,
  people: Record<K, { name: string; role: Role }>,
): Promise<{
  branchId: string;
  members: Record<K, { userId: string; name: string; token: string }>;
}> {
  const branchId = uniqueId('b');
  await branch(branchId, branchName);
  const members = {} as Record<K, { userId: string; name: string; token: string }>;
  for (const key of Object.keys(people) as K[]) {
    const { name, role } = people[key];
    const userId = uniqueId('u');
    members[key] = { userId, name, token: await memberWithToken(branchId, userId, name, role) };
  }
  return { branchId, members };
}

/** A new browser context whose page has signed in through the 登录 screen with `token`. */
export async function signedInContext(
  browser: Browser,
  baseURL: string | undefined,
  token: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN' });
  const page = await context.newPage();
  await new SignInPage(page).signInWithToken(token);
  return { context, page };
}
