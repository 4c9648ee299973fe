/**
 * The Chinese messages — the source of truth for message keys; `en.ts` must have the same shape
 * (enforced by the `Messages` type). ICU syntax: `{name}` placeholders, `{n, plural, …}`.
 */
export const zhCN = {
  app: {
    name: '支部手记',
    skipToContent: '跳到正文',
  },
  nav: {
    label: '主导航',
    study: '学习记录',
    lessons: '党课讲稿',
    plans: '联建活动',
  },
  sync: {
    label: '同步状态',
    local: '已保存在本设备',
    connecting: '连接中',
    syncing: '同步中',
    synced: '已同步到服务器',
    offline: '离线',
  },
  language: {
    label: '界面语言',
    zh: '中文',
    en: 'English',
  },
  update: {
    available: '有新版本可用',
    reload: '重新加载',
  },
  study: {
    title: '学习记录',
    newEntry: '记一条学习',
    content: '学习内容',
    contentPlaceholder: '如：学习党章第二章',
    form: '形式',
    forms: {
      group: '集中学习',
      self: '个人自学',
      online: '线上学习',
      seminar: '专题研讨',
      visit: '参观见学',
      lecture: '党课',
      film: '观看教育片',
    },
    duration: '时长',
    durations: {
      hour1: '1小时',
      hour2: '2小时',
      halfDay: '半天(4学时)',
      fullDay: '全天(8学时)',
    },
    date: '日期：{date}（今天）',
    save: '保存',
    savedEntry: '已记下“{title}”',
    opening: '正在打开本设备上的学习记录…',
    storageFailed:
      '本设备暂时无法保存记录（{reason}）。联网时记录会保存到服务器，离线时请不要关闭此页。',
    listHeading: '我的学习记录',
    empty: '还没有学习记录。在上面记下第一条吧。',
    credit: '{credit} 学时',
    yearTotal: '{year}年累计 {total} 学时',
    yearCounted: '其中计入年度学习要求 {counted} 学时',
    entryMeta: '{date} · {form}',
  },
  lessons: {
    title: '党课讲稿',
    soon: '党课讲稿 — 即将推出',
    about: '这里将用来起草党课讲稿，可与同志一起编辑，离线也能写。',
  },
  plans: {
    title: '联建活动',
    soon: '联建活动 — 即将推出',
    about: '这里将用来与结对支部共同制定主题党日方案：议程、分工和准备事项。',
  },
} as const;

type Shape<T> = { readonly [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** Every locale has exactly the keys of the Chinese messages, each a string. */
export type Messages = Shape<typeof zhCN>;
