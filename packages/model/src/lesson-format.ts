/**
 * Dashes a subtitle may be typed with: the em dash of 破折号 (one or two), ASCII hyphens, the
 * full-width hyphen, en and horizontal-bar dashes and the box-drawing line IMEs sometimes give.
 */
const LEADING_DASHES = /^[\s\u2014\u2013\u2015\u2500\u2012\uFE58\uFF0D-]+/u;

/**
 * The subtitle as every view shows it (lesson list, workspace, print, Word): led by one 破折号
 * "——", whatever dashes the author already typed in front; '' when there is nothing else.
 * The stored subtitle stays as typed.
 *
 * @example displaySubtitle('——在考古工地上的一堂微党课') // '——在考古工地上的一堂微党课'
 * @example displaySubtitle('-- 在考古工地') // '——在考古工地'
 * @example displaySubtitle('在考古工地') // '——在考古工地'
 */
export function displaySubtitle(subtitle: string): string {
  const text = subtitle.trim().replace(LEADING_DASHES, '').trim();
  return text === '' ? '' : `——${text}`;
}
