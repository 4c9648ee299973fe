import { describe, expect, it } from 'vitest';
import { officialAnchor, officialDocxBlob, officialDocxParts } from './official-docx.ts';
import { docxXml } from './test-docx.ts';

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

describe('officialDocxParts', () => {
  it('starts each part on a new page, turns a wide one, and leads the contents to bookmarks', async () => {
    const blob = await officialDocxParts([
      {
        blocks: [
          { kind: 'title', text: '2026年支部工作资料汇编' },
          {
            kind: 'toc',
            title: '目录',
            entries: [
              { id: 'ledger', level: 1, text: '一、活动台账' },
              { id: 'record-1', level: 2, text: '（一）支部党员大会' },
            ],
          },
        ],
      },
      {
        landscape: true,
        blocks: [
          { kind: 'section', id: 'ledger', level: 1, text: '一、活动台账' },
          { kind: 'table', columns: ['编号'], widths: [100], rows: [['1']], small: true },
        ],
      },
      { blocks: [{ kind: 'section', id: 'record-1', level: 2, text: '（一）支部党员大会' }] },
    ]);
    const document = await docxXml(blob, /^word\/document\.xml$/);
    expect(document).toMatch(/TOC \\h \\o &quot;1-2&quot;/);
    expect(document).toContain(`w:anchor="${officialAnchor('record-1')}"`);
    expect(document).toContain(`w:name="${officialAnchor('record-1')}" w:id="2"`);
    expect(document).toContain('w:orient="landscape"');
    expect(document.match(/w:type w:val="nextPage"/g)).toHaveLength(3);
    expect(document).toContain('<w:pStyle w:val="Heading1"/>');
    expect(await docxXml(blob, /^word\/settings\.xml$/)).toContain('w:updateFields');
    const footers = await docxXml(blob, /^word\/footer\d+\.xml$/);
    expect(footers).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
  });

  it('names bookmarks as Word wants them: a letter first, no hyphen, at most 40 characters', () => {
    expect(officialAnchor('record-01HZY')).toBe('s_record_01HZY');
    expect(officialAnchor('x'.repeat(60))).toHaveLength(40);
  });
});
