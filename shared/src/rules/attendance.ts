import { defineFunction } from '../catalog/declare.js';
import { NON_NEGATIVE, opt, req, t } from '../catalog/params.js';
import { tpl } from '../explain/trace.js';
import type { PolicyDoc } from '../policy/schema.js';
import { SECONDS_PER_DAY } from '../values/dates.js';
import { dec } from '../values/money.js';
import type { Decimal } from '../values/money.js';

// 第一篇 一 考勤制度: working hours, rest days and asking for leave, read from the clock and the
// calendar so that LATEFINE, EARLYFINE and PAYROLL get their minutes and days.

type Marketing = PolicyDoc['marketing'];

const S = {
  late: tpl<{ at: number; start: string; minutes: Decimal }>(
    (p, f) => `上班时间 ${p.start}，${hhmm(p.at)} 到：${p.minutes.isZero() ? '未迟到' : `迟到 ${f.n(p.minutes)} 分钟`}`,
    (p, f) => `the shift starts at ${p.start}, arrived ${hhmm(p.at)}: ${p.minutes.isZero() ? 'not late' : `${f.n(p.minutes)} min late`}`,
  ),
  early: tpl<{ at: number; end: string; minutes: Decimal }>(
    (p, f) => `下班时间 ${p.end}，${hhmm(p.at)} 离开：${p.minutes.isZero() ? '未早退' : `早退 ${f.n(p.minutes)} 分钟`}`,
    (p, f) => `the shift ends at ${p.end}, left ${hhmm(p.at)}: ${p.minutes.isZero() ? 'not early' : `${f.n(p.minutes)} min early`}`,
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
  const pad = (n: number) => String(n).padStart(2, '0');
  const s = seconds % 60;
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}${s ? `:${pad(s)}` : ''}`;
}

function clockSeconds(hm: string): number {
  const [h, m] = hm.split(':').map(Number);
  return h! * 3600 + m! * 60;
}

/** The shift in seconds of the day; an end before the start is the next morning (20:00–02:00). */
function shiftOf(m: Marketing): { start: number; end: number; overnight: boolean } {
  const start = clockSeconds(m.shift.start);
  const end = clockSeconds(m.shift.end);
  return { start, end, overnight: end <= start };
}

/** Seconds late: after the start, counting on past midnight in an overnight shift; 0 before the shift. */
function lateSeconds(at: number, m: Marketing): number {
  const { start, end, overnight } = shiftOf(m);
  if (at >= start) return at - start;
  if (overnight && at < end) return at + SECONDS_PER_DAY - start;
  return 0;
}

/** Seconds early: before the end, counting back past midnight in an overnight shift; 0 after it. */
function earlySeconds(at: number, m: Marketing): number {
  const { start, end, overnight } = shiftOf(m);
  if (!overnight) return at >= start && at < end ? end - at : 0;
  if (at < end) return end - at;
  if (at >= start) return SECONDS_PER_DAY - at + end;
  return 0;
}

const SHIFT_SOURCE = '第一篇 一、2 上下班时间：下午20:00——凌晨02:00。';

export const ATTENDANCE = [
  defineFunction({
    id: 'LATEMINUTES',
    section: 'marketing',
    name: t('迟到分钟数', 'minutes late'),
    description: t('打卡上班时刻比制度的上班时间晚的分钟数（跨午夜的班次按次日计），作为 LATEFINE 的参数', 'minutes the clock-in is after the shift starts (an overnight shift counts on past midnight), for LATEFINE'),
    source: SHIFT_SOURCE,
    params: [req('time', 'clockIn', '上班打卡', t('上班打卡时刻，如 20:45 或 Excel 时间/日期时间', 'the clock-in time, e.g. 20:45, or an Excel time or date-time'))],
    result: 'number',
    rule: ([at], { policy, trace }) => {
      const minutes = dec(lateSeconds(at, policy.marketing)).dividedBy(60);
      trace.step(S.late, { at, start: policy.marketing.shift.start, minutes });
      return minutes.toNumber();
    },
    examples: [
      { args: ['20:30'], result: 30 },
      { args: ['00:15'], result: 255 },
      { args: ['19:55'], result: 0 },
      { args: [0.875], result: 60 },
    ],
  }),
  defineFunction({
    id: 'EARLYMINUTES',
    section: 'marketing',
    name: t('早退分钟数', 'minutes left early'),
    description: t('打卡下班时刻比制度的下班时间早的分钟数（跨午夜的班次按次日凌晨计），作为 EARLYFINE 的参数', 'minutes the clock-out is before the shift ends (an overnight shift ends the next morning), for EARLYFINE'),
    source: SHIFT_SOURCE,
    params: [req('time', 'clockOut', '下班打卡', t('下班打卡时刻，如 01:40', 'the clock-out time, e.g. 01:40'))],
    result: 'number',
    rule: ([at], { policy, trace }) => {
      const minutes = dec(earlySeconds(at, policy.marketing)).dividedBy(60);
      trace.step(S.early, { at, end: policy.marketing.shift.end, minutes });
      return minutes.toNumber();
    },
    examples: [
      { args: ['01:40'], result: 20 },
      { args: ['23:30'], result: 150 },
      { args: ['02:05'], result: 0 },
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
      trace.step(S.rest, { allowed, taken, balance, multiplier: policy.marketing.restDayPayMultiplier });
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
      trace.step(S.leave, { requested, start, before, approved, valid });
      return valid;
    },
    examples: [
      { args: ['2019-05-19 15:00', '2019-05-20 20:00'], result: true },
      { args: ['2019-05-20 21:00', '2019-05-20 20:00'], result: false },
      { args: ['2019-05-19 15:00', '2019-05-20 20:00', false], result: false },
    ],
  }),
];
