/**
 * Measures the study screens (a script, not a test): `pnpm -F @branchbook/e2e measure:study`
 * after `pnpm -F @branchbook/app build`. Prints
 *  1. gzip KB of the JavaScript the /study screens load (budget ≤ 150 KB), and whether the
 *     on-demand export chunks are in the service worker's precache manifest;
 *  2. time from navigation to a rendered list of 5,000 entries read from IndexedDB, offline;
 *  3. bytes per entry of the encoded study doc with realistic Chinese fields.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { STUDY_FORMS, addEntry, stampMeta, studyLog, updateEntry } from '@branchbook/model';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.ts';
import globalSetup from './global-setup.ts';

const BUILD = fileURLToPath(new URL('../app/build', import.meta.url));
const BUDGET_KB = 150;
const ENTRIES = 5000;
const RUNS = 5;

const TOPICS = [
  '学习党的二十大报告第三部分',
  '学习《中国共产党章程》总纲',
  '观看《复兴之路》第三集',
  '专题研讨：把支部建在考古工地上',
  '参观良渚古城遗址考古现场',
  '学习《中国共产党支部工作条例（试行）》',
  '微党课：文物保护中的初心使命',
  '学习习近平总书记关于文化遗产保护的重要论述',
];
const PLACES = [
  '所部三楼会议室',
  '良渚考古工地临时党支部',
  '线上会议',
  '科技馆报告厅',
  '国家博物馆',
];
const PEOPLE = ['李红', '张明', '陈静', '王芳', '赵磊'];
const REFLECTION =
  '通过学习，进一步认识到文物保护工作是党和国家事业的重要组成部分，要把学习成果转化为做好本职工作的实际行动，守护好中华文明的根脉。';

/**
 * A study doc with `count` entries over the last years, written as a member would: one entry per
 * transaction, from two devices (phone and laptop) kept in sync, and one entry in ten edited
 * later on the other device (a place corrected), which leaves the overwritten value behind.
 */
function seededDoc(count: number): Y.Doc {
  const phone = new Y.Doc();
  const laptop = new Y.Doc();
  phone.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'peer') Y.applyUpdate(laptop, update, 'peer');
  });
  laptop.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'peer') Y.applyUpdate(phone, update, 'peer');
  });
  stampMeta(phone, 'study');
  for (let i = 0; i < count; i++) {
    const device = i % 2 === 0 ? phone : laptop;
    const other = device === phone ? laptop : phone;
    const day = new Date(Date.UTC(2026, 10, 20) - i * 86_400_000 * 0.7);
    const id = `${i.toString(16).padStart(8, '0')}${'ab12cd34'.repeat(3)}`;
    addEntry(
      studyLog(device),
      id,
      {
        date: day.toISOString().slice(0, 10),
        minutes: [60, 120, 240, 480][i % 4] ?? 60,
        form: STUDY_FORMS[i % STUDY_FORMS.length] ?? 'group',
        title: TOPICS[i % TOPICS.length] ?? '',
        place: PLACES[i % PLACES.length] ?? '',
        organiser: '考古研究所第一党支部',
        leadReader: PEOPLE[i % PEOPLE.length] ?? '',
        source: i % 2 === 0 ? '《习近平谈治国理政》第四卷' : '',
        chapter: i % 2 === 0 ? `第${(i % 12) + 1}章` : '',
        // About one entry in three carries a reflection of a couple of sentences.
        reflection: i % 3 === 0 ? REFLECTION : '',
      },
      Date.UTC(2026, 0, 1) + i,
    );
    if (i % 10 === 0) updateEntry(studyLog(other), id, { place: '所部二楼党员活动室' });
  }
  return phone;
}

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

async function gzipSize(urlPath: string): Promise<number> {
  const file = await readFile(join(BUILD, new URL(urlPath).pathname));
  return gzipSync(file, { level: 9 }).byteLength;
}

function collectScripts(page: Page): Set<string> {
  const urls = new Set<string>();
  page.on('response', (response) => {
    const url = response.url();
    if (url.endsWith('.js') && url.includes('/_app/')) urls.add(url);
  });
  return urls;
}

async function total(urls: Iterable<string>): Promise<number> {
  let sum = 0;
  for (const url of urls) sum += await gzipSize(url);
  return sum;
}

async function main(): Promise<void> {
  const teardown = await globalSetup();
  const baseURL = process.env.BRANCHBOOK_URL ?? '';
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    // 1. JavaScript of the study screens.
    const context = await browser.newContext({ baseURL, locale: 'zh-CN', serviceWorkers: 'block' });
    const page = await context.newPage();
    const scripts = collectScripts(page);
    // What Chromium received for the first load, headers and bodies as served (compressed).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    let wire = 0;
    const wireByUrl = new Map<string, number>();
    const urlOf = new Map<string, string>();
    cdp.on('Network.requestWillBeSent', (event) => urlOf.set(event.requestId, event.request.url));
    cdp.on('Network.loadingFinished', (event) => {
      wire += event.encodedDataLength;
      const url = urlOf.get(event.requestId) ?? '?';
      wireByUrl.set(url, (wireByUrl.get(url) ?? 0) + event.encodedDataLength);
    });
    await page.goto('/study');
    await page.getByRole('button', { name: '保存' }).waitFor();
    await page.waitForLoadState('networkidle');
    const firstLoadWire = wire;
    const firstLoadByUrl = [...wireByUrl];
    const studyJs = await total(scripts);
    const beforeYear = new Set(scripts);
    await page.getByRole('link', { name: '我的年度' }).click();
    await page.getByTestId('year-counted').waitFor();
    await page.getByTestId('study-list').or(page.getByTestId('year-counted')).first().waitFor();
    const yearOnly = [...scripts].filter((url) => !beforeYear.has(url));
    const beforeExport = new Set(scripts);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 Excel' }).click();
    await download;
    const exportOnly = [...scripts].filter((url) => !beforeExport.has(url));
    const worker = await readFile(join(BUILD, 'service-worker.js'), 'utf8');
    const exportPrecached = exportOnly.every((url) => worker.includes(new URL(url).pathname));
    await context.close();

    console.log(`/study first load over the wire: ${kb(firstLoadWire)} KB (goal ≤ 120 KB)`);
    if (process.argv.includes('--files')) {
      const rows = firstLoadByUrl.sort((a, b) => b[1] - a[1]).slice(0, 15);
      for (const [url, bytes] of rows) console.log(`    ${kb(bytes).padStart(6)} KB  ${url}`);
    }
    console.log('JavaScript (gzip, level 9, of the files the browser fetched):');
    console.log(`  /study first load:        ${kb(studyJs)} KB  (budget ${BUDGET_KB} KB)`);
    if (process.argv.includes('--files')) {
      for (const url of beforeYear) {
        console.log(`    ${kb(await gzipSize(url)).padStart(6)} KB  ${new URL(url).pathname}`);
      }
    }
    console.log(`  + 我的年度 on navigation:  ${kb(await total(yearOnly))} KB`);
    console.log(
      `  + Excel export on demand: ${kb(await total(exportOnly))} KB in ${exportOnly.length} chunk(s); ` +
        `in the precache manifest: ${exportPrecached ? 'yes' : 'NO'}`,
    );

    // 2. 5,000 entries from IndexedDB, offline.
    const doc = seededDoc(ENTRIES);
    const update = Y.encodeStateAsUpdate(doc);
    const offline = await browser.newContext({ baseURL, locale: 'zh-CN' });
    const tab = await offline.newPage();
    const deviceId = 'measure5000';
    await tab.addInitScript((id) => localStorage.setItem('branchbook.userId', id), deviceId);
    await tab.goto('/study');
    await tab.waitForFunction(
      async () => {
        await navigator.serviceWorker.ready;
        return navigator.serviceWorker.controller !== null;
      },
      undefined,
      { timeout: 20_000 },
    );
    await tab.evaluate(
      async ({ name, bytes }) => {
        // The layout y-indexeddb uses: an auto-increment `updates` store and a `custom` store.
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onupgradeneeded = () => {
            request.result.createObjectStore('updates', { autoIncrement: true });
            request.result.createObjectStore('custom');
          };
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('updates', 'readwrite');
          tx.objectStore('updates').add(new Uint8Array(bytes));
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { name: `branchbook:study:${deviceId}`, bytes: [...update] },
    );
    await offline.setOffline(true);
    const times: number[] = [];
    let rows = 0;
    for (let run = 0; run < RUNS; run++) {
      await tab.reload({ waitUntil: 'commit' });
      const handle = await tab.waitForFunction(
        () => {
          const list = document.querySelector('[data-testid="study-list"]');
          const shown = list?.querySelectorAll('li').length ?? 0;
          return shown > 0 ? { at: performance.now(), shown } : null;
        },
        undefined,
        { polling: 'raf', timeout: 30_000 },
      );
      const result = (await handle.jsonValue()) as { at: number; shown: number };
      times.push(result.at);
      rows = result.shown;
    }
    const totals = await tab.getByTestId('year-totals').innerText();
    await offline.close();
    times.sort((a, b) => a - b);
    console.log(`\n${ENTRIES} entries from IndexedDB, offline (service worker), ${RUNS} reloads:`);
    console.log(
      `  navigation → list rendered: median ${times[Math.floor(RUNS / 2)]?.toFixed(0)} ms ` +
        `(min ${times[0]?.toFixed(0)}, max ${times.at(-1)?.toFixed(0)})`,
    );
    console.log(`  rows rendered at first: ${rows} (whole months, ≥ 100 entries; more on request)`);
    console.log(`  year totals shown: ${totals.replace(/\s+/g, ' ')}`);

    // 3. Bytes per entry.
    console.log(`\nEncoded study doc: ${update.byteLength} bytes for ${ENTRIES} entries`);
    console.log(
      `  ${(update.byteLength / ENTRIES).toFixed(0)} bytes per entry (Y.encodeStateAsUpdate)`,
    );
    console.log(
      `  gzip of the update: ${(gzipSync(update).byteLength / ENTRIES).toFixed(0)} bytes per entry`,
    );
  } finally {
    await browser.close();
    await teardown();
  }
}

await main();
