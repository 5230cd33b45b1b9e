/**
 * The names a date format writes (months, days of the week, AM/PM), by the language a locale tag
 * names (`[$-409]` English, `[$-804]` Chinese, Microsoft's "Language Identifier Constants and
 * Strings"). A code without a tag writes en-US's names, the language these workbooks are computed in.
 * A tag's currency text (`[$€-407]`) is shown as written; its language changes no separator (those
 * are the user's settings), only the names.
 */

export interface DateNames {
  months: { short: readonly string[]; long: readonly string[] };
  /** Sunday first. */
  days: { short: readonly string[]; long: readonly string[] };
  ampm: readonly [string, string];
}

export const ENGLISH_NAMES: DateNames = {
  months: {
    short: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    long: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  },
  days: { short: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'], long: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] },
  ampm: ['AM', 'PM'],
};

/** Simplified Chinese, as Windows' zh-CN settings name them. */
export const CHINESE_NAMES: DateNames = {
  months: {
    short: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
    long: ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月'],
  },
  days: { short: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'], long: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] },
  ampm: ['上午', '下午'],
};

/** Language identifiers of Simplified Chinese (China, Singapore). */
const SIMPLIFIED_CHINESE = new Set([0x0804, 0x1004]);

/**
 * The date names of a language id; undefined where they are not known here (another language, a
 * calendar or digit substitution in the id's upper bits, the system formats [$-F800] and [$-F400]
 * that follow the user's settings).
 */
export function dateNamesOf(lcid: number): DateNames | undefined {
  if (lcid > 0xffff) return undefined;
  if ((lcid & 0x3ff) === 0x09) return ENGLISH_NAMES;
  if (SIMPLIFIED_CHINESE.has(lcid)) return CHINESE_NAMES;
  return undefined;
}

/** The language id a tag written as a name stands for (`[$-zh-CN]`), where known. */
export function lcidOfName(name: string): number | undefined {
  const lower = name.toLowerCase();
  if (lower === 'en' || lower.startsWith('en-')) return 0x0409;
  if (lower === 'zh-cn' || lower === 'zh-hans' || lower.startsWith('zh-hans-') || lower === 'zh-sg') return 0x0804;
  return undefined;
}
