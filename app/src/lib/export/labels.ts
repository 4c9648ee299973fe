import type { BranchTableLabels, StudyRecordLabels } from './sheets.ts';

/** The i18n formatter (`$_` from svelte-i18n), passed in so this stays free of stores. */
export type Translate = (
  key: string,
  options?: { values?: Record<string, string | number> },
) => string;

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

export function branchTableLabels(
  t: Translate,
  year: number,
  branch: string | null,
): BranchTableLabels {
  const title = t('print.branchTitle', { values: { year } });
  return {
    sheet: t('branch.title'),
    title: branch ? `${branch} ${title}` : title,
    header: {
      name: t('branch.name'),
      role: t('branch.role'),
      counted: t('branch.counted'),
      total: t('branch.total'),
      target: t('branch.target'),
    },
    role: (role) => t(`roles.${role}`),
  };
}
