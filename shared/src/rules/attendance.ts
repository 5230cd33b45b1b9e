import { defineFunction } from '../catalog/declare.js';
import { NON_NEGATIVE, opt, req, t } from '../catalog/params.js';
import { tpl } from '../explain/trace.js';
import { cachedPerPolicy } from '../policy/labels.js';
import type { Threshold } from '../policy/schema.js';
import { reaches } from '../policy/thresholds.js';
import { SECONDS_PER_DAY } from '../values/dates.js';
import { dec } from '../values/money.js';
import type { Decimal } from '../values/money.js';

// 第一篇 一 考勤制度: working hours, rest days and asking for leave, read from the clock and the
// calendar so that LATEFINE, EARLYFINE and PAYROLL get their minutes and days.

const STEPS = {
  late: tpl<{ at: number; start: string; minutes: Decimal }>(
    (p, f) => `上班时间 ${p.start}，${hhmm(p.at)} 到：${p.minutes.isZero() ? '未迟到' : `迟到 ${f.n(p.minutes)} 分钟`}`,
    (p, f) => `the shift starts at ${p.start}, arrived ${hhmm(p.at)}: ${p.minutes.isZero() ? 'not late' : `${f.n(p.minutes)} min late`}`,
  ),
  early: tpl<{ at: number; end: string; minutes: Decimal }>(
    (p, f) => `下班时间 ${p.end}，${hhmm(p.at)} 离开：${p.minutes.isZero() ? '未早退' : `早退 ${f.n(p.minutes)} 分钟`}`,
    (p, f) => `the shift ends at ${p.end}, left ${hhmm(p.at)}: ${p.minutes.isZero() ? 'not early' : `${f.n(p.minutes)} min early`}`,
  ),
  outsideShift: tpl<{ what: 'arrived' | 'left'; at: number; start: string; end: string; side: 'beforeStart' | 'afterEnd'; minutes: Decimal; limit: Threshold; absence: boolean }>(
    (p, f) => {
      const what = p.what === 'arrived' ? '迟到' : '早退';
      const missed = p.minutes.isZero() ? '' : `，整个班次未在岗：${what} ${f.n(p.minutes)} 分钟${p.absence ? `，${what}${p.limit.inclusive ? '达到' : '超过'} ${p.limit.value} 分钟按旷工处理（第一篇 一、${p.what === 'arrived' ? 'D' : 'C'}）` : ''}`;
      const read =
        p.side === 'beforeStart'
          ? `离上班时间较近，读作上班之前${p.what === 'arrived' ? '到岗：未迟到' : '就已离开'}`
          : `离下班时间较近，读作下班之后${p.what === 'arrived' ? '才到' : '离开：未早退'}`;
      return `班次 ${p.start}—${p.end}，${hhmm(p.at)} ${p.what === 'arrived' ? '到' : '离开'}：不在班次内，${read}${missed}（打卡只有时刻、没有日期，班次外的时刻按较近的班次边界读；正好居中时取对员工较轻的读法，《民法典》第498条）`;
    },
    (p, f) => {
      const missed = p.minutes.isZero()
        ? ''
        : `, the whole shift missed: ${f.n(p.minutes)} min ${p.what === 'arrived' ? 'late' : 'early'}${p.absence ? `; ${p.limit.inclusive ? 'at least' : 'over'} ${p.limit.value} min counts as absence (第一篇 一、${p.what === 'arrived' ? 'D' : 'C'})` : ''}`;
      const read =
        p.side === 'beforeStart'
          ? `nearer its start, read as ${p.what === 'arrived' ? 'arriving before the shift: not late' : 'leaving before the shift began'}`
          : `nearer its end, read as ${p.what === 'arrived' ? 'arriving after the shift had ended' : 'leaving after the shift: not early'}`;
      return `the shift is ${p.start}–${p.end}, ${p.what} ${hhmm(p.at)}: outside the shift and ${read}${missed} (a clock time has no date, so a time outside the shift is read by the nearer end of the shift; exactly halfway, the reading lighter for the employee, Civil Code art. 498)`;
    },
  ),
  rest: tpl<{ allowed: number; taken: number; balance: number; multiplier: number }>(
    (p, f) =>
      p.balance < 0
        ? `每月工休 ${p.allowed} 天，已休 ${p.taken} 天：超出 ${-p.balance} 天。严禁私自排休，违者按旷工处理（未经批准的按旷工计）`
        : p.balance > 0
          ? `每月工休 ${p.allowed} 天，已休 ${p.taken} 天：未休 ${p.balance} 天。制度“如不休者算自动放弃休假”与法律不符：用人单位应保证劳动者每周至少休息一日（《劳动法》第38条），休息日工作又不能安排补休的，支付不低于 ${f.p(p.multiplier)} 的工资（第44条，见 RESTDAYPAY）`
          : `每月工休 ${p.allowed} 天，已休 ${p.taken} 天：正好休完`,
    (p, f) =>
      p.balance < 0
        ? `${f.c(p.allowed, 'rest day', 'rest days')} a month, ${p.taken} taken: ${f.c(-p.balance, 'day', 'days')} over. Unauthorised rest is forbidden and counts as absence when not approved`
        : p.balance > 0
          ? `${f.c(p.allowed, 'rest day', 'rest days')} a month, ${p.taken} taken: ${f.c(p.balance, 'day', 'days')} not taken. The policy's "a rest day not taken is given up" does not stand in law: an employee rests at least one day a week (Labour Law art. 38), and a rest day worked without time off in lieu is paid at least ${f.p(p.multiplier)} (art. 44; see RESTDAYPAY)`
          : `${f.c(p.allowed, 'rest day', 'rest days')} a month, ${p.taken} taken: none left, none over`,
  ),
  leave: tpl<{ requested: number; start: number; before: boolean; approved: boolean; valid: boolean }>(
    (p, f) =>
      `请假 ${f.dt(p.requested)}，假期开始 ${f.dt(p.start)}：${p.before ? '已提前请假' : '未提前请假'}，${p.approved ? '上级已批准' : '未经上级批准'}：${p.valid ? '请假有效' : '请假无效，按旷工处理'}`,
    (p, f) =>
      `leave asked for ${f.dt(p.requested)}, starting ${f.dt(p.start)}: ${p.before ? 'asked in advance' : 'not asked in advance'}, ${p.approved ? 'approved by a superior' : 'not approved'}: ${p.valid ? 'valid leave' : 'not valid, counted as absence'}`,
  ),
};

function hhmm(seconds: number): string {
  const pad = (part: number) => String(part).padStart(2, '0');
  const secs = seconds % 60;
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}${secs ? `:${pad(secs)}` : ''}`;
}

function clockSeconds(hm: string): number {
  const [hours, minutes] = hm.split(':').map(Number);
  return hours! * 3600 + minutes! * 60;
}

export interface Shift {
  start: number;
  end: number;
  /** Seconds from the start to the end; an end at or before the start is the next morning (20:00–02:00). */
  length: number;
}

/** The policy's shift in seconds, read once per document. */
export const shiftOf = cachedPerPolicy((policy): Shift => {
  const start = clockSeconds(policy.marketing.shift.start);
  const end = clockSeconds(policy.marketing.shift.end);
  return { start, end, length: (end - start + SECONDS_PER_DAY) % SECONDS_PER_DAY || SECONDS_PER_DAY };
});

/** Seconds from one time of day forward to another, past midnight when need be. */
const forward = (from: number, to: number) => (to - from + SECONDS_PER_DAY) % SECONDS_PER_DAY;

type Side = 'inShift' | 'beforeStart' | 'afterEnd';

/**
 * A clock-in: seconds after the shift's start. A clock time has no date, so one outside the shift is
 * read by the nearer end of the shift: nearer its end, the manager came after the shift had ended and
 * missed all of it, still counted from the start (so that 迟到半小时以上按旷工处理 applies); nearer its
 * start, he came early. Exactly halfway, the lighter reading (Civil Code art. 498).
 */
export function arrival(at: number, shift: Shift): { seconds: number; side: Side } {
  const fromStart = forward(shift.start, at);
  if (fromStart < shift.length) return { seconds: fromStart, side: 'inShift' };
  const sinceEnd = fromStart - shift.length;
  const untilStart = SECONDS_PER_DAY - fromStart;
  return sinceEnd < untilStart ? { seconds: fromStart, side: 'afterEnd' } : { seconds: 0, side: 'beforeStart' };
}

/**
 * A clock-out: seconds before the shift's end. Outside the shift, by the nearer end as for a clock-in:
 * nearer its start, the manager left before the shift began and missed all of it (早退半小时以上者记为
 * 旷工处理); nearer its end, he left after it. Exactly halfway, the lighter reading.
 */
export function departure(at: number, shift: Shift): { seconds: number; side: Side } {
  const toEnd = forward(at, shift.end);
  if (toEnd <= shift.length) return { seconds: toEnd, side: 'inShift' };
  const sinceEnd = SECONDS_PER_DAY - toEnd;
  const untilStart = toEnd - shift.length;
  return sinceEnd <= untilStart ? { seconds: 0, side: 'afterEnd' } : { seconds: toEnd, side: 'beforeStart' };
}

const SHIFT_SOURCE = '第一篇 一、2 上下班时间：下午20:00——凌晨02:00。';

export const ATTENDANCE = [
  defineFunction({
    id: 'LATEMINUTES',
    section: 'marketing',
    name: t('迟到分钟数', 'minutes late'),
    description: t(
      '打卡上班时刻比制度的上班时间晚的分钟数（跨午夜的班次按次日计），作为 LATEFINE 的参数；班次外的时刻按较近的班次边界读：下班之后才到为整个班次未到岗（分钟数超过半小时，按旷工），上班之前到为未迟到',
      'minutes the clock-in is after the shift starts (an overnight shift counts on past midnight), for LATEFINE; a time outside the shift is read by the nearer end of the shift: after the end, the whole shift was missed (over half an hour: absence); before the start, not late',
    ),
    source: SHIFT_SOURCE,
    params: [req('time', 'clockIn', '上班打卡', t('上班打卡时刻，如 20:45 或 Excel 时间/日期时间', 'the clock-in time, e.g. 20:45, or an Excel time or date-time'))],
    result: 'number',
    rule: ([at], { policy, trace }) => {
      const { start, end } = policy.marketing.shift;
      const { seconds, side } = arrival(at, shiftOf(policy));
      const minutes = dec(seconds).dividedBy(60);
      if (trace.on && side === 'inShift') trace.step(STEPS.late, { at, start, minutes });
      else if (trace.on && side !== 'inShift') trace.step(STEPS.outsideShift, { what: 'arrived', at, start, end, side, minutes, limit: policy.marketing.lateAsAbsenceMinutes, absence: reaches(minutes, policy.marketing.lateAsAbsenceMinutes) });
      return minutes.toNumber();
    },
    examples: [
      { args: ['20:30'], result: 30 },
      { args: ['00:15'], result: 255 },
      { args: ['19:55'], result: 0 },
      { args: [0.875], result: 60 },
      { args: ['02:00'], result: 360 },
    ],
  }),
  defineFunction({
    id: 'EARLYMINUTES',
    section: 'marketing',
    name: t('早退分钟数', 'minutes left early'),
    description: t(
      '打卡下班时刻比制度的下班时间早的分钟数（跨午夜的班次按次日凌晨计），作为 EARLYFINE 的参数；班次外的时刻按较近的班次边界读：上班之前就离开为整个班次未在岗（按旷工），下班之后离开为未早退',
      'minutes the clock-out is before the shift ends (an overnight shift ends the next morning), for EARLYFINE; a time outside the shift is read by the nearer end of the shift: before the start, the whole shift was missed (absence); after the end, not early',
    ),
    source: SHIFT_SOURCE,
    params: [req('time', 'clockOut', '下班打卡', t('下班打卡时刻，如 01:40', 'the clock-out time, e.g. 01:40'))],
    result: 'number',
    rule: ([at], { policy, trace }) => {
      const { start, end } = policy.marketing.shift;
      const { seconds, side } = departure(at, shiftOf(policy));
      const minutes = dec(seconds).dividedBy(60);
      if (trace.on && side === 'inShift') trace.step(STEPS.early, { at, end, minutes });
      else if (trace.on && side !== 'inShift') trace.step(STEPS.outsideShift, { what: 'left', at, start, end, side, minutes, limit: policy.marketing.earlyAsAbsenceMinutes, absence: reaches(minutes, policy.marketing.earlyAsAbsenceMinutes) });
      return minutes.toNumber();
    },
    examples: [
      { args: ['01:40'], result: 20 },
      { args: ['23:30'], result: 150 },
      { args: ['02:05'], result: 0 },
      { args: ['19:59'], result: 361 },
    ],
  }),
  defineFunction({
    id: 'RESTBALANCE',
    section: 'marketing',
    name: t('剩余休息日', 'rest days left'),
    description: t(
      '每月工休天数减已休天数：负数为超出的天数（未经批准按旷工），正数为未休的天数（制度视为放弃，依法应补休或按 RESTDAYPAY 支付）',
      'the month’s rest days minus those taken: negative, days over (absence unless approved); positive, days not taken (given up under the policy; owed time off or RESTDAYPAY by law)',
    ),
    source: '第一篇 一、2 营销部人员每月工休3天；B 营销部每月可排休一天，如不休者算自动放弃休假；3 严禁私自排休。违者按旷工处理。',
    params: [
      req('number', 'restDaysTaken', '已休天数', t('当月已休的天数', 'rest days taken this month'), { domain: NON_NEGATIVE }),
    ],
    result: 'number',
    rule: ([taken], { policy, trace }) => {
      const allowed = policy.marketing.restDaysPerMonth;
      const balance = dec(allowed).minus(taken).toNumber();
      if (trace.on) trace.step(STEPS.rest, { allowed, taken, balance, multiplier: policy.marketing.restDayPayMultiplier });
      return balance;
    },
    examples: [
      { args: [2], result: 1 },
      { args: [4], result: -1 },
    ],
  }),
  defineFunction({
    id: 'LEAVEVALID',
    section: 'marketing',
    name: t('请假有效', 'leave valid'),
    description: t('病假、事假须在假期开始前向上级请假并获批准；否则请假无效，按旷工处理', 'sick and personal leave must be asked for before it starts and approved by a superior; otherwise it is not valid and counts as absence'),
    source: '第一篇 一、2 病、事假需提前向上级领导请假；3 严禁私自排休。违者按旷工处理。',
    params: [
      req('datetime', 'requestedAt', '请假时间', t('向上级请假的日期时间', 'when the leave was asked for (date and time)')),
      req('datetime', 'leaveStart', '假期开始', t('假期开始的日期时间', 'when the leave starts (date and time)')),
      opt('boolean', 'approved', '已批准', t('上级是否批准（默认 TRUE）', 'whether a superior approved it (default TRUE)'), true),
    ],
    result: 'boolean',
    rule: ([requested, start, approved], { trace }) => {
      const before = requested < start; // 提前: before the leave starts
      const valid = before && approved;
      if (trace.on) trace.step(STEPS.leave, { requested, start, before, approved, valid });
      return valid;
    },
    examples: [
      { args: ['2019-05-19 15:00', '2019-05-20 20:00'], result: true },
      { args: ['2019-05-20 21:00', '2019-05-20 20:00'], result: false },
      { args: ['2019-05-19 15:00', '2019-05-20 20:00', false], result: false },
    ],
  }),
];
