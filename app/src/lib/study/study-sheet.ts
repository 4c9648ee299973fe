import { yearTotals, type StudyEntry, type StudyForm } from '@branchbook/model';
import type { SheetSpec } from '$lib/export/sheets.ts';
import type { Translate } from '$lib/i18n/translate.ts';
import { roundHalf } from '$lib/shared/year-progress.ts';

export interface StudyRecordLabels {
  sheet: string;
  title: string;
  /** e.g. "姓名：张明 支部：第一党支部" */
  subtitle: string;
  header: {
    date: string;
    title: string;
    source: string;
    form: string;
    organiser: string;
    place: string;
    leadReader: string;
    hours: string;
    credit: string;
    counts: string;
  };
  form: (form: StudyForm) => string;
  yes: string;
  no: string;
  total: string;
  counted: string;
  target: string;
}

/** A member's study record for one calendar year, oldest first as in a ledger, with totals. */
export function studyRecordSheet(
  entries: readonly StudyEntry[],
  year: number,
  target: number,
  labels: StudyRecordLabels,
): SheetSpec {
  const prefix = `${year}-`;
  const ofYear = entries
    .filter((e) => !e.deleted && e.date.startsWith(prefix))
    .sort((a, b) => (a.date === b.date ? a.createdAt - b.createdAt : a.date < b.date ? -1 : 1));
  const totals = yearTotals(ofYear, year);
  const h = labels.header;
  return {
    name: labels.sheet.slice(0, 31),
    widths: [12, 30, 20, 12, 14, 16, 10, 10, 8, 10],
    rows: [
      { cells: [labels.title], bold: true },
      { cells: [labels.subtitle] },
      {
        cells: [
          h.date,
          h.title,
          h.source,
          h.form,
          h.organiser,
          h.place,
          h.leadReader,
          h.hours,
          h.credit,
          h.counts,
        ],
        bold: true,
      },
      ...ofYear.map((e) => ({
        cells: [
          e.date,
          e.title,
          [e.source, e.chapter].filter(Boolean).join(' · '),
          labels.form(e.form),
          e.organiser,
          e.place,
          e.leadReader,
          Math.round((e.minutes / 60) * 100) / 100,
          e.credit,
          e.counts ? labels.yes : labels.no,
        ],
      })),
      { cells: [] },
      { cells: [labels.total, roundHalf(totals.total)], bold: true },
      { cells: [labels.counted, roundHalf(totals.counted)], bold: true },
      { cells: [labels.target, target] },
    ],
  };
}

export function studyRecordLabels(
  t: Translate,
  year: number,
  person: { name: string; branch: string | null },
): StudyRecordLabels {
  const title = t('print.recordTitle', { values: { year } });
  return {
    sheet: title,
    title,
    subtitle: [
      `${t('print.name')}：${person.name}`,
      ...(person.branch ? [`${t('print.branch')}：${person.branch}`] : []),
    ].join('　'),
    header: {
      date: t('entry.date'),
      title: t('entry.content'),
      source: t('entry.source'),
      form: t('entry.form'),
      organiser: t('entry.organiser'),
      place: t('entry.place'),
      leadReader: t('entry.leadReader'),
      hours: t('entry.hours'),
      credit: t('entry.credit'),
      counts: t('year.countedCol'),
    },
    form: (form) => t(`study.forms.${form}`),
    yes: '✓',
    no: '',
    total: t('year.sumRow'),
    counted: t('year.progress'),
    target: t('branch.target'),
  };
}
