import type { MessageShape } from './message-shape.ts';

/**
 * Messages of "My account" (issue 14, item 6): the member's name, the devices signed in to the
 * account, and the code that signs in another device. Registered under the top-level key
 * `devices` by `setupI18n`; `devices.en.ts` has the same shape (enforced by `DeviceMessages`).
 */
export const devicesZhCN = {
  kinds: {
    androidPhone: 'Android 手机',
    androidTablet: 'Android 平板',
    iphone: 'iPhone',
    ipad: 'iPad',
    windows: 'Windows 电脑',
    mac: 'Mac 电脑',
    linux: 'Linux 电脑',
    other: '设备',
  },
  browsers: {
    wechat: '微信',
    huawei: '华为浏览器',
    xiaomi: '小米浏览器',
    uc: 'UC 浏览器',
    qq: 'QQ 浏览器',
    edge: 'Edge',
    firefox: 'Firefox',
    chrome: 'Chrome',
    safari: 'Safari',
  },
  name: {
    edit: '修改',
    label: '姓名',
    hint: '支部名单、学习记录和党课讲稿里都显示这个姓名。',
    save: '保存',
    saving: '正在保存…',
    cancel: '取消',
    empty: '请填写姓名。',
    missing: '（未填写）',
    saved: '姓名已修改。',
  },
  list: {
    title: '已登录的设备',
    intro: '这些设备现在都能用你的账号同步。不认识或不再使用的设备，请让它退出。',
    thisDevice: '本机',
    unnamed: '未命名的设备',
    lastSeen: '最近使用：{when}',
    signedInAt: '登录于 {date}',
    thisDeviceHint: '本机要退出，请用页面下方的“退出登录”。',
    signOut: '退出该设备',
    confirm: '确认让“{name}”退出登录？那台设备将不能再同步，需要重新登录才能继续使用。',
    confirmYes: '确认退出该设备',
    cancel: '取消',
    signingOut: '正在退出…',
    signedOut: '“{name}”已退出登录。',
    rename: '改名',
    renameLabel: '设备名称',
    save: '保存',
    loading: '正在读取…',
    offline: '需要联网才能查看已登录的设备。',
    offlineAction: '需要联网才能操作，请联网后再试。',
    other: '操作失败：{message}',
  },
  when: {
    justNow: '刚刚',
    today: '今天 {time}',
    yesterday: '昨天 {time}',
    daysAgo: '{count}天前',
    never: '登录后还没用过',
  },
  code: {
    title: '在另一台设备上登录',
    intro:
      '要在新手机或电脑上用这个账号：在那台设备上打开本应用的登录页，输入这里显示的登录码；或者用那台设备的相机扫描这里的二维码。',
    show: '显示登录码',
    again: '换一个登录码',
    making: '正在生成…',
    label: '登录码',
    qr: '扫码登录的二维码：{link}',
    link: '登录链接',
    expiresIn: '{time} 后失效',
    expired: '这个登录码已失效。需要的话，请换一个。',
    onceOnly: '登录码只能用一次，10 分钟内有效。只在自己的设备上用，不要发给别人。',
    done: '完成',
  },
} as const;

/** The English messages have exactly these keys, each a string. */
export type DeviceMessages = MessageShape<typeof devicesZhCN>;
