const CHINESE_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一: the numbers of an official document's headings
 * (一、…, （一）…) and of a quarter (第四季度); enough below a hundred.
 */
export function chineseNumber(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (CHINESE_DIGITS[tens] ?? '')}十${CHINESE_DIGITS[ones] ?? ''}`;
}
