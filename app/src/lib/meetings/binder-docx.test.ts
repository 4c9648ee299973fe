import { describe, expect, it } from 'vitest';
import { officialAnchor } from '$lib/export/official-docx.ts';
import { docxXml } from '$lib/export/test-docx.ts';
import { binderDocument } from './binder-document.ts';
import { binderDocxBlob } from './binder-docx.ts';
import { STUDY, binderFacts } from './test-binder.ts';
import { RANKING_WORDS, testTranslate as t } from './test-messages.ts';

describe('the binder as a Word file', () => {
  it('holds the contents, page numbers in the footer, the minutes and the signature lines', async () => {
    const binder = binderDocument(binderFacts(), t);
    const blob = await binderDocxBlob(binder);
    const document = await docxXml(blob, /^word\/document\.xml$/);

    // The contents: a TOC field over the heading styles, already listing every entry.
    expect(document).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-2&quot;<\/w:instrText>/);
    for (const entry of binder.toc) {
      expect(document).toContain(`w:anchor="${officialAnchor(entry.id)}"`);
      expect(document).toContain(`<w:bookmarkStart w:name="${officialAnchor(entry.id)}"`);
    }
    expect(document).toContain('二、会议记录');

    // A page number in every part's footer.
    const footers = await docxXml(blob, /^word\/footer\d+\.xml$/);
    expect(footers.match(/<w:instrText[^>]*>PAGE<\/w:instrText>/g)).toHaveLength(
      binder.sections.length,
    );

    // A record's minutes, in order, and who signs them and the ledger.
    const minutes = [
      '（二）2026年11月20日　支部党员大会：' + STUDY,
      '缺席人员：孙丽（在工地值守）',
      '周洁：要把支部建在考古工地上。',
      '1. 通过年度学习计划（赞成 3 票，反对 0 票，弃权 0 票）',
      '整理本季度发掘日志',
      '记录人（签字）：',
      '主持人（签字）：',
    ];
    let at = 0;
    for (const text of minutes) {
      const found = document.indexOf(text, at);
      expect(found, text).toBeGreaterThan(at);
      at = found;
    }
    expect(document).toContain('记录人：');
    expect(document).toContain('支部书记：');
    expect(document).toContain('w:orient="landscape"');
    expect(document).not.toMatch(RANKING_WORDS);
  });
});
