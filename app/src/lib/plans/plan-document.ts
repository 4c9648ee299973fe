import {
  PARTICIPANT_CATEGORIES,
  PLAN_ROLES,
  TEN_ONES,
  formatFen,
  type JointPlan,
} from '@branchbook/model';
import type { RichBlock } from '$lib/editor/rich-blocks.ts';
import { chineseNumber } from '$lib/export/chinese-number.ts';
import type { OfficialBlock } from '$lib/export/official-docx.ts';

/**
 * A plan laid out as an official document (方案), independent of the Word writer (loaded on demand,
 * see `plan-docx.ts`) and shared with the print layout, so what goes into an export is tested
 * without it. Sections with nothing in them are left out and the rest numbered 一、二、三….
 */

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export interface PlanDocContext {
  /** Looks up `jointPlans.*` messages (svelte-i18n's `$_`). */
  t: Translate;
  locale: string;
  branchName: (id: string) => string;
}

export interface PlanSections {
  purpose: RichBlock[];
  safety: RichBlock[];
  summary: RichBlock[];
}

/** `2026-05-20` → 2026年5月20日 (zh) or 20 May 2026 (en); '' stays ''. */
export function formatPlanDate(date: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const [, y, m, d] = match;
  if (locale.startsWith('zh')) return `${y}年${Number(m)}月${Number(d)}日`;
  return new Date(Number(y), Number(m) - 1, Number(d)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

function hasText(blocks: readonly RichBlock[]): boolean {
  return blocks.some((b) => b.runs.some((r) => r.text.trim() !== ''));
}

export function participantTotal(plan: Pick<JointPlan, 'participants'>): number {
  return PARTICIPANT_CATEGORIES.reduce((sum, c) => sum + plan.participants[c], 0);
}

/** The plan as a list of document blocks, in the order of a printed 方案. */
export function planDocument(
  plan: JointPlan,
  sections: PlanSections,
  ctx: PlanDocContext,
): OfficialBlock[] {
  const { t, locale, branchName } = ctx;
  const k = (key: string, values?: Record<string, string | number>) =>
    t(`jointPlans.${key}`, values);
  const zh = locale.startsWith('zh');
  const blocks: OfficialBlock[] = [];
  let section = 0;
  const heading = (key: string) => {
    section += 1;
    const label = k(`sections.${key}`);
    blocks.push({
      kind: 'heading',
      text: zh ? `${chineseNumber(section)}、${label}` : `${section}. ${label}`,
    });
  };
  const col = (key: string) => k(`doc.col.${key}`);
  const tbd = k('doc.tbd');

  blocks.push({ kind: 'title', text: plan.theme.trim() || k('untitled') });
  const [year = '', month = ''] = plan.month.split('-');
  blocks.push({
    kind: 'subtitle',
    text: plan.month
      ? `${k('doc.subtitle')}（${k('doc.month', { year, month: Number(month) })}）`
      : k('doc.subtitle'),
  });

  const lead = plan.branches.find((b) => b.lead);
  const co = plan.branches.filter((b) => !b.lead);
  blocks.push({ kind: 'text', text: k('doc.leadLine', { lead: branchName(plan.leadBranchId) }) });
  if (co.length > 0) {
    blocks.push({
      kind: 'text',
      text: k('doc.coLine', {
        branches: co.map((b) => branchName(b.branchId)).join(zh ? '、' : ', '),
      }),
    });
  }

  if (hasText(sections.purpose)) {
    heading('purpose');
    blocks.push({ kind: 'rich', blocks: sections.purpose });
  }

  heading('when');
  const date = plan.date ? formatPlanDate(plan.date, locale) : tbd;
  blocks.push({
    kind: 'text',
    text:
      plan.startTime || plan.endTime
        ? k('doc.when', { date, start: plan.startTime || tbd, end: plan.endTime || tbd })
        : k('doc.whenDate', { date }),
  });
  blocks.push({ kind: 'text', text: k('doc.where', { place: plan.place.trim() || tbd }) });

  heading('branches');
  blocks.push({
    kind: 'table',
    columns: [col('branch'), col('duty'), col('contact'), col('phone')],
    widths: [40, 14, 22, 24],
    rows: [...(lead ? [lead] : []), ...co].map((b) => [
      branchName(b.branchId),
      b.lead ? k('doc.leadRole') : k('doc.coRole'),
      b.contactName,
      b.contactPhone,
    ]),
  });

  const total = participantTotal(plan);
  if (total > 0) {
    heading('participants');
    blocks.push({
      kind: 'text',
      text: k('doc.participantsLine', { ...plan.participants, total }),
    });
  }

  if (plan.agenda.length > 0) {
    heading('agenda');
    blocks.push({
      kind: 'table',
      columns: [col('number'), col('time'), col('content'), col('owner')],
      widths: [10, 16, 52, 22],
      rows: plan.agenda.map((item, i) => [String(i + 1), item.time, item.title, item.owner]),
    });
  }

  const assigned = PLAN_ROLES.filter((role) => plan.roles[role] !== null);
  if (assigned.length > 0) {
    heading('roles');
    blocks.push({
      kind: 'table',
      columns: [col('duty'), col('name'), col('branch')],
      widths: [24, 30, 46],
      rows: assigned.map((role) => {
        const a = plan.roles[role];
        return [k(`roles.${role}`), a?.name ?? '', a ? branchName(a.branchId) : ''];
      }),
    });
  }

  if (plan.readings.length > 0) {
    heading('readings');
    blocks.push({
      kind: 'table',
      columns: [col('number'), col('title'), col('source')],
      widths: [10, 55, 35],
      rows: plan.readings.map((r, i) => [String(i + 1), r.title, r.source]),
    });
  }

  if (plan.budget.length > 0) {
    heading('budget');
    blocks.push({
      kind: 'table',
      columns: [col('item'), col('amount'), col('funding')],
      widths: [46, 22, 32],
      rows: [
        ...plan.budget.map((line) => [line.item, formatFen(line.amountFen), line.source]),
        [k('doc.budgetTotal'), formatFen(plan.budgetTotalFen), ''],
      ],
    });
    const check = plan.budgetCheck;
    blocks.push({
      kind: 'text',
      text:
        check && !check.stale
          ? k('doc.budgetChecked', {
              name: check.checkedBy,
              date: formatPlanDate(isoDate(check.checkedAt), locale),
            })
          : k('doc.budgetUnchecked'),
    });
  }

  if (hasText(sections.safety)) {
    heading('safety');
    blocks.push({ kind: 'rich', blocks: sections.safety });
  }

  const done = TEN_ONES.filter((item) => plan.checklist[item.key]);
  if (done.length > 0) {
    heading('checklist');
    blocks.push({
      kind: 'text',
      text: done.map((item) => k(`tenOnes.${item.key}`)).join(zh ? '；' : '; ') + (zh ? '。' : '.'),
    });
  }

  if (hasText(sections.summary)) {
    heading('summary');
    blocks.push({ kind: 'rich', blocks: sections.summary });
  }

  if (plan.agreedItems.length > 0) {
    heading('agreed');
    blocks.push({
      kind: 'table',
      columns: [col('number'), col('matter'), col('owner'), col('deadline'), col('status')],
      widths: [8, 44, 16, 18, 14],
      rows: plan.agreedItems.map((item, i) => [
        String(i + 1),
        item.text,
        item.owner,
        item.deadline ? formatPlanDate(item.deadline, locale) : '',
        k(`agreed.${item.status}`),
      ]),
    });
  }

  blocks.push({
    kind: 'signatures',
    lines: [
      k('doc.signLine', { role: k('roles.chair') }),
      k('doc.signLine', { role: k('roles.recorder') }),
      k('doc.signLine', { role: k('doc.secretary') }),
    ],
  });
  return blocks;
}

function isoDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A file name without characters Windows refuses. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\n\r\t]+/g, ' ').trim() || 'plan';
}
