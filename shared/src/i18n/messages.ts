import type { ErrorCode, Lang, Text2 } from '../values/types.js';

/** A message argument: plain text or a number, or a text that itself exists in both languages. */
export type MsgArg = string | number | Text2 | readonly string[];
export type MsgArgs = Record<string, MsgArg>;

type Template = (a: Record<string, string>) => string;

/**
 * Every error message PolicyCell shows, in zh-CN and en. `{fn}` is the function id, `{param}` the
 * parameter's name in the reader's language.
 */
export const ERROR_MESSAGES = {
  'arg.missing': {
    'zh-CN': (a) => `${a.fn}：缺少必填参数「${a.param}」`,
    en: (a) => `${a.fn}: the required argument "${a.param}" is missing`,
  },
  'arg.tooMany': {
    'zh-CN': (a) => `${a.fn}：参数过多，最多 ${a.max} 个，收到 ${a.got} 个`,
    en: (a) => `${a.fn}: too many arguments: at most ${a.max}, got ${a.got}`,
  },
  'arg.notNumber': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」应为数字，收到 ${a.got}`,
    en: (a) => `${a.fn}: "${a.param}" must be a number, got ${a.got}`,
  },
  'arg.notBoolean': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」应为 TRUE 或 FALSE，收到 ${a.got}`,
    en: (a) => `${a.fn}: "${a.param}" must be TRUE or FALSE, got ${a.got}`,
  },
  'arg.notText': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」应为文本，收到 ${a.got}`,
    en: (a) => `${a.fn}: "${a.param}" must be text, got ${a.got}`,
  },
  'arg.notEntry': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」应为一个单元格中的文本或数字，收到 ${a.got}`,
    en: (a) => `${a.fn}: "${a.param}" must be text or a number in one cell, got ${a.got}`,
  },
  'arg.digitsLost': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」收到数字 ${a.got}：Excel 的数字只保留 15 位有效数字，更长的号码（如18位身份证号）作为数字已丢失末几位，请以文本输入（在号码前加 '）`,
    en: (a) => `${a.fn}: "${a.param}" got the number ${a.got}: Excel keeps 15 significant digits, so a longer number (such as an 18-digit identity number) has lost its last digits; enter it as text (type ' before it)`,
  },
  'arg.notDate': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」应为日期（Excel 日期序号或 ISO 格式如 2019-05-20），收到 ${a.got}`,
    en: (a) => `${a.fn}: "${a.param}" must be a date (an Excel serial number or ISO text such as 2019-05-20), got ${a.got}`,
  },
  'arg.notScalar': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」应为单个值，收到 ${a.got} 的区域`,
    en: (a) => `${a.fn}: "${a.param}" must be a single value, got a range of ${a.got}`,
  },
  'arg.notRange': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」应为单元格区域（二维数组），收到 ${a.got}`,
    en: (a) => `${a.fn}: "${a.param}" must be a range (a 2-D array), got ${a.got}`,
  },
  'arg.ragged': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」的各行长度不同（每行 ${a.got} 个单元格），不是矩形区域`,
    en: (a) => `${a.fn}: the rows of "${a.param}" differ in length (${a.got} cells a row): not a rectangular range`,
  },
  'arg.notTime': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」应为时刻（如 20:45 或 Excel 时间），收到 ${a.got}`,
    en: (a) => `${a.fn}: "${a.param}" must be a time of day (such as 20:45 or an Excel time), got ${a.got}`,
  },
  'arg.unknownLabel': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」不认识「${a.got}」，可用：${a.allowed}`,
    en: (a) => `${a.fn}: "${a.param}" does not know "${a.got}"; use one of: ${a.allowed}`,
  },
  'num.notFinite': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」不是有限数值`,
    en: (a) => `${a.fn}: "${a.param}" is not a finite number`,
  },
  'num.belowMin': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」为 ${a.got}，应${a.inclusive === 'yes' ? '不小于' : '大于'} ${a.limit}`,
    en: (a) => `${a.fn}: "${a.param}" is ${a.got}; it must be ${a.inclusive === 'yes' ? 'at least' : 'greater than'} ${a.limit}`,
  },
  'num.aboveMax': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」为 ${a.got}，应${a.inclusive === 'yes' ? '不大于' : '小于'} ${a.limit}`,
    en: (a) => `${a.fn}: "${a.param}" is ${a.got}; it must be ${a.inclusive === 'yes' ? 'at most' : 'less than'} ${a.limit}`,
  },
  'num.notInteger': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」应为整数，收到 ${a.got}`,
    en: (a) => `${a.fn}: "${a.param}" must be a whole number, got ${a.got}`,
  },
  'num.divByZero': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」为 0，不能作除数`,
    en: (a) => `${a.fn}: "${a.param}" is 0 and cannot be divided by`,
  },
  'num.negativeDenominator': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」为 ${a.got}，作为除数应大于 0`,
    en: (a) => `${a.fn}: "${a.param}" is ${a.got}; as a divisor it must be greater than 0`,
  },
  'num.dateRange': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」${a.got} 不在 Excel 日期范围（1900-01-01 至 9999-12-31）内`,
    en: (a) => `${a.fn}: "${a.param}" ${a.got} is outside Excel's dates (1900-01-01 to 9999-12-31)`,
  },
  'result.outOfRange': {
    'zh-CN': (a) => `${a.fn}：结果超出可表示的数值范围`,
    en: (a) => `${a.fn}: the result is too large to represent`,
  },
  'result.dateRange': {
    'zh-CN': (a) => `${a.fn}：结果日期超出 Excel 日期范围（1900-01-01 至 9999-12-31）`,
    en: (a) => `${a.fn}: the resulting date is outside Excel's dates (1900-01-01 to 9999-12-31)`,
  },
  'range.sizeMismatch': {
    'zh-CN': (a) => `${a.fn}：区域「${a.a}」与「${a.b}」大小不同（${a.sa} 与 ${a.sb}）`,
    en: (a) => `${a.fn}: the ranges "${a.a}" and "${a.b}" differ in size (${a.sa} and ${a.sb})`,
  },
  'range.unpaired': {
    'zh-CN': (a) => `${a.fn}：第 ${a.index} 个单元格只填了「${a.a}」或「${a.b}」中的一个`,
    en: (a) => `${a.fn}: cell ${a.index} has a value in only one of "${a.a}" and "${a.b}"`,
  },
  'range.count': {
    'zh-CN': (a) => `${a.fn}：参数「${a.param}」应有 ${a.want} 个数值，收到 ${a.got} 个`,
    en: (a) => `${a.fn}: "${a.param}" must hold ${a.want} numbers, got ${a.got}`,
  },
  'fin.partExceedsWhole': {
    'zh-CN': (a) => `${a.fn}：「${a.part}」${a.got} 大于「${a.whole}」${a.limit}，不可能：请检查报表数`,
    en: (a) => `${a.fn}: "${a.part}" ${a.got} exceeds "${a.whole}" ${a.limit}, which cannot be: check the statement figures`,
  },
  'fin.growthUndefined': {
    'zh-CN': (a) => `${a.fn}：首年数值 ${a.first}、末年数值 ${a.last}：年均增长率只对首年为正、末年不为负的序列有定义`,
    en: (a) => `${a.fn}: first year ${a.first}, last year ${a.last}: compound growth is defined only from a positive first year to a non-negative last year`,
  },
  'date.future': {
    'zh-CN': (a) => `${a.fn}：日期 ${a.date} 晚于观察日 ${a.asOf}`,
    en: (a) => `${a.fn}: the date ${a.date} is after the as-of date ${a.asOf}`,
  },
  'id.invalid': {
    'zh-CN': (a) => `${a.fn}：「${a.got}」不是有效的居民身份证号码（${a.why}）`,
    en: (a) => `${a.fn}: "${a.got}" is not a valid resident identity card number (${a.why})`,
  },
  'dd.samePerson': {
    'zh-CN': (a) => `${a.fn}：「${a.name}」不能同时担任两个角色：尽职调查须 A、B 角双人调查，并由第三客户经理交叉审查`,
    en: (a) => `${a.fn}: "${a.name}" cannot fill two roles: due diligence needs two managers (A and B) and a third as cross-reviewer`,
  },
  'dd.reevaluateByReviewer': {
    'zh-CN': (a) => `${a.fn}：只有交叉审查的第三客户经理可以要求重评，「${a.param}」只能是同意或不同意`,
    en: (a) => `${a.fn}: only the cross-reviewer may ask for re-evaluation; "${a.param}" must be agree or disagree`,
  },
  'fn.unknown': {
    'zh-CN': (a) => `未知函数「${a.fn}」`,
    en: (a) => `unknown function "${a.fn}"`,
  },
  'fn.missing': {
    'zh-CN': (a) => `调用缺少 "fn"：应为函数名（文本，如 "COMMISSION"），收到 ${a.got}`,
    en: (a) => `the call needs "fn", a function name (text such as "COMMISSION"); got ${a.got}`,
  },
  'fn.explainItself': {
    'zh-CN': () => `EXPLAIN 不能解释它自己`,
    en: () => `EXPLAIN cannot explain itself`,
  },
  'policy.unknown': {
    'zh-CN': (a) => `未知的制度版本「${a.ref}」，可用：${a.allowed}`,
    en: (a) => `unknown policy version "${a.ref}"; available: ${a.allowed}`,
  },
  'policy.badRef': {
    'zh-CN': (a) => `制度应写作 id@version（如 default@2019.05），收到「${a.ref}」`,
    en: (a) => `a policy is named id@version (such as default@2019.05), got "${a.ref}"`,
  },
  'policy.noPath': {
    'zh-CN': (a) => `${a.fn}：制度中没有参数「${a.path}」`,
    en: (a) => `${a.fn}: the policy has no parameter "${a.path}"`,
  },
  'policy.pathIsTable': {
    'zh-CN': (a) => `${a.fn}：「${a.path}」是一张表，请指明其中一项：${a.keys}`,
    en: (a) => `${a.fn}: "${a.path}" is a table; name one of its entries: ${a.keys}`,
  },
} satisfies Record<string, Record<Lang, Template>>;

export type MessageKey = keyof typeof ERROR_MESSAGES;

export function localize(arg: MsgArg, lang: Lang): string {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'number') return String(arg);
  if (Array.isArray(arg)) return arg.join(lang === 'zh-CN' ? '、' : ', ');
  return (arg as Text2)[lang];
}

export function renderMessage(key: MessageKey, args: MsgArgs, lang: Lang): string {
  const a: Record<string, string> = {};
  for (const k in args) a[k] = localize(args[k]!, lang);
  return ERROR_MESSAGES[key][lang](a);
}

/**
 * An Excel error raised while computing a call. Thrown inside the rules package only; every public
 * entry point turns it into `{ error: { code, message } }`.
 */
// Not an `Error` subclass on purpose: a batch of 10,000 bad calls should not pay for 10,000 stack traces.
export class ExcelError {
  constructor(
    readonly code: ErrorCode,
    readonly key: MessageKey,
    readonly args: MsgArgs = {},
  ) {}

  messageIn(lang: Lang): string {
    return renderMessage(this.key, this.args, lang);
  }
}
