import type { MessageShape } from './message-shape.ts';
import type { reportZhCN } from './report.zh-CN.ts';

/** English twin of `report.zh-CN.ts`. */
export const reportEn: MessageShape<typeof reportZhCN> = {
  title: 'Monthly report',
  heading: 'Branch work report, {month}',
  intro:
    'Last month’s activities, this month’s schedule and the follow-up of agreed items, generated from meeting records, joint plans and the ledger — nothing typed again. Edit before export.',
  link: 'Monthly report',
  month: 'Month',
  sections: {
    held: '1. Activities last month',
    scheduled: '2. Schedule this month',
    followUp: '3. Follow-up of agreed items',
  },
  none: 'None.',
  held: '{date}: {kind} “{theme}”, {present} of {expected} present{credit}{spending}.',
  credit: ', {hours} study hours',
  spending: ', {amount} yuan spent',
  untitled: '(no theme)',
  kind: { jointPlan: 'joint theme day', other: 'other activity' },
  scheduled: '{date}: {kind} “{theme}”.',
  noDate: 'date to be set',
  openItem: '{text} (owner: {owner}, {deadline}; agreed {agreedAt} at “{agreedIn}”) — still open.',
  deadline: 'due {date}',
  noDeadline: 'no deadline',
  noOwner: 'not set',
  regenerate: 'Generate again',
  regenerateHint: 'Edited text is replaced by what the records say.',
  edited: 'Edited: the export uses your text.',
  exportWord: 'Export Word',
  print: 'Print',
  exporting: 'Preparing…',
  exportFailed: 'Export failed: {reason}',
  signatures: { reporter: 'Reported by:', secretary: 'Branch secretary:', date: 'Date:' },
  fileName: 'Monthly-report-{month}',
  confirmRegenerate: 'Generate the report again from the records?',
  confirmRegenerateYes: 'Generate again',
  cancel: 'Cancel',
  loading: 'Reading the records…',
  back: '← Meeting records',
  backToReport: 'Back to the report',
  made: 'Printed on {date}',
  source: {
    device: 'The server cannot be reached; the report is generated from this device’s records.',
  },
  committeeOnly:
    'The committee generates and sends the monthly report; only the secretary and committee open it. The ledger is yours to read.',
};
