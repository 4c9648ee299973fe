import type { Messages } from './zh-CN.ts';

export const en: Messages = {
  app: {
    name: 'Branchbook',
    skipToContent: 'Skip to content',
  },
  nav: {
    label: 'Main',
    study: 'Study log',
    lessons: 'Lessons',
    plans: 'Joint plans',
  },
  sync: {
    label: 'Sync status',
    local: 'Saved on this device',
    connecting: 'Connecting',
    syncing: 'Syncing',
    synced: 'Synced to server',
    offline: 'Offline',
  },
  language: {
    label: 'Language',
    zh: '中文',
    en: 'English',
  },
  update: {
    available: 'A new version is available',
    reload: 'Reload',
  },
  study: {
    title: 'Study log',
    newEntry: 'Record a study session',
    content: 'What you studied',
    contentPlaceholder: 'e.g. Party Constitution, chapter 2',
    form: 'Form',
    forms: {
      group: 'Group study',
      self: 'Self-study',
      online: 'Online study',
      seminar: 'Seminar',
      visit: 'Site visit',
      lecture: 'Party lecture',
      film: 'Educational film',
    },
    duration: 'Duration',
    durations: {
      hour1: '1 hour',
      hour2: '2 hours',
      halfDay: 'Half day (4 h)',
      fullDay: 'Full day (8 h)',
    },
    date: 'Date: {date} (today)',
    save: 'Save',
    savedEntry: 'Recorded “{title}”',
    opening: 'Opening the study log on this device…',
    storageFailed:
      'This device cannot save records right now ({reason}). While online, records are saved to the server; while offline, keep this page open.',
    listHeading: 'My study log',
    empty: 'No study recorded yet. Record the first one above.',
    credit: '{credit, plural, one {# study hour} other {# study hours}}',
    yearTotal: '{year}: {total, plural, one {# study hour} other {# study hours}} in total',
    yearCounted: '{counted} of them count toward the annual requirement',
    entryMeta: '{date} · {form}',
  },
  lessons: {
    title: 'Lessons',
    soon: 'Lesson drafts — coming soon',
    about: 'Draft Party lessons here, together with co-authors, even offline.',
  },
  plans: {
    title: 'Joint plans',
    soon: 'Joint activity plans — coming soon',
    about: 'Plan joint theme days with a paired branch here: agenda, roles and preparations.',
  },
};
