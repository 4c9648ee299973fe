import {
  formatFen,
  headcount,
  quorum,
  type LedgerRow,
  type LessonType,
  type MeetingKind,
  type MeetingRecord,
} from '@branchbook/model';
import type { BranchTableRow } from '$lib/branch/public.ts';
import type { RichBlock } from '$lib/editor/rich-blocks.ts';
import { chineseNumber } from '$lib/export/chinese-number.ts';
import type { OfficialBlock, OfficialTocEntry } from '$lib/export/official-docx.ts';
import type { Translate } from '$lib/i18n/translate.ts';
import { LEDGER_COLUMNS, ledgerCells } from './ledger-sheet.ts';
import { formatMeetingDate } from './meeting-labels.ts';
import { formatReportMonth } from './report-document.ts';

/**
 * The inspector's binder (资料汇编, issue 15 item 6): one year of the branch's work, or one
 * quarter, as the inspectors read it — a cover with the contents, the ledger (台账), the minutes of
 * every held meeting in date order, the members' 学时, the lessons given and the joint plans. A
 * pure function of what the device has loaded; the Word writer and the print view both lay out
 * the one `BinderDocument` it returns. What the device lists but does not hold is named on the
 * cover and in its section, never left out in silence. Nothing in it ranks or scores a person:
 * the member table is in name order.
 */

export interface BinderPeriod {
  year: number;
  /** 1–4; absent: the whole year. */
  quarter?: number;
}

/** A held record and its 发言要点 (rich text) read out as blocks. */
export interface BinderRecord {
  record: MeetingRecord;
  points: RichBlock[];
}

export interface BinderLesson {
  id: string;
  title: string;
  subtitle: string;
  speaker: string;
  /** `YYYY-MM-DD` of the lecture, or ''. */
  date: string;
  type: LessonType;
}

/** A joint plan, already laid out as its print view and Word file lay it out (`planDocument`). */
export interface BinderPlan {
  id: string;
  theme: string;
  /** `YYYY-MM-DD` or ''. */
  date: string;
  /** `YYYY-MM` or ''. */
  month: string;
  blocks: OfficialBlock[];
}

/** One member's 学时 of the period, as the 支部学时 table computes it (`BranchView.rows`). */
export type BinderStudyRow = BranchTableRow;

/** Something the device's lists name for the period that it does not hold. */
export type BinderMissing =
  /** `kind` null: the list does not know it yet. */
  | { type: 'meeting'; kind: MeetingKind | null; date: string }
  | { type: 'plan'; theme: string; month: string }
  | { type: 'lesson' };

export interface BinderFacts {
  period: BinderPeriod;
  branchName: string;
  /** `YYYY-MM-DD`: the binder's date; a lesson dated later has not been given yet. */
  today: string;
  ledger: readonly LedgerRow[];
  records: readonly BinderRecord[];
  /** `roster` false: the device has no member list, so no table can be made. */
  study: { rows: readonly BinderStudyRow[]; roster: boolean };
  lessons: readonly BinderLesson[];
  plans: readonly BinderPlan[];
  missing: readonly BinderMissing[];
}

/** A part of the binder: it starts on a new page; the ledger's is turned to landscape. */
export interface BinderSection {
  id: string;
  landscape: boolean;
  blocks: OfficialBlock[];
}

export interface BinderDocument {
  title: string;
  /** Without the extension. */
  fileName: string;
  toc: OfficialTocEntry[];
  /** The cover with the contents first, then the five sections' parts in order. */
  sections: BinderSection[];
  counts: {
    ledger: number;
    records: number;
    members: number;
    lessons: number;
    plans: number;
    missing: number;
  };
}

const QUARTER_OF = (date: string) => Math.ceil(Number(date.slice(5, 7)) / 3);

/** Whether a `YYYY-MM-DD` date or a `YYYY-MM` month falls in the period. */
export function inPeriod(date: string, period: BinderPeriod): boolean {
  if (!/^\d{4}-\d{2}/.test(date) || Number(date.slice(0, 4)) !== period.year) return false;
  return period.quarter === undefined || QUARTER_OF(date) === period.quarter;
}

/** 2026年, or 2026年第四季度. */
export function binderPeriodLabel(period: BinderPeriod, t: Translate): string {
  return period.quarter === undefined
    ? t('binder.period.year', { values: { year: period.year } })
    : t('binder.period.quarter', {
        values: { year: period.year, n: chineseNumber(period.quarter) },
      });
}

type Values = Record<string, string | number>;

/** The binder of `facts.period`; records and plans in date order, sections numbered 一、… */
export function binderDocument(facts: BinderFacts, t: Translate): BinderDocument {
  const b = (key: string, values?: Values) => t(`binder.${key}`, values ? { values } : undefined);
  const period = binderPeriodLabel(facts.period, t);
  const within = (date: string) => inPeriod(date, facts.period);

  const ledger = facts.ledger.filter((row) => within(row.date));
  const records = facts.records
    .filter(({ record }) => record.status === 'held' && within(record.date))
    .sort(
      (x, y) =>
        x.record.date.localeCompare(y.record.date) ||
        x.record.start.localeCompare(y.record.start) ||
        x.record.id.localeCompare(y.record.id),
    );
  const lessons = facts.lessons
    .filter((lesson) => within(lesson.date) && lesson.date <= facts.today)
    .sort((x, y) => x.date.localeCompare(y.date) || x.id.localeCompare(y.id));
  const plans = facts.plans
    .filter((plan) => within(plan.date || plan.month))
    .sort(
      (x, y) => (x.date || x.month).localeCompare(y.date || y.month) || x.id.localeCompare(y.id),
    );
  const missingNames = (types: readonly BinderMissing['type'][]) =>
    facts.missing.filter((m) => types.includes(m.type)).map((m) => missingName(m, t));
  const missingLine = (types: readonly BinderMissing['type'][]): OfficialBlock[] => {
    const names = missingNames(types);
    return names.length === 0
      ? []
      : [{ kind: 'text', text: b('missing', { n: names.length, names: names.join('、') }) }];
  };

  const toc: OfficialTocEntry[] = [];
  const sections: BinderSection[] = [];
  let number = 0;
  /** A level-1 heading, numbered and listed in the contents. */
  const heading = (id: string, key: string): OfficialBlock => {
    number += 1;
    const text = `${chineseNumber(number)}、${b(`sections.${key}`)}`;
    toc.push({ id, level: 1, text });
    return { kind: 'section', id, level: 1, text };
  };
  const subheading = (id: string, text: string): OfficialBlock => {
    toc.push({ id, level: 2, text });
    return { kind: 'section', id, level: 2, text };
  };

  // 一、活动台账: the ledger's twelve columns, on a landscape page.
  const col = (key: string) => t(`ledger.columns.${key}`);
  sections.push({
    id: 'ledger',
    landscape: true,
    blocks: [
      heading('ledger', 'ledger'),
      { kind: 'text', text: b('ledgerIntro') },
      ledger.length === 0
        ? { kind: 'text', text: b('none.ledger') }
        : {
            kind: 'table',
            small: true,
            columns: LEDGER_COLUMNS.map(col),
            widths: [4, 9, 8, 9, 13, 6, 6, 7, 12, 16, 4, 6],
            rows: ledger.map((row) => {
              const cells = ledgerCells(row, t);
              return LEDGER_COLUMNS.map((column) => cells[column]);
            }),
          },
      {
        kind: 'signatures',
        lines: [
          t('ledger.signatures.recorder'),
          t('ledger.signatures.secretary'),
          t('ledger.signatures.date'),
        ],
      },
    ],
  });

  // 二、会议记录: one part per record, the section's heading on the first.
  const recordsHead: OfficialBlock[] = [
    heading('records', 'records'),
    records.length === 0
      ? { kind: 'text', text: b('none.records') }
      : { kind: 'text', text: b('recordsIntro', { n: records.length }) },
    ...missingLine(['meeting']),
  ];
  if (records.length === 0) sections.push({ id: 'records', landscape: false, blocks: recordsHead });
  records.forEach((item, i) => {
    const id = `record-${item.record.id}`;
    sections.push({
      id,
      landscape: false,
      blocks: [
        ...(i === 0 ? recordsHead : []),
        subheading(id, recordHeading(item.record, i + 1, t)),
        ...minutes(item, t),
      ],
    });
  });

  // 三、党员学时统计: the branch table for the period, in name order.
  const study = facts.study;
  sections.push({
    id: 'study',
    landscape: false,
    blocks: [
      heading('study', 'study'),
      { kind: 'text', text: b('study.intro', { period }) },
      ...(facts.period.quarter !== undefined
        ? [{ kind: 'text', text: b('study.quarterNote') } as const]
        : []),
      !study.roster
        ? { kind: 'text', text: b('study.rosterNone') }
        : {
            kind: 'table',
            columns: ['name', 'role', 'counted', 'total', 'target'].map((key) =>
              t(`branch.${key}`),
            ),
            widths: [28, 16, 20, 18, 18],
            rows: study.rows.map((row) => [
              row.removed ? `${row.name}（${t('branch.removed')}）` : row.name,
              t(`roles.${row.role}`),
              row.counted === null ? t('branch.notLoaded') : String(row.counted),
              row.total === null ? t('branch.notLoaded') : String(row.total),
              String(row.target),
            ]),
          },
      {
        kind: 'signatures',
        lines: [b('signatures.secretary'), b('signatures.date')],
      },
    ],
  });

  // 四、党课讲稿: title, speaker, date and kind of each lesson given.
  const lessonCol = (key: string) => b(`lessons.columns.${key}`);
  const lessonTable: OfficialBlock = {
    kind: 'table',
    columns: ['number', 'title', 'speaker', 'date', 'type'].map(lessonCol),
    widths: [8, 46, 16, 18, 12],
    rows: lessons.map((lesson, i) => [
      String(i + 1),
      [lesson.title.trim() || b('untitled'), lesson.subtitle.trim()]
        .filter((part) => part !== '')
        .join('\n'),
      lesson.speaker,
      formatMeetingDate(lesson.date),
      b(`lessons.types.${lesson.type}`),
    ]),
  };
  sections.push({
    id: 'lessons',
    landscape: false,
    blocks: [
      heading('lessons', 'lessons'),
      ...(lessons.length === 0
        ? [{ kind: 'text', text: b('none.lessons') } as const]
        : [{ kind: 'text', text: b('lessons.intro') } as const, lessonTable]),
      ...missingLine(['lesson']),
    ],
  });

  // 五、联建活动方案: each plan as its own print view lays it out.
  const plansHead: OfficialBlock[] = [
    heading('plans', 'plans'),
    plans.length === 0
      ? { kind: 'text', text: b('none.plans') }
      : { kind: 'text', text: b('plansIntro') },
    ...missingLine(['plan']),
  ];
  if (plans.length === 0) sections.push({ id: 'plans', landscape: false, blocks: plansHead });
  plans.forEach((plan, i) => {
    const id = `plan-${plan.id}`;
    const month = plan.month || plan.date.slice(0, 7);
    sections.push({
      id,
      landscape: false,
      blocks: [
        ...(i === 0 ? plansHead : []),
        subheading(
          id,
          b('plan.heading', {
            n: chineseNumber(i + 1),
            month: month ? formatReportMonth(month) : b('noDate'),
            theme: plan.theme.trim() || b('untitled'),
          }),
        ),
        ...plan.blocks,
      ],
    });
  });

  const counts = {
    ledger: ledger.length,
    records: records.length,
    members: study.rows.length,
    lessons: lessons.length,
    plans: plans.length,
    missing: facts.missing.length,
  };
  const title = b('heading', { period });
  const cover: BinderSection = {
    id: 'cover',
    landscape: false,
    blocks: [
      { kind: 'title', text: title },
      { kind: 'subtitle', text: facts.branchName },
      { kind: 'text', text: b('made', { date: formatMeetingDate(facts.today) }) },
      { kind: 'text', text: b('summary', counts) },
      ...missingLine(['meeting', 'plan', 'lesson']),
      { kind: 'toc', title: b('contents'), entries: toc },
    ],
  };
  return {
    title,
    fileName: b('fileName', { branch: facts.branchName, period }),
    toc,
    sections: [cover, ...sections],
    counts,
  };
}

/**
 * What the branch's year could not read (`BranchYearState.unread`), named from the device's lists
 * for the binder of `period`: a record or plan the lists date outside the period, or know to be a
 * draft, is not the binder's; one they cannot date is named all the same ("日期不详").
 */
export function binderMissing(
  unread: readonly { kind: 'meeting' | 'plan'; id: string }[],
  lists: {
    meetings: readonly {
      id: string;
      kind: MeetingKind;
      date: string;
      status: string;
      known: boolean;
    }[];
    plans: readonly { id: string; theme: string; month: string; date: string; status: string }[];
  },
  period: BinderPeriod,
): BinderMissing[] {
  const outside = (date: string) => date !== '' && !inPeriod(date, period);
  return unread.flatMap((doc): BinderMissing[] => {
    if (doc.kind === 'meeting') {
      const item = lists.meetings.find((m) => m.id === doc.id);
      if (!item) return [{ type: 'meeting', kind: null, date: '' }];
      if (outside(item.date) || (item.known && item.status === 'draft')) return [];
      return [{ type: 'meeting', kind: item.kind, date: item.date }];
    }
    const item = lists.plans.find((p) => p.id === doc.id);
    const month = item ? item.month || item.date.slice(0, 7) : '';
    if (item && (outside(month) || item.status === 'draft')) return [];
    return [{ type: 'plan', theme: item?.theme ?? '', month }];
  });
}

function missingName(missing: BinderMissing, t: Translate): string {
  const b = (key: string, values?: Values) => t(`binder.${key}`, values ? { values } : undefined);
  switch (missing.type) {
    case 'meeting':
      return b('missingMeeting', {
        kind: missing.kind ? t(`meeting.kind.${missing.kind}`) : t('meeting.title'),
        date: missing.date ? formatMeetingDate(missing.date) : b('noDate'),
      });
    case 'plan':
      return b('missingPlan', {
        theme: missing.theme.trim() || b('untitled'),
        month: missing.month ? formatReportMonth(missing.month) : b('noDate'),
      });
    case 'lesson':
      return b('missingLesson');
  }
}

/** The record's heading, e.g. （一）2026年11月20日 支部党员大会：学习党章 (an ideographic space). */
function recordHeading(record: MeetingRecord, n: number, t: Translate): string {
  const theme = record.study.title.trim();
  return t(`binder.record.${theme ? 'headingTheme' : 'heading'}`, {
    values: {
      n: chineseNumber(n),
      date: formatMeetingDate(record.date),
      kind: t(`meeting.kind.${record.kind}`),
      theme,
    },
  });
}

/** A record's minutes: who, when and where, attendance, agenda, study, points, decisions. */
function minutes({ record, points }: BinderRecord, t: Translate): OfficialBlock[] {
  const r = (key: string, values?: Values) =>
    t(`binder.record.${key}`, values ? { values } : undefined);
  const filled = (value: string) => value.trim() || r('notFilled');
  const text = (value: string): OfficialBlock => ({ kind: 'text', text: value });
  const blocks: OfficialBlock[] = [];

  const span =
    record.start || record.end
      ? r('span', { start: record.start || '', end: record.end || '' })
      : '';
  blocks.push(
    text(r('kind', { kind: t(`meeting.kind.${record.kind}`) })),
    text(r('time', { when: [formatMeetingDate(record.date), span].filter(Boolean).join(' ') })),
    text(r('place', { place: filled(record.place) })),
    text(r('people', { chair: filled(record.chair), recorder: filled(record.recorder) })),
  );

  const count = headcount(record);
  blocks.push(text(t('meeting.record.counts', { values: { ...count } })));
  const q = quorum(record);
  if (q.applies) {
    blocks.push(
      text(
        t(`meeting.record.${q.met ? 'quorumMet' : 'quorumNotMet'}`, {
          values: { voting: q.voting, present: q.present },
        }),
      ),
    );
  }
  const members = record.attendance.filter((a) => !a.guest);
  const named = (people: typeof members, withReason: boolean) =>
    people
      .map((a) =>
        withReason && a.reason.trim()
          ? r('withReason', { name: a.name, reason: a.reason })
          : a.name,
      )
      .join('、');
  const line = (key: string, status: string, withReason: boolean) => {
    const people = members.filter((a) => a.status === status);
    if (people.length > 0) blocks.push(text(r(key, { names: named(people, withReason) })));
  };
  line('present', 'present', false);
  line('absent', 'absent', true);
  line('leave', 'leave', true);
  line('unmarked', '', false);
  const guests = record.attendance.filter((a) => a.guest && a.status !== 'absent');
  if (guests.length > 0) {
    blocks.push(
      text(
        r('guests', {
          names: guests
            .map((g) =>
              g.from.trim() ? r('withReason', { name: g.name, reason: g.from }) : g.name,
            )
            .join('、'),
        }),
      ),
    );
  }

  if (record.agenda.length > 0) {
    blocks.push({ kind: 'heading', text: r('agenda') });
    record.agenda.forEach((topic, i) => blocks.push(text(`${i + 1}. ${topic.title}`)));
  }

  const study = record.study;
  if (study.title.trim() || study.credit > 0) {
    blocks.push({ kind: 'heading', text: r('study') });
    if (study.title.trim()) blocks.push(text(r('studyTitle', { title: study.title })));
    if (study.source.trim()) blocks.push(text(r('studySource', { source: study.source })));
    if (study.leadReader.trim()) blocks.push(text(r('leadReader', { name: study.leadReader })));
    if (study.credit > 0) blocks.push(text(r('credit', { credit: study.credit })));
  }

  blocks.push({ kind: 'heading', text: r('points') });
  const hasPoints = points.some((block) => block.runs.some((run) => run.text.trim() !== ''));
  blocks.push(hasPoints ? { kind: 'rich', blocks: points } : text(r('noPoints')));

  if (record.resolutions.length > 0) {
    blocks.push({ kind: 'heading', text: r('resolutions') });
    record.resolutions.forEach((resolution, i) =>
      blocks.push(
        text(
          r('resolution', {
            n: i + 1,
            text: resolution.text,
            for: resolution.for,
            against: resolution.against,
            abstain: resolution.abstain,
          }),
        ),
      ),
    );
  }

  if (record.agreed.length > 0) {
    blocks.push({ kind: 'heading', text: r('agreed') });
    blocks.push({
      kind: 'table',
      columns: ['number', 'text', 'owner', 'deadline', 'status'].map((key) =>
        r(`agreedColumns.${key}`),
      ),
      widths: [8, 44, 16, 18, 14],
      rows: record.agreed.map((item, i) => [
        String(i + 1),
        item.text,
        item.owner,
        item.deadline ? formatMeetingDate(item.deadline) : '',
        t(`ledger.agreedStatus.${item.status}`),
      ]),
    });
  }

  if (record.spendingFen > 0)
    blocks.push(text(r('spending', { amount: formatFen(record.spendingFen) })));
  blocks.push({ kind: 'signatures', lines: [r('signRecorder'), r('signChair')] });
  return blocks;
}
