import { describe, expect, it } from 'vitest';
import { lessonsEn } from '$lib/i18n/lessons.en.ts';
import { lessonsZhCN } from '$lib/i18n/lessons.zh-CN.ts';
import { plansEn } from '$lib/i18n/plans.en.ts';
import { plansZhCN } from '$lib/i18n/plans.zh-CN.ts';
import { meetingsZhCN } from '$lib/i18n/meetings.zh-CN.ts';
import { translateOver } from '$lib/i18n/test-translate.ts';
import { RICH_TEXT_TOOLS as TOOLS, toolbarLabels } from './toolbar-labels.ts';

// Phones have no hover tooltips: what a toolbar button shows must say what it does.
describe('rich-text toolbar labels', () => {
  const editors = {
    'lesson zh-CN': lessonsZhCN.editor,
    'lesson en': lessonsEn.editor,
    'plan zh-CN': plansZhCN.jointPlans.editor,
    'plan en': plansEn.jointPlans.editor,
  };

  for (const [name, editor] of Object.entries(editors)) {
    it(`${name}: every button shows words contained in its accessible name`, () => {
      for (const tool of TOOLS) {
        const shown = editor.shown[tool];
        expect(shown, tool).not.toMatch(/^(H[1-3]|B|I|“”)$/);
        expect(editor[tool], tool).toContain(shown);
      }
    });
  }

  it('shows the headings in the words of the editor hint', () => {
    expect(lessonsZhCN.editor.placeholder).toContain(`“${lessonsZhCN.editor.shown.heading1}”`);
    expect(Object.values(lessonsZhCN.editor.shown)).toEqual([
      '正文',
      '一级标题',
      '二级标题',
      '三级标题',
      '引文',
      '加粗',
      '倾斜',
      '编号',
      '项目',
      '撤销',
      '重做',
    ]);
  });

  it('are read from a feature’s messages in one call (the meeting record’s, on the year plan)', () => {
    const labels = toolbarLabels(translateOver({ meeting: meetingsZhCN }), 'meeting.editor');
    expect(labels.toolbar).toBe('格式');
    for (const tool of TOOLS) {
      expect(labels[tool], tool).toBe(meetingsZhCN.editor[tool]);
      expect(labels.shown[tool], tool).toBe(meetingsZhCN.editor.shown[tool]);
    }
  });
});
