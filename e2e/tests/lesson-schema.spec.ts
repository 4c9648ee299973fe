import type { Page } from '@playwright/test';
import * as Y from 'yjs';
import { SCHEMA_VERSION } from '@branchbook/model';
import { expect, test } from '../fixtures.ts';
import { branchWithMembers, signedInContext } from '../journeys.ts';
import { LessonEditorPage } from '../page-models/lesson-editor-page.ts';
import { LessonListPage } from '../page-models/lesson-list-page.ts';

const NEWER = SCHEMA_VERSION.lesson + 1;

function varUint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest > 127) {
    out.push((rest & 127) | 128);
    rest >>>= 7;
  }
  out.push(rest);
  return out;
}

/** A y-websocket sync message: 0 = step 1 (a state vector), 2 = an update. */
function syncMessage(type: 0 | 2, payload: Uint8Array): number[] {
  return [0, type, ...varUint(payload.length), ...payload];
}

/**
 * One round trip on a raw sync socket opened from the page (so it has the page's origin), as a
 * client that declares schema `schema`: sends `message`, resolves with the first message whose
 * leading bytes are `until`.
 */
async function roundTrip(
  page: Page,
  id: string,
  token: string,
  schema: number,
  message: number[],
  until: number[],
): Promise<Uint8Array> {
  const bytes = await page.evaluate(
    ({ url, message, until }) =>
      new Promise<number[]>((resolve, reject) => {
        const socket = new WebSocket(url);
        socket.binaryType = 'arraybuffer';
        socket.onopen = () => socket.send(new Uint8Array(message));
        socket.onmessage = (event: MessageEvent<ArrayBuffer>) => {
          const data = new Uint8Array(event.data);
          if (until.every((byte, i) => data[i] === byte)) {
            socket.close();
            resolve(Array.from(data));
          }
        };
        socket.onclose = (event) => reject(new Error(`socket closed (${event.code})`));
      }),
    {
      url: `${new URL(page.url()).origin.replace(/^http/, 'ws')}/sync/lesson:${id}?token=${encodeURIComponent(token)}&schema=${schema}&saved=1`,
      message,
      until,
    },
  );
  return new Uint8Array(bytes);
}

/** The server's copy of `lesson:<id>` as a Yjs doc (read as a stock client). */
async function serverCopy(page: Page, id: string, token: string): Promise<Y.Doc> {
  const step2 = await roundTrip(
    page,
    id,
    token,
    SCHEMA_VERSION.lesson,
    syncMessage(0, Y.encodeStateVector(new Y.Doc())),
    [0, 1],
  );
  let offset = 2;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = step2[offset++] ?? 0;
    length |= (byte & 127) << shift;
    if (byte < 128) break;
  }
  const doc = new Y.Doc();
  Y.applyUpdate(doc, step2.subarray(offset, offset + length));
  return doc;
}

/** Writes `change` into the server's copy as a newer client would (declaring the newer schema). */
async function writeAsNewerClient(
  page: Page,
  id: string,
  token: string,
  change: (doc: Y.Doc) => void,
): Promise<void> {
  const doc = await serverCopy(page, id, token);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  doc.transact(() => change(doc));
  await roundTrip(page, id, token, NEWER, syncMessage(2, Y.mergeUpdates(updates)), [4]);
}

/** What a newer app writes: a raised minWriterVersion and a node this build's schema lacks. */
function raiseSchemaAndAddCallout(doc: Y.Doc): void {
  doc.getMap('meta').set('kind', 'lesson');
  doc.getMap('meta').set('schemaVersion', NEWER);
  doc.getMap('meta').set('minWriterVersion', NEWER);
  const callout = new Y.XmlElement('callout');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('新版本才有的提示框')]);
  callout.insert(0, [paragraph]);
  const body = doc.getXmlFragment('body');
  body.insert(body.length, [callout]);
}

function bodyTypes(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment('body')
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.nodeName : 'text'));
}

/** Counts document updates the page sends on its lesson sockets. */
function countSentUpdates(page: Page): () => number {
  let count = 0;
  page.on('websocket', (socket) => {
    if (!socket.url().includes('/sync/lesson:') || socket.url().includes(`schema=${NEWER}`)) return;
    socket.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string' && payload[0] === 0 && payload[1] === 2) count++;
    });
  });
  return () => count;
}

test('a draft from a newer app version opens read-only and this client never writes it', async ({
  browser,
  baseURL,
}) => {
  const { branchId, members } = await branchWithMembers('考古所第三党支部', {
    author: { name: '周涛', role: 'member' },
  });
  const { context, page } = await signedInContext(browser, baseURL, members.author.token);
  try {
    const token = members.author.token;
    const id = `newer${Date.now().toString(36)}`;
    const registered = await fetch(new URL('/api/lessons', baseURL), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id, branch: branchId }),
    });
    expect(registered.status).toBe(201);
    await writeAsNewerClient(page, id, token, (doc) => {
      doc.getMap('lesson').set('id', id);
      doc.getMap('lesson').set('authorId', members.author.userId);
      doc.getMap('lesson').set('title', '来自新版本的讲稿');
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('旧版本只能阅读。')]);
      doc.getXmlFragment('body').insert(0, [paragraph]);
      raiseSchemaAndAddCallout(doc);
    });

    const sent = countSentUpdates(page);
    const editor = new LessonEditorPage(page);
    await editor.goto(id);
    await expect(page.getByTestId('newer-schema')).toContainText(
      '此讲稿由新版本创建，请更新应用后编辑',
    );
    await expect(editor.readView).toContainText('旧版本只能阅读。');
    await expect(editor.readView).toContainText('新版本才有的提示框');
    await expect(editor.editor).toHaveCount(0);
    await expect(page.getByLabel('题目', { exact: true })).toBeDisabled();
    await expect(page.getByRole('button', { name: '保存版本' })).toHaveCount(0);
    // (Submitting for review stays: the registry records it; it writes nothing into the draft.)
    await editor.expectSyncState('synced');

    // Reopened from this device's copy, still nothing written.
    await page.reload();
    await expect(page.getByTestId('newer-schema')).toBeVisible();
    await editor.expectSyncState('synced');
    expect(sent()).toBe(0);
    expect(bodyTypes(await serverCopy(page, id, token))).toEqual(['paragraph', 'callout']);
  } finally {
    await context.close();
  }
});

test('a newer client raising the schema while the draft is open makes it read-only before anything is lost', async ({
  browser,
  baseURL,
}) => {
  const { members } = await branchWithMembers('考古所第四党支部', {
    author: { name: '吴敏', role: 'member' },
  });
  const { context, page } = await signedInContext(browser, baseURL, members.author.token);
  try {
    const token = members.author.token;
    await new LessonListPage(page).goto();
    const id = await new LessonListPage(page).create();
    const editor = new LessonEditorPage(page);
    await editor.appendBlock('一、写到一半', '一级标题');
    await editor.expectSyncState('synced');

    const sent = countSentUpdates(page);
    await writeAsNewerClient(page, id, token, raiseSchemaAndAddCallout);

    // The editor lets go of the text before it would render (and delete) the unknown node.
    await expect(page.getByTestId('newer-schema')).toBeVisible();
    await expect(editor.editor).toHaveCount(0);
    await expect(editor.readView).toContainText('一、写到一半');
    await expect(editor.readView).toContainText('新版本才有的提示框');
    await editor.expectSyncState('synced');
    expect(sent()).toBe(0);
    expect(bodyTypes(await serverCopy(page, id, token))).toEqual(['heading', 'callout']);
  } finally {
    await context.close();
  }
});
