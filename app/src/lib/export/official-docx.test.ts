import { describe, expect, it } from 'vitest';
import { officialDocxBlob } from './official-docx.ts';

describe('officialDocxBlob', () => {
  it('writes a Word (zip) file from document blocks', async () => {
    const blob = await officialDocxBlob([
      { kind: 'title', text: '走进考古工地' },
      { kind: 'subtitle', text: '“1+1+X”主题党日活动方案' },
      { kind: 'heading', text: '一、活动目的' },
      {
        kind: 'rich',
        blocks: [
          {
            kind: 'item',
            level: 1,
            number: 1,
            runs: [{ text: '把支部建在\n考古工地上', bold: true, italic: false }],
          },
        ],
      },
      { kind: 'table', columns: ['序号', '内容'], widths: [20, 80], rows: [['1', '领学']] },
      { kind: 'signatures', lines: ['主持人（签字）：'] },
    ]);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(1000);
    expect(String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0)).toBe('PK');
  });
});
