import { defineFunction } from '../catalog/declare.js';
import { opt, req, t } from '../catalog/params.js';
import { sayReading } from '../explain/reading.js';
import { tpl } from '../explain/trace.js';
import { ExcelError } from '../i18n/messages.js';
import type { Civil } from '../values/dates.js';
import { formatIsoDate, serialFromCivil, daysInMonth, wholeYears } from '../values/dates.js';

// 第二篇 第五条（一）1、（二）1、3: the applicant's standing: a company's licence, a person's age,
// capacity and conduct.

const STEPS = {
  licence: tpl<{ expiry: number | null; asOf: number; inTerm: boolean; report: boolean; ok: boolean }>(
    (p, f) =>
      `营业执照${p.expiry === null ? '营业期限为长期' : `有效期至 ${f.d(p.expiry)}`}，审查日 ${f.d(p.asOf)}：${p.inTerm ? '在有效期内' : '已过有效期'}；年审（年度报告）${p.report ? '合格' : '不合格'}：${p.ok ? '有效' : '无效'}`,
    (p, f) =>
      `business licence ${p.expiry === null ? 'without an end date (长期)' : `valid until ${f.d(p.expiry)}`}, checked on ${f.d(p.asOf)}: ${p.inTerm ? 'in term' : 'expired'}; annual review (annual report) ${p.report ? 'passed' : 'not passed'}: ${p.ok ? 'valid' : 'not valid'}`,
  ),
  capacity: tpl<{ birth: number; asOf: number; age: number; full: number; own: number; income: boolean; ok: boolean }>(
    (p, f) =>
      `出生 ${f.d(p.birth)}，至 ${f.d(p.asOf)} 满 ${p.age} 周岁：${p.age >= p.full ? `${p.full} 周岁以上为成年人，完全民事行为能力人` : p.income && p.age >= p.own ? `${p.own} 周岁以上、以自己的劳动收入为主要生活来源，视为完全民事行为能力人` : '不是完全民事行为能力人'}（《民法典》第17、18条）${p.ok ? '' : '：不能单独提供担保'}`,
    (p, f) =>
      `born ${f.d(p.birth)}, aged ${p.age} on ${f.d(p.asOf)}: ${p.age >= p.full ? `an adult at ${p.full}, with full civil capacity` : p.income && p.age >= p.own ? `${p.own} or older and living on their own labour income, deemed to have full civil capacity` : 'without full civil capacity'} (Civil Code arts. 17, 18)${p.ok ? '' : ': cannot guarantee alone'}`,
  ),
  id: tpl<{ id: string; birth: number; check: string }>(
    (p, f) => `身份证号 ${p.id}：出生日期码 → ${f.d(p.birth)}；校验码 ${p.check}（GB 11643，ISO 7064 MOD 11-2）相符`,
    (p, f) => `ID ${p.id}: birth-date digits → ${f.d(p.birth)}; check character ${p.check} (GB 11643, ISO 7064 MOD 11-2) matches`,
  ),
  knockout: tpl<{ found: string[]; none: string }>(
    (p) => (p.found.length ? `否决事项：${p.found.join('、')}：不宜提供担保` : `${p.none}`),
    (p, f) => (p.found.length ? `knockout findings: ${p.found.map(f.g).join(', ')}: not to be guaranteed` : f.g(p.none)),
  ),
};

/** When a year of age is complete: the reading of 周岁 the policy takes (guarantee.ageCompletedOn). */
const AGE_READINGS = {
  dayAfterBirthday: t(
    '周岁按公历计算，出生当日不计入（《民法典》第201条“开始的当日不计入，自下一日开始计算”），自周岁生日的次日起满周岁',
    'age is counted by the calendar and the day of birth is not counted (Civil Code art. 201: the day a period begins is not counted), so a year of age is complete from the day after the birthday',
  ),
  birthday: t('周岁生日当天即满周岁', 'a year of age is complete on the birthday itself'),
};

// GB 11643-1999: weights of the 17 digits and the check character for each remainder mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The birth date in a resident identity card number (18 characters, or the old 15 digits), check character verified; the error when it is no such number. */
function birthDateOf(raw: string): { birth: number; check: string } | ExcelError {
  const id = raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  const invalid = (why: string, whyEn: string) => new ExcelError('#VALUE!', 'id.invalid', { fn: 'IDBIRTHDATE', got: raw.slice(0, 24), why: t(why, whyEn) });
  let date: Civil;
  let check: string;
  if (/^\d{17}[\dX]$/.test(id)) {
    const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
    check = CHECK[sum % 11]!;
    if (id[17] !== check) return invalid(`校验码应为 ${check}`, `the check character should be ${check}`);
    date = { y: Number(id.slice(6, 10)), m: Number(id.slice(10, 12)), d: Number(id.slice(12, 14)) };
  } else if (/^\d{15}$/.test(id)) {
    // First-generation cards (before 1999): two-digit years of the 1900s and no check character.
    date = { y: 1900 + Number(id.slice(6, 8)), m: Number(id.slice(8, 10)), d: Number(id.slice(10, 12)) };
    check = '—';
  } else {
    return invalid('应为18位（最后一位可为X）或旧式15位数字', 'it must be 18 characters (the last may be X) or the old 15 digits');
  }
  if (date.y < 1900 || date.m < 1 || date.m > 12 || date.d < 1 || date.d > daysInMonth(date.y, date.m)) return invalid('出生日期码不是有效日期', 'the birth-date digits are not a date');
  return { birth: serialFromCivil(date), check };
}

const AS_OF = req('date', 'asOf', '审查日', t('审查的日期', 'the day of the check'));

export const APPLICANT = [
  defineFunction({
    id: 'LICENCEVALID',
    section: 'guarantee',
    name: t('执照有效', 'licence valid'),
    description: t(
      '营业执照在审查日是否在有效期内（到期日当天仍有效；营业期限“长期”无到期日）且年审（2014年起为年度报告公示）合格',
      'whether the business licence is in term on the day checked (the expiry day itself included; 长期 has no end) and its annual review (since 2014 the annual report) passed',
    ),
    source: '第二篇 第五条（一）1（1）审查营业执照原件：看其是否经权机关颁发；在有效期内；年审合格。',
    params: [
      req('expiry', 'expiryDate', '有效期至', t('营业期限的截止日期，或“长期”', 'the last day of the licence’s term, or 长期 (long-term)')),
      AS_OF,
      opt('boolean', 'annualReviewPassed', '年审合格', t('年审（年度报告）是否合格（默认 TRUE）', 'whether the annual review (annual report) passed (default TRUE)'), true),
    ],
    result: 'boolean',
    rule: ([expiry, asOf, report], { trace }) => {
      // 有效期至 X: X is inside the term (届满 includes the day, Civil Code art. 1259).
      const inTerm = expiry === null || asOf <= expiry;
      const ok = inTerm && report;
      if (trace.on) trace.step(STEPS.licence, { expiry, asOf, inTerm, report, ok });
      return ok;
    },
    examples: [
      { args: ['2029-12-31', '2019-06-30'], result: true },
      { args: ['2019-06-30', '2019-06-30'], result: true },
      { args: ['2019-06-29', '2019-06-30'], result: false },
      { args: ['长期', '2019-06-30', false], result: false },
      { args: ['长期', '2019-06-30'], result: true },
    ],
  }),
  defineFunction({
    id: 'IDBIRTHDATE',
    section: 'guarantee',
    name: t('身份证出生日期', 'birth date from ID'),
    description: t(
      '居民身份证号码中的出生日期（核对校验码），用来核实申请人的年龄是否真实；号码须以文本输入',
      'the birth date in a resident identity card number, its check character verified, to check the applicant’s stated age; enter the number as text',
    ),
    source: '第二篇 第五条（二）1（1）审核身份证原件、并与户口簿核对，看其年龄是否真实。',
    params: [req('digits', 'idNumber', '身份证号', t('居民身份证号码（以文本输入：数字只保留15位）', 'the resident identity card number (as text: a number keeps only 15 digits)'))],
    result: 'date',
    rule: ([id], { trace }) => {
      const read = birthDateOf(id);
      if (read instanceof ExcelError) return read;
      const { birth, check } = read;
      if (trace.on) trace.step(STEPS.id, { id: id.trim(), birth, check });
      return birth;
    },
    examples: [
      { args: ['11010519491231002X'], result: 18263 },
      { args: ['110105194912310021'], result: { error: '#VALUE!' } },
      { args: [110105491231002], result: 18263 },
    ],
  }),
  defineFunction({
    id: 'FULLCAPACITY',
    section: 'guarantee',
    name: t('完全民事行为能力', 'full civil capacity'),
    description: t(
      '按年龄判断个人申请人是否为完全民事行为能力人：18周岁以上；或16周岁以上并以自己的劳动收入为主要生活来源（智力、精神健康状况另行审查）；周岁默认自生日的次日起满（《民法典》第201条，制度参数 guarantee.ageCompletedOn）',
      'whether an individual applicant has full civil capacity by age: 18 or older, or 16 or older living on their own labour income (soundness of mind is checked separately); by default a year of age is complete the day after the birthday (Civil Code art. 201; the policy parameter guarantee.ageCompletedOn)',
    ),
    source: '第二篇 第五条（二）1（2）审查身体健康与生活状况，看其是否具备法律规定的完全民事责任能力。《民法典》第十七条、第十八条、第二百零一条。',
    params: [
      req('date', 'birthDate', '出生日期', t('出生日期（可用 IDBIRTHDATE 从身份证号取得）', 'date of birth (IDBIRTHDATE reads it from the ID number)')),
      AS_OF,
      opt('boolean', 'livesOnOwnIncome', '自有劳动收入', t('是否以自己的劳动收入为主要生活来源（默认 FALSE）', 'whether they live mainly on their own labour income (default FALSE)'), false),
    ],
    result: 'boolean',
    rule: ([birth, asOf, income], { policy, trace }) => {
      if (birth > asOf) return new ExcelError('#NUM!', 'date.future', { fn: 'FULLCAPACITY', date: formatIsoDate(birth), asOf: formatIsoDate(asOf) });
      const { fullCapacityAge, ownIncomeCapacityAge, ageCompletedOn } = policy.guarantee;
      // 《民法典》第201条: the day a period begins is not counted, so a year of age is complete the day after the birthday.
      const dayAfter = ageCompletedOn === 'dayAfterBirthday';
      sayReading(trace, 'guarantee.ageCompletedOn', ageCompletedOn, dayAfter ? AGE_READINGS.dayAfterBirthday : AGE_READINGS.birthday);
      const age = wholeYears(birth, dayAfter ? asOf - 1 : asOf);
      const ok = age >= fullCapacityAge || (income && age >= ownIncomeCapacityAge);
      if (trace.on) trace.step(STEPS.capacity, { birth, asOf, age, full: fullCapacityAge, own: ownIncomeCapacityAge, income, ok });
      return ok;
    },
    examples: [
      { args: ['2001-06-30', '2019-07-01'], result: true },
      { args: ['2001-06-30', '2019-06-30'], result: false },
      { args: ['2002-07-01', '2019-06-30', true], result: true },
    ],
  }),
  defineFunction({
    id: 'KNOCKOUT',
    section: 'guarantee',
    name: t('否决事项', 'knockout findings'),
    description: t(
      '个人申请人社会交往调查中发现的否决事项（赌博、吸毒、未结诉讼、偷逃漏税、限制出境），以“；”分隔；都没有时为“无否决事项”',
      'the knockout findings of an individual applicant’s background check (gambling, drugs, pending litigation, tax evasion, exit ban), joined by “；”, or 无否决事项 (none found)',
    ),
    source: '第二篇 第五条（二）3（2）有没有赌博（赌球、赌马）、吸毒等恶习；（3）有没有诉讼事项还未处理完毕；（4）有没有偷、逃、漏税情况，是否上了税务机关公布的限制出境人员名单。',
    params: [
      req('boolean', 'gambling', '赌博', t('有赌博（赌球、赌马）恶习', 'gambles (football, horses)')),
      req('boolean', 'drugs', '吸毒', t('有吸毒恶习', 'uses drugs')),
      req('boolean', 'pendingLitigation', '未结诉讼', t('有诉讼事项还未处理完毕', 'has litigation not yet concluded')),
      req('boolean', 'taxEvasion', '偷逃漏税', t('有偷、逃、漏税情况', 'has evaded tax')),
      req('boolean', 'exitBan', '限制出境', t('上了税务机关公布的限制出境人员名单', 'is on the tax authority’s list of people barred from leaving China')),
    ],
    result: 'label',
    rule: ([gambling, drugs, litigation, tax, exit], { policy, trace }) => {
      const knockouts = policy.guarantee.knockouts;
      const found = (
        [
          [gambling, knockouts.gambling],
          [drugs, knockouts.drugs],
          [litigation, knockouts.litigation],
          [tax, knockouts.taxEvasion],
          [exit, knockouts.exitBan],
        ] as const
      )
        .filter(([hit]) => hit)
        .map(([, label]) => label);
      if (trace.on) trace.step(STEPS.knockout, { found, none: knockouts.none });
      return found.length ? found.join('；') : knockouts.none;
    },
    examples: [
      { args: [false, false, false, false, false], result: '无否决事项' },
      { args: [true, false, true, false, false], result: '赌博；未结诉讼' },
    ],
  }),
];
