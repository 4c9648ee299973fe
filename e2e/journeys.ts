import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { admin, branch, memberWithToken, uniqueId } from './admin.ts';
import { SignInPage } from './page-models/signin-page.ts';

export type Role = 'secretary' | 'committee' | 'member';

/** A committee member's portfolio, as `pnpm admin member add --duty` takes it. */
export type Duty = 'deputy' | 'organisation' | 'publicity' | 'discipline';

type People<K extends string> = Record<K, { name: string; role: Role; duty?: Duty }>;

/** A fresh branch with one member per entry of `people`; returns their ids and tokens. */
export async function branchWithMembers<K extends string>(
  branchName: string,
  people: People<K>,
): Promise<{
  branchId: string;
  members: Record<K, { userId: string; name: string; token: string }>;
}> {
  const branchId = uniqueId('b');
  await branch(branchId, branchName);
  const members = {} as Record<K, { userId: string; name: string; token: string }>;
  for (const key of Object.keys(people) as K[]) {
    const { name, role, duty } = people[key];
    const userId = uniqueId('u');
    const token = await memberWithToken(branchId, userId, name, role, duty);
    members[key] = { userId, name, token };
  }
  return { branchId, members };
}

/** Two fresh branches, each with its people, paired for joint theme days (`admin pair`). */
export async function pairedBranches<A extends string, B extends string>(
  first: [branchName: string, people: People<A>],
  second: [branchName: string, people: People<B>],
): Promise<
  [
    Awaited<ReturnType<typeof branchWithMembers<A>>>,
    Awaited<ReturnType<typeof branchWithMembers<B>>>,
  ]
> {
  const a = await branchWithMembers(...first);
  const b = await branchWithMembers(...second);
  await admin('pair', '--branches', `${a.branchId},${b.branchId}`);
  return [a, b];
}

/**
 * A new browser context whose page has signed in through the 登录 screen with `token`; at
 * `viewport` when given (a phone: `{ width: 390, height: 844 }`).
 */
export async function signedInContext(
  browser: Browser,
  baseURL: string | undefined,
  token: string,
  viewport?: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    ...(viewport ? { viewport } : {}),
  });
  const page = await context.newPage();
  await new SignInPage(page).signInWithToken(token);
  return { context, page };
}

/** The text of every XML part of an Office file (.docx, .xlsx) whose name matches `part`. */
export function officeXml(file: Uint8Array, part: RegExp): string {
  const files = unzipSync(file);
  return Object.entries(files)
    .filter(([name]) => part.test(name))
    .map(([, data]) => strFromU8(data))
    .join('\n');
}

/**
 * The cells of the first worksheet of an .xlsx file, row by row (shared and inline strings as
 * text, numbers as numbers). Enough to check an export without a spreadsheet library.
 */
export function readXlsxRows(file: Uint8Array): (string | number | null)[][] {
  const files = unzipSync(file);
  const text = (name: string) => {
    const data = files[name];
    if (!data) throw new Error(`${name} is missing from the workbook`);
    return strFromU8(data);
  };
  const shared = files['xl/sharedStrings.xml']
    ? [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
        xmlText(m[1] ?? ''),
      )
    : [];
  const rows: (string | number | null)[][] = [];
  for (const row of text('xl/worksheets/sheet1.xml').matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
    const cells: (string | number | null)[] = [];
    for (const cell of (row[1] ?? '').matchAll(
      /<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g,
    )) {
      const column = columnIndex(cell[1] ?? 'A');
      const attributes = cell[2] ?? '';
      const body = cell[3] ?? '';
      const value = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let parsed: string | number | null = null;
      if (/t="s"/.test(attributes) && value !== undefined) parsed = shared[Number(value)] ?? null;
      else if (/t="inlineStr"/.test(attributes)) parsed = xmlText(body);
      else if (/t="str"/.test(attributes) && value !== undefined) parsed = unescapeXml(value);
      else if (value !== undefined) parsed = Number(value);
      while (cells.length < column) cells.push(null);
      cells[column] = parsed;
    }
    rows.push(cells);
  }
  return rows;
}

function xmlText(xml: string): string {
  return [...xml.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1] ?? '')).join('');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function columnIndex(letters: string): number {
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}
