import type { Lang, Text2 } from '../values/types.js';

/**
 * Validation problems (zod issues) in zh-CN and en, in one place: the HTTP API's request bodies
 * and `policycell policy check` both say what is wrong here. zod itself is left as it is (zod/mini
 * carries no locale: every issue's own message is "Invalid input"); its issue codes are read and
 * said in our two languages. A schema's own words for a check are a key of SCHEMA_TEXT given as the
 * check's message (`z.regex(re, 'policy.id')`, or `message` and `params` of a custom issue).
 */

/**
 * The parse option that keeps each issue's input, so a message can say what it got ("must be an
 * array, got a number") and tell a missing member from a wrong one. Only the input's type is ever
 * said, never its value (it may be a salary).
 */
export const REPORT_INPUT = { reportInput: true } as const;

/** The fields of a zod issue read here (zod's $ZodIssue, loosely: every code has its own). */
export interface IssueLike {
  readonly code?: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: string;
  readonly input?: unknown;
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly exact?: boolean;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly format?: string;
  readonly pattern?: string;
  readonly divisor?: number;
  readonly params?: Readonly<Record<string, unknown>>;
}

type Say = (p: Record<string, string>) => string;

/** A schema's own messages: the key is what the schema passes as the check's message. */
const SCHEMA_TEXT: Record<string, Record<Lang, Say>> = {
  'number.finite': { 'zh-CN': () => '应为有限数值', en: () => 'must be a finite number' },
  'time.hhmm': { 'zh-CN': () => '时间应写作 24 小时制 HH:MM', en: () => 'a time of day is HH:MM, 24-hour' },
  'grade.letter': { 'zh-CN': () => '等级应为一个大写字母', en: () => 'a grade is one capital letter' },
  'policy.id': { 'zh-CN': () => 'id 只能含小写字母、数字和连字符', en: () => 'an id is lower-case letters, digits and hyphens' },
  'policy.version': { 'zh-CN': () => '版本号应为以点分隔的数字，如 2019.05', en: () => 'a version is numbers separated by dots, such as 2019.05' },
  'bands.sameKind': {
    'zh-CN': (p) => `每个分档都应像第一档一样只有「${p.kind}」`,
    en: (p) => `every band must have "${p.kind}" (like the first band) and nothing else`,
  },
  'bands.fromOrder': { 'zh-CN': () => 'from 分档应从高到低排列', en: () => 'from-bands must be listed from the highest down' },
  'bands.upToOrder': { 'zh-CN': () => 'upTo 分档应从低到高排列', en: () => 'upTo-bands must be listed from the lowest up' },
  'weights.sum': {
    'zh-CN': (p) => `${WEIGHTS_ZH[String(p.what)] ?? p.what}的权重合计为 ${p.sum}，应为 ${p.total}`,
    en: (p) => `the ${p.what} weights sum to ${p.sum}, not ${p.total}`,
  },
  'ref.notOneOf': { 'zh-CN': (p) => `「${p.value}」不在 ${p.list} 之中`, en: (p) => `"${p.value}" is not one of ${p.list}` },
  'rating.noCoefficient': { 'zh-CN': (p) => `评级「${p.rating}」没有系数`, en: (p) => `the rating "${p.rating}" has no coefficient` },
  'grade.noQuota': { 'zh-CN': (p) => `等级「${p.grade}」没有配额`, en: (p) => `the grade "${p.grade}" has no quota` },
  'grade.noVisits': { 'zh-CN': (p) => `等级「${p.grade}」没有走访次数`, en: (p) => `the grade "${p.grade}" has no visit count` },
  'indicator.capAboveFloor': { 'zh-CN': () => '上限应高于下限', en: () => 'the cap must be above the floor' },
  'scorecard.zeroDiffers': { 'zh-CN': () => '零分点应不同于满分点', en: () => 'the zero point must differ from the full point' },
  'notes.noParameter': { 'zh-CN': (p) => `「${p.path}」不是本制度的参数`, en: (p) => `"${p.path}" names no parameter of this policy` },
};

/** The policy's weighted lists, as the Chinese message names them. */
const WEIGHTS_ZH: Record<string, string> = { scorecard: '客户经理考核评分表', 'tier-score': '客户分层评分', KPI: 'KPI 考核指标' };

const TYPE_NAMES: Record<string, Text2> = {
  array: { 'zh-CN': '数组', en: 'an array' },
  string: { 'zh-CN': '文本', en: 'text' },
  number: { 'zh-CN': '数字', en: 'a number' },
  int: { 'zh-CN': '整数', en: 'a whole number' },
  boolean: { 'zh-CN': 'true 或 false', en: 'true or false' },
  object: { 'zh-CN': '对象', en: 'an object' },
  record: { 'zh-CN': '对象', en: 'an object' },
  null: { 'zh-CN': 'null', en: 'null' },
  undefined: { 'zh-CN': '缺失', en: 'nothing' },
};

const SIZE_UNITS: Record<string, Text2> = {
  string: { 'zh-CN': '个字符', en: 'characters' },
  array: { 'zh-CN': '项', en: 'items' },
  set: { 'zh-CN': '项', en: 'items' },
  map: { 'zh-CN': '项', en: 'entries' },
};

/** A JSON type's name ("number", "array", "null"…) in the language asked. */
export function typeName(t: string, lang: Lang): string {
  return TYPE_NAMES[t]?.[lang] ?? t;
}

/** What a value is (typeOf), in both languages: 数字 / a number. */
export function typeText(v: unknown): Text2 {
  const t = typeOf(v);
  return { 'zh-CN': typeName(t, 'zh-CN'), en: typeName(t, 'en') };
}

/** What a value is, for "got …": a type, never the value itself (it may be a salary). */
export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return typeof v;
}

function list(values: readonly unknown[], lang: Lang): string {
  return values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v))).join(lang === 'zh-CN' ? '、' : ', ');
}

function size(i: IssueLike, bound: 'maximum' | 'minimum', lang: Lang): string {
  const zh = lang === 'zh-CN';
  const n = String(i[bound]);
  const unit = i.origin ? SIZE_UNITS[i.origin] : undefined;
  const big = bound === 'maximum';
  if (unit) {
    if (i.exact) return zh ? `应恰好有 ${n} ${unit[lang]}` : `must have exactly ${n} ${unit[lang]}`;
    if (!big && n === '1') return zh ? '不能为空' : 'must not be empty';
    return zh ? `${big ? '最多' : '至少'} ${n} ${unit[lang]}` : `must have at ${big ? 'most' : 'least'} ${n} ${unit[lang]}`;
  }
  if (zh) return `应${big ? (i.inclusive ? '不大于' : '小于') : i.inclusive ? '不小于' : '大于'} ${n}`;
  return `must be ${big ? (i.inclusive ? 'at most' : 'less than') : i.inclusive ? 'at least' : 'more than'} ${n}`;
}

/** One issue's message, without its path, in the reader's language. */
export function issueMessage(i: IssueLike, lang: Lang): string {
  const own = SCHEMA_TEXT[i.message];
  if (own) {
    const p: Record<string, string> = {};
    for (const [k, v] of Object.entries(i.params ?? {})) p[k] = String(v);
    return own[lang](p);
  }
  const zh = lang === 'zh-CN';
  switch (i.code) {
    case 'invalid_type': {
      const want = typeName(i.expected ?? '', lang);
      if (i.input === undefined) return zh ? `缺少此项（应为${want}）` : `is missing (must be ${want})`;
      const got = typeName(typeOf(i.input), lang);
      return zh ? `应为${want}，收到${got}` : `must be ${want}, got ${got}`;
    }
    case 'too_big':
      return size(i, 'maximum', lang);
    case 'too_small':
      return size(i, 'minimum', lang);
    case 'invalid_value': {
      const v = i.values ?? [];
      if (v.length === 1) return zh ? `应为 ${list(v, lang)}` : `must be ${list(v, lang)}`;
      return zh ? `应为以下之一：${list(v, lang)}` : `must be one of ${list(v, lang)}`;
    }
    case 'invalid_format':
      if (i.format === 'date') return zh ? '应为 ISO 日期 YYYY-MM-DD' : 'must be an ISO date YYYY-MM-DD';
      if (i.format === 'regex') return zh ? `格式不符（${i.pattern ?? ''}）` : `does not match ${i.pattern ?? 'its pattern'}`;
      return zh ? `格式不符（${i.format ?? ''}）` : `is not a valid ${i.format ?? 'value'}`;
    case 'not_multiple_of':
      return zh ? `应为 ${i.divisor} 的倍数` : `must be a multiple of ${i.divisor}`;
    case 'unrecognized_keys':
      return zh ? `不认识的字段：${list(i.keys ?? [], lang)}` : `unknown field${(i.keys?.length ?? 0) > 1 ? 's' : ''}: ${list(i.keys ?? [], lang)}`;
    case 'invalid_key':
      return zh ? '含有无效的键' : 'has an invalid key';
    case 'invalid_element':
      return zh ? '含有无效的值' : 'has an invalid value';
    case 'invalid_union':
      return zh ? '不符合任何一种允许的形式' : 'matches none of the allowed forms';
    default:
      // A custom check that gave its own words (not one of ours) keeps them; zod's bare default does not.
      if (i.message && i.message !== 'Invalid input') return i.message;
      return zh ? '无效' : 'is not valid';
  }
}

/** A JSON path as `policy check` and the API print it: $.marketing.commissionRate, $.calls[3], $.notes["a.b"]. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let s = '$';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(String(k)) ? `.${String(k)}` : `[${JSON.stringify(String(k))}]`;
  return s;
}

/** One issue in both languages, with its path. */
export function issueText(i: IssueLike): { path: string; text: Text2 } {
  return { path: jsonPath(i.path), text: { 'zh-CN': issueMessage(i, 'zh-CN'), en: issueMessage(i, 'en') } };
}

/** "$.args：应为数组" / "$.args: must be an array": a message that carries its path. */
export function withPath(path: string, message: string, lang: Lang): string {
  return `${path}${lang === 'zh-CN' ? '：' : ': '}${message}`;
}
