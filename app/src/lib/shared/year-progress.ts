import { STUDY_FORMS, type StudyForm, type YearTotals } from '@branchbook/model';

export interface Progress {
  /** Share of the target reached, 0–1 (capped: going past the target is simply "reached"). */
  ratio: number;
  /** 学时 still to go; 0 once reached. */
  remaining: number;
  reached: boolean;
}

/**
 * Progress toward a yearly target, for a calm number and bar — never a grade.
 *
 * @example progressToward(8, 32) // { ratio: 0.25, remaining: 24, reached: false }
 */
export function progressToward(counted: number, target: number): Progress {
  if (!(target > 0)) return { ratio: 1, remaining: 0, reached: true };
  const remaining = Math.max(0, roundHalf(target - counted));
  return { ratio: Math.min(1, Math.max(0, counted / target)), remaining, reached: remaining === 0 };
}

export interface FormRow {
  form: StudyForm;
  /** All 学时 of this form. */
  total: number;
  /** 学时 of this form that count toward the target. */
  counted: number;
}

/** The forms that have any 学时 this year, in the model's order of forms. */
export function formBreakdown(totals: YearTotals): FormRow[] {
  return STUDY_FORMS.filter((form) => totals.byForm[form] > 0).map((form) => ({
    form,
    total: roundHalf(totals.byForm[form]),
    counted: roundHalf(totals.countedByForm[form]),
  }));
}

/** 学时 come in halves; sums of many halves should not show floating-point dust. */
export function roundHalf(value: number): number {
  return Math.round(value * 2) / 2;
}

/** "12" or "12.5" — 学时 as people write them. */
export function formatCredit(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(roundHalf(value));
}
