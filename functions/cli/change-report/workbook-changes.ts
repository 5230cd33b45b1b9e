import type { Lang } from '../../../shared/src/index.js';
import { findFunction } from '../../../shared/src/index.js';
import { Decimal } from '../../../shared/src/values/money.js';
import type { CellValueText, ChangeCause, ChangedCell } from '../../workbook/model/outcomes.js';

/**
 * What the change report holds of one workbook written by the run, and the words every format
 * shares: why a cell changed, in the run's language; a cell's formula and values as a person reads
 * them; and whether a change is an amount of money.
 */
export interface WorkbookChanges {
  /** The input as named on the command line (or found in a folder named there). */
  file: string;
  /** The absolute path written. */
  output: string;
  /** The policy computed under, and the one the workbook names as its own (its cached values were computed under it). */
  policy: string;
  savedPolicy?: string;
  /** Formula cells written with another value than the file held. */
  changed: number;
  /** Each of them; empty with `missing` when a server did not send them. */
  changes: ChangedCell[];
  /** Why the changes are not listed (a server that does not send them). */
  missing?: string;
}

const CAUSE_TEXT = {
  policy: {
    'zh-CN': (fn: string, policy: string, saved?: string) => `${fn} 按 ${policy} 计算${saved && saved !== policy ? `（工作簿自身为 ${saved}）` : ''}`,
    en: (fn: string, policy: string, saved?: string) => `${fn} computed under ${policy}${saved && saved !== policy ? ` (the workbook names ${saved})` : ''}`,
  },
  volatile: {
    'zh-CN': (fn: string) => `${fn} 每次计算结果都会变化（易失函数）`,
    en: (fn: string) => `${fn} gives a new answer at every calculation (volatile)`,
  },
  uncached: {
    'zh-CN': () => '文件没有存此单元格（或它所依赖的单元格）的值',
    en: () => 'the file held no value for this cell or a cell it depends on',
  },
  recomputed: {
    'zh-CN': () => '由本引擎计算：文件中的值不是 Excel 的结果，无法据以核对（未校准）',
    en: () => "computed by this engine: the file's values are not Excel's to check against (not calibrated)",
  },
};

/** One cause in words. */
export function causeText(c: ChangeCause, lang: Lang, policy: string, savedPolicy?: string): string {
  switch (c.kind) {
    case 'policy':
      return CAUSE_TEXT.policy[lang](c.fn, policy, savedPolicy);
    case 'volatile':
      return CAUSE_TEXT.volatile[lang](c.fn);
    case 'uncached':
      return CAUSE_TEXT.uncached[lang]();
    case 'recomputed':
      return CAUSE_TEXT.recomputed[lang]();
  }
}

/** Why a cell changed, every cause in words, joined. */
export function becauseText(causes: readonly ChangeCause[], lang: Lang, policy: string, savedPolicy?: string): string {
  return causes.map((c) => causeText(c, lang, policy, savedPolicy)).join(lang === 'zh-CN' ? '；' : '; ');
}

/**
 * A formula as Excel shows it: an add-in call as its user typed it (`_xldudf_POLICY_COMMISSION(` is
 * `POLICY.COMMISSION(`), and without the prefixes Excel writes before newer functions (`_xlfn.`,
 * `_xlws.`), which it does not show.
 */
export function shownFormula(formula: string): string {
  return formula.replace(/_xldudf_POLICY_([A-Za-z0-9_]+)\(/g, 'POLICY.$1(').replace(/_xl(?:fn|ws)\./g, '');
}

/** A value as a cell shows it: numbers as JavaScript writes them, TRUE/FALSE, an error's code, nothing for none. */
export function shownValue(v: CellValueText): string {
  if (v === null) return '';
  if (typeof v === 'object') return v.error;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/**
 * Headings that name an amount of money, in the words of payroll and policy sheets (Chinese and
 * English): pay, wages, commission, fines, deductions, fees, amounts, yuan; a heading that names a
 * rate or a share (费率, "fee rate", %) is not money, whatever else it says.
 */
const MONEY_HEADING = /金额|工资|薪|提成|奖金|罚|扣款|扣发|费|实发|应发|底薪|补贴|津贴|元|¥|￥|\b(?:amounts?|pay|payments?|salary|salaries|wages?|commissions?|bonus(?:es)?|fines?|fees?|deductions?|allowances?|net|gross|cny|rmb|yuan)\b/i;
const RATE_HEADING = /率|比例|%|\b(?:rates?|ratios?|percent(?:age)?|share)\b/i;

/**
 * Whether a changed cell is an amount of money: both values are numbers (or the old one absent),
 * and either every POLICY function its change comes from answers money (their catalog result type),
 * or its column heading names money.
 */
export function isMoney(c: ChangedCell): boolean {
  if (typeof c.new !== 'number' || (c.old !== null && typeof c.old !== 'number')) return false;
  if (c.money === true) return true;
  const policy = c.because.filter((x): x is Extract<ChangeCause, { kind: 'policy' }> => x.kind === 'policy');
  if (policy.length > 0 && policy.every((x) => findFunction(x.fn)?.result === 'money')) return true;
  return c.heading !== undefined && MONEY_HEADING.test(c.heading) && !RATE_HEADING.test(c.heading);
}

/** How much a numeric change moved (new − old in decimals, so 3000.1 − 3000 is 0.1; an absent old value as 0); undefined when either value is not a number. */
export function numericDelta(c: Pick<ChangedCell, 'old' | 'new'>): number | undefined {
  if (typeof c.new !== 'number') return undefined;
  if (c.old === null) return c.new;
  return typeof c.old === 'number' ? new Decimal(c.new).minus(c.old).toNumber() : undefined;
}
