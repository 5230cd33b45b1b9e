import type { Cells } from '../catalog/declare.js';
import { defineFunction } from '../catalog/declare.js';
import { NON_NEGATIVE, opt, req, t } from '../catalog/params.js';
import { sayReading } from '../explain/reading.js';
import { tpl } from '../explain/trace.js';
import { ExcelError } from '../i18n/messages.js';
import { normalizeLabel } from '../policy/labels.js';
import type { Decimal } from '../values/money.js';
import { ZERO } from '../values/money.js';
import type { Text2 } from '../values/types.js';

// 第一篇 三、四 on the floor of the bar: bookings, the revenue that counts, discounts and tips.

const STEPS = {
  booking: tpl<{ missing: string[]; phoneOk: boolean; complete: boolean }>(
    (p) =>
      p.complete
        ? '台号、顾客姓名、电话号码都已写清楚：可确认定台的真实性'
        : `定台登记不完整：${[...p.missing, ...(p.phoneOk || p.missing.includes('电话号码') ? [] : ['电话号码不是有效的手机或固定电话号码'])].join('、')}`,
    (p) =>
      p.complete
        ? 'table, guest name and phone number are all written down: the booking can be confirmed'
        : `the booking record is incomplete: ${[...p.missing.map((field) => FIELD_EN[field] ?? field), ...(p.phoneOk || p.missing.includes('电话号码') ? [] : ['the phone number is not a valid mobile or landline number'])].join(', ')}`,
  ),
  counted: tpl<{ rows: number; counted: Decimal; touting: Decimal; late: Decimal; repeat: number }>(
    (p, f) =>
      `计入业绩 ${f.m(p.counted)}（${p.rows} 笔）；不计：门外拉客当天的业绩 ${f.m(p.touting)}，未在到店前登记的定台 ${f.m(p.late)}；计入的定台中二次定台 ${p.repeat} 笔`,
    (p, f) =>
      `counted ${f.m(p.counted)} (${f.c(p.rows, 'booking', 'bookings')}); not counted: revenue on days of touting at the door ${f.m(p.touting)}, bookings not registered before arrival ${f.m(p.late)}; of those counted, ${f.c(p.repeat, 'repeat booking', 'repeat bookings')}`,
  ),
  discount: tpl<{ signer: string; signedBy: string; confirmedBy: string; selfConfirmed: boolean; valid: boolean }>(
    (p) =>
      `签折：${p.signedBy || '（无）'}，应由 ${p.signer} 统一签折；经理核实确认：${p.confirmedBy || '（无）'}${p.selfConfirmed ? '（签折人本人）' : ''}：${p.valid ? '折扣有效' : '折扣无效（营销部人员没有打折权）'}`,
    (p) =>
      `discount signed by ${p.signedBy || '(nobody)'}; only ${p.signer} signs discounts; confirmed by a manager: ${p.confirmedBy || '(nobody)'}${p.selfConfirmed ? ' (the signer himself)' : ''}: ${p.valid ? 'valid' : 'not valid (marketing staff have no right to discount)'}`,
  ),
  tips: tpl<{ tips: Decimal; solicited: boolean }>(
    (p, f) =>
      p.solicited
        ? `恶意索要小费：当日小费 ${f.m(p.tips)} 充公。⚠ 提示：《企业职工奖惩条例》2008年废止后，没收员工财物没有法律依据；小费的归属按与客人、员工的约定处理`
        : `未恶意索要小费：不充公`,
    (p, f) =>
      p.solicited
        ? `tips solicited: the day's tips of ${f.m(p.tips)} are confiscated. ⚠ Warning: since the Regulations on Rewards and Punishments for Enterprise Employees were repealed in 2008, confiscating an employee's money has no legal basis; who owns tips follows what guest and employee agreed`
        : 'tips not solicited: nothing confiscated',
  ),
};

/** The readings of the sentences that read two ways (each carried by a policy parameter). */
const READINGS = {
  twoPeople: t(
    '“统一签折，并由经理核实确认”是两道手续，为防“从中得利”，确认须由签折人以外的经理作出',
    'signing and confirming are two acts, and against gain for oneself (从中得利) the confirmation must come from a manager other than the signer',
  ),
  selfConfirmAllowed: t('签折人本人也可以作为经理核实确认', 'the signer may confirm his own discount as the manager'),
  repeatCountsUnregistered: t(
    '“二次定台可算营销部业绩”紧随登记要求，读作例外：二次定台未按时登记也计入；格式条款有两种以上解释的，作不利于提供方的解释（《民法典》第498条）',
    'a repeat booking counts even when not registered in time: 二次定台可算营销部业绩 follows the registration rule and reads as an exception, and a standard term read two ways is read against the drafter (Civil Code art. 498)',
  ),
  repeatNeedsRegistration: t('二次定台也须在客人到店前按时登记才计入', 'a repeat booking counts only when registered in time, like any booking'),
};

const FIELD_EN: Record<string, string> = { 台号: 'table number', 顾客姓名: 'guest name', 电话号码: 'phone number' };

/** A Chinese mobile number (11 digits from 1) or a landline (area code and 7–8 digits, or 7–8 digits). */
function isPhone(text: string): boolean {
  const digits = text.normalize('NFKC').replace(/[\s()（）-]/g, '').replace(/^\+?86/, '');
  return /^1[3-9]\d{9}$/.test(digits) || /^0\d{2,3}\d{7,8}$/.test(digits) || /^\d{7,8}$/.test(digits);
}

/** The error of a range of flags that is not the revenues' size; undefined when it is, or omitted (all FALSE). */
function sameShape(fn: string, revenues: Cells<unknown>, flags: Cells<unknown>, names: { a: Text2; b: Text2 }): ExcelError | undefined {
  if (flags.rows === 0) return undefined;
  if (revenues.rows !== flags.rows || revenues.cols !== flags.cols) {
    return new ExcelError('#VALUE!', 'range.sizeMismatch', { fn, a: names.a, b: names.b, sa: `${revenues.rows}×${revenues.cols}`, sb: `${flags.rows}×${flags.cols}` });
  }
  return undefined;
}

export const FLOOR = [
  defineFunction({
    id: 'BOOKINGCOMPLETE',
    section: 'marketing',
    name: t('定台登记完整', 'booking record complete'),
    description: t('定台时台号、顾客姓名、电话号码是否都写清楚（电话须为有效的手机或固定电话号码）', 'whether a booking records the table, the guest’s name and a valid phone number'),
    source: '第一篇 四、3 定台明确。营销部工作人员在每天定台时必须写清楚台号，顾客姓名，电话号码等可确认定台的真实性。',
    params: [
      opt('entry', 'tableNo', '台号', t('台号（一个单元格）', 'table number (one cell)'), null),
      opt('entry', 'guestName', '顾客姓名', t('顾客姓名（一个单元格）', 'the guest’s name (one cell)'), null),
      opt('entry', 'phone', '电话号码', t('顾客电话号码（一个单元格）', 'the guest’s phone number (one cell)'), null),
    ],
    result: 'boolean',
    rule: ([table, name, phone], { trace }) => {
      // A blank cell is not written down; the adapter refuses TRUE/FALSE and ranges, naming the field.
      const fields: [string, string | undefined][] = [
        ['台号', table],
        ['顾客姓名', name],
        ['电话号码', phone],
      ];
      const missing = fields.filter(([, entry]) => entry === undefined).map(([field]) => field);
      const phoneOk = phone !== undefined && isPhone(phone);
      const complete = missing.length === 0 && phoneOk;
      if (trace.on) trace.step(STEPS.booking, { missing, phoneOk, complete });
      return complete;
    },
    examples: [
      { args: ['A8', '张先生', '13812345678'], result: true },
      { args: [12, '张先生', 13812345678], result: true },
      { args: ['A8', '', '13812345678'], result: false },
      { args: ['A8', '张先生', '12345'], result: false },
      { args: ['A8', true, '13812345678'], result: { error: '#VALUE!' } },
    ],
  }),
  defineFunction({
    id: 'COUNTEDREVENUE',
    section: 'marketing',
    name: t('计入业绩', 'revenue that counts'),
    description: t(
      '当月计入营销部业绩的定台金额：在客人到店前登记的定台，以及二次定台（默认未按时登记也计入：制度参数 marketing.repeatBookingNeedsRegistration），门外拉客当天的业绩不计；各区域一行一笔',
      'the month’s bookings that count as marketing revenue: those registered before the guest arrived, and repeat bookings (by default even when not registered in time: the policy parameter marketing.repeatBookingNeedsRegistration), none on a day of touting at the door; one row per booking',
    ),
    source: '第一篇 四、5 营销部工作人员不得在门外拉客。凡在门外拉客者，当天的业绩不予计算。（注：定台需在客人到店前10分钟登记为准）二次定台可算营销部业绩。',
    params: [
      req('numberCells', 'revenues', '定台金额', t('每笔定台的消费金额（区域）', 'each booking’s revenue (range)'), { domain: NON_NEGATIVE }),
      req('booleanCells', 'registeredOnTime', '按时登记', t('每笔定台是否按时登记（BOOKINGVALID 的结果；空白为 FALSE）', 'whether each booking was registered in time (BOOKINGVALID; blank is FALSE)')),
      opt('booleanCells', 'touting', '门外拉客', t('该笔所在当天是否在门外拉客（空白为 FALSE）', 'whether the manager touted at the door that day (blank is FALSE)'), null),
      opt('booleanCells', 'repeatBooking', '二次定台', t('是否为二次定台（空白为 FALSE）', 'whether it is a repeat booking (blank is FALSE)'), null),
    ],
    result: 'money',
    rule: ([revenues, onTime, touting, repeat], { policy, trace }) => {
      const names = (flagsName: Text2) => ({ a: t('定台金额', 'revenues'), b: flagsName });
      const misshapen =
        sameShape('COUNTEDREVENUE', revenues, onTime, names(t('按时登记', 'registeredOnTime'))) ??
        sameShape('COUNTEDREVENUE', revenues, touting, names(t('门外拉客', 'touting'))) ??
        sameShape('COUNTEDREVENUE', revenues, repeat, names(t('二次定台', 'repeatBooking')));
      if (misshapen) return misshapen;
      const needsRegistration = policy.marketing.repeatBookingNeedsRegistration;
      let counted = ZERO;
      let toutingTotal = ZERO;
      let lateTotal = ZERO;
      let rows = 0;
      let repeats = 0;
      let repeatsUnregistered = 0;
      revenues.items.forEach((revenue, i) => {
        if (revenue === null) return;
        const isRepeat = repeat.items[i] === true;
        const registered = onTime.items[i] === true;
        if (isRepeat && !registered && touting.items[i] !== true) repeatsUnregistered++;
        if (touting.items[i] === true) toutingTotal = toutingTotal.plus(revenue);
        else if (registered || (isRepeat && !needsRegistration)) {
          counted = counted.plus(revenue);
          rows++;
          if (isRepeat) repeats++;
        } else lateTotal = lateTotal.plus(revenue);
      });
      if (repeatsUnregistered > 0) {
        sayReading(trace, 'marketing.repeatBookingNeedsRegistration', needsRegistration, needsRegistration ? READINGS.repeatNeedsRegistration : READINGS.repeatCountsUnregistered);
      }
      if (trace.on) trace.step(STEPS.counted, { rows, counted, touting: toutingTotal, late: lateTotal, repeat: repeats });
      return counted;
    },
    examples: [
      {
        args: [[[1288], [2680], [960], [1500]], [[true], [true], [false], [false]], [[false], [true], [false], [false]], [[false], [false], [false], [true]]],
        result: 2788,
      },
      { args: [[[1288], [2680]], [[true], [true]]], result: 3968 },
      { args: [[[1288], [2680]], [[true]]], result: { error: '#VALUE!' } },
    ],
  }),
  defineFunction({
    id: 'DISCOUNTVALID',
    section: 'marketing',
    name: t('折扣有效', 'discount valid'),
    description: t(
      '营销部人员没有打折权：折扣须由制度指定的人统一签折，并由经理核实确认（默认须为签折人以外的经理：制度参数 marketing.discountConfirmerMayBeSigner）',
      'marketing staff cannot give discounts: a discount needs the sign-off of the person the policy names and a manager’s confirmation (by default a manager other than the signer: the policy parameter marketing.discountConfirmerMayBeSigner)',
    ),
    source: '第一篇 四、2 打折权：以避免营销员专公司漏洞，从中得利，营销部人员没有打折权。（由四哥统一签折，并由经理核实确认）',
    params: [
      opt('text', 'signedBy', '签折人', t('签折的人', 'who signed the discount'), null),
      opt('text', 'confirmedBy', '确认经理', t('核实确认的经理', 'the manager who confirmed it'), null),
    ],
    result: 'boolean',
    rule: ([signedBy, confirmedBy], { policy, trace }) => {
      const { discountSigner: signer, discountConfirmerMayBeSigner: selfConfirmAllowed } = policy.marketing;
      const signed = signedBy !== undefined && normalizeLabel(signedBy) === normalizeLabel(signer);
      const confirmed = confirmedBy !== undefined && confirmedBy !== '';
      const selfConfirmed = confirmed && signedBy !== undefined && normalizeLabel(confirmedBy) === normalizeLabel(signedBy);
      if (selfConfirmed) sayReading(trace, 'marketing.discountConfirmerMayBeSigner', selfConfirmAllowed, selfConfirmAllowed ? READINGS.selfConfirmAllowed : READINGS.twoPeople);
      const valid = signed && confirmed && (!selfConfirmed || selfConfirmAllowed);
      if (trace.on) trace.step(STEPS.discount, { signer, signedBy: signedBy ?? '', confirmedBy: confirmedBy ?? '', selfConfirmed, valid });
      return valid;
    },
    examples: [
      { args: ['四哥', '王经理'], result: true },
      { args: ['四哥'], result: false },
      { args: ['张三', '王经理'], result: false },
      { args: ['四哥', '四哥'], result: false },
    ],
  }),
  defineFunction({
    id: 'TIPFORFEIT',
    section: 'marketing',
    name: t('小费充公', 'tips confiscated'),
    description: t('恶意向客人索要小费时当日小费充公的金额；说明提示没收员工财物没有法律依据', 'the day’s tips confiscated when a manager solicits tips; the explanation warns that confiscating an employee’s money has no legal basis'),
    source: '第一篇 四、2 营销部人员不得恶意向客人所要小费。违者当日小费充公。',
    params: [
      req('amount', 'tipsOfDay', '当日小费', t('当日收到的小费（元）', 'the day’s tips (yuan)'), { domain: NON_NEGATIVE }),
      req('boolean', 'solicited', '恶意索要', t('是否恶意向客人索要小费', 'whether the tips were solicited')),
    ],
    result: 'money',
    rule: ([tips, solicited], { trace }) => {
      if (trace.on) trace.step(STEPS.tips, { tips, solicited });
      return solicited ? tips : ZERO;
    },
    examples: [
      { args: [200, true], result: 200 },
      { args: [200, false], result: 0 },
    ],
  }),
];
