import type { MessageShape } from './message-shape.ts';

/**
 * Messages of the pairings screen (结对共建支部, /plans/pairings), registered with the plan
 * screens' (`registerPlanMessages`); `pairings.en.ts` must have the same shape.
 */
export const pairingsZhCN = {
  pairings: {
    title: '结对共建支部',
    link: '结对共建支部',
    askedCount: '{n} 项待答复',
    intro: '“1+1+X”：本支部与其他支部结对，每月由一个支部牵头，共同开展主题党日。',
    source: {
      server: '已连接服务器',
      device: '未连接服务器：显示本设备上保存的结对情况',
      signedOut: '尚未登录：登录后才能查看和提议结对。',
    },
    needsNetwork: '提议、答复、结束结对和设置牵头支部都需要联网，请连上网络后再试。',
    secretaryOnly: '结对由支部书记提议和答复；你可以在这里查看本支部和谁结对、每月由谁牵头。',
    toUs: {
      title: '对方支部提议结对',
      from: '{branch}提议与{ours}结对',
      by: '提议人：{name} · {date}',
      alsoWith: '一同结对：{branches}',
      accept: '接受',
      decline: '婉拒',
      waitSecretary: '等待本支部书记答复',
    },
    active: {
      title: '已结对支部',
      none: '还没有结对支部。',
      with: '结对支部',
      leads: '各月牵头支部',
      leadFor: '{month}牵头支部',
      rotation: '轮值',
      chosen: '已指定',
      end: '结束结对',
      endConfirm:
        '结束与{branches}的结对？已有的活动方案仍然保留，双方党员照常可以查看；结束后不能再新建包含对方的方案。',
      endYes: '确认结束',
      cancel: '取消',
      ending: '正在结束…',
    },
    waiting: {
      title: '等待对方答复',
      to: '已向{branches}提议结对，等待对方答复',
      withdraw: '撤回提议',
    },
    search: {
      title: '查找支部',
      intro: '输入支部名称中的几个字，找到后可以提议结对；对方书记接受后即结为共建支部。',
      label: '支部名称',
      button: '查找',
      searching: '正在查找…',
      none: '没有找到名称里有“{name}”的支部。',
      propose: '提议结对',
      proposing: '正在提议…',
      paired: '已结对',
      asked: '已提议，等待答复',
    },
    outside: {
      title: '邀请外单位支部',
      intro:
        '与其他单位（不在本系统中）的支部结对：生成邀请链接发给对方书记，对方填写支部名称加入后即结为共建支部。对方看不到本单位的支部名录。',
      make: '生成结对邀请链接',
      making: '正在生成…',
    },
    failure: {
      offline: '现在连不上服务器，这一步需要联网，请稍后再试。',
      forbidden: '只有支部书记可以做这一步。',
      conflict: '这件事已经办过了（可能在另一台设备上），列表已更新。',
      gone: '这项结对已结束或已撤回，列表已更新。',
      other: '没有办成，请稍后再试。',
    },
    monthName: '{year}年{month}月',
  },
} as const;

/** The English messages must have exactly these keys. */
export type PairingMessages = MessageShape<typeof pairingsZhCN>;
