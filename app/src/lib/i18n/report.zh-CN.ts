/**
 * Messages of the monthly report (月报, /meetings/report), registered by
 * `$lib/meetings/messages.ts` under the top-level key `monthlyReport`. `report.en.ts` has the
 * same shape.
 */
export const reportZhCN = {
  title: '月报',
  heading: '{month}支部工作月报',
  intro:
    '上月开展情况、本月工作安排和议定事项落实情况，都从会议记录、联建方案和台账里生成，不用再打一遍。导出前可以改。',
  link: '月报',
  month: '月份',
  sections: {
    held: '一、上月开展情况',
    scheduled: '二、本月工作安排',
    followUp: '三、议定事项落实情况',
  },
  none: '无。',
  held: '{date}，{kind}“{theme}”，应到{expected}人，实到{present}人{credit}{spending}。',
  credit: '，计{hours}学时',
  spending: '，支出{amount}元',
  untitled: '（未填主题）',
  kind: { jointPlan: '联建主题党日', other: '其他活动' },
  scheduled: '{date}，{kind}“{theme}”。',
  noDate: '日期待定',
  openItem: '{text}（负责人：{owner}，{deadline}；{agreedAt}“{agreedIn}”议定）——尚未完成。',
  deadline: '期限{date}',
  noDeadline: '未定期限',
  noOwner: '未定',
  regenerate: '重新生成',
  regenerateHint: '改过的文字会被记录里的内容替换。',
  edited: '已修改，导出时用修改后的文字。',
  exportWord: '导出 Word',
  print: '打印',
  exporting: '正在生成…',
  exportFailed: '导出没有成功：{reason}',
  signatures: { reporter: '填报人：', secretary: '支部书记：', date: '日期：' },
  fileName: '月报-{month}',
  confirmRegenerate: '按记录重新生成月报吗？',
  confirmRegenerateYes: '重新生成',
  cancel: '取消',
  loading: '正在读取记录…',
  back: '← 会议记录',
  backToReport: '返回月报',
  made: '打印日期：{date}',
  source: {
    device: '暂时连不上服务器，月报按本设备上的记录生成。',
  },
  committeeOnly: '月报由支委会生成和报送，只有支部书记和支委可以打开。台账你可以查看。',
};
