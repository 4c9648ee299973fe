import { describe, expect, it } from 'vitest';
import { branchTableSheet } from './branch-sheet.ts';

describe('branchTableSheet', () => {
  it('keeps the table order, leaves unknown totals empty and marks a removed member', () => {
    const sheet = branchTableSheet(
      [
        { userId: 'u2', name: '李红', role: 'secretary', counted: 10, total: 12, target: 56 },
        { userId: 'u1', name: '王芳', role: 'member', counted: null, total: null, target: 32 },
        // Removed by the secretary: the log stays in the branch's export, marked.
        {
          userId: 'u3',
          name: '张晓红',
          role: 'member',
          counted: 4,
          total: 6,
          target: 32,
          removed: true,
        },
      ],
      {
        sheet: '支部学时',
        title: '2026年度支部学时',
        header: { name: '姓名', role: '职务', counted: '计入', total: '全部', target: '要求' },
        role: (role) => (role === 'secretary' ? '书记' : '党员'),
        removed: '已移出',
      },
    );
    expect(sheet.rows.slice(2).map((r) => r.cells)).toEqual([
      ['李红', '书记', 10, 12, 56],
      ['王芳', '党员', null, null, 32],
      ['张晓红（已移出）', '党员', 4, 6, 32],
    ]);
  });
});
