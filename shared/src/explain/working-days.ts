import type { Day } from '../values/calendar.js';
import { CALENDAR_YEARS, weekday } from '../values/calendar.js';
import { civilFromSerial } from '../values/dates.js';
import type { Text2 } from '../values/types.js';
import type { Trace } from './trace.js';
import { tpl } from './trace.js';

// How a date that had to be a working day was found, and from which calendar: China's official
// arrangements for the years the dataset covers, weekends alone outside them.

const WEEKDAY_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAY_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function dayZh(d: Day): string {
  const wd = WEEKDAY_ZH[weekday(d.serial)]!;
  return d.kind === 'holiday' ? `${wd}（${d.holiday!['zh-CN']}假期）` : `${wd}（休息日）`;
}

function dayEn(d: Day): string {
  const wd = WEEKDAY_EN[weekday(d.serial)]!;
  return d.kind === 'holiday' ? `${wd} (${d.holiday!.en} holiday)` : `${wd} (a rest day)`;
}

const STEPS = {
  calendar: tpl<{ year: number; covered: boolean }>(
    (p) =>
      p.covered
        ? `休息日与节假日按国务院办公厅公布的 ${p.year} 年节假日安排（含调休上班日），数据来自 chinese-days（覆盖 ${CALENDAR_YEARS.first}–${CALENDAR_YEARS.last} 年）`
        : `${p.year} 年不在节假日数据（chinese-days，${CALENDAR_YEARS.first}–${CALENDAR_YEARS.last} 年）范围内：只避开周六、周日，未计法定节假日与调休`,
    (p) =>
      p.covered
        ? `rest days and holidays follow the State Council's ${p.year} holiday arrangements (make-up working days included), from the chinese-days dataset (${CALENDAR_YEARS.first}–${CALENDAR_YEARS.last})`
        : `${p.year} is outside the holiday dataset (chinese-days, ${CALENDAR_YEARS.first}–${CALENDAR_YEARS.last}): only Saturdays and Sundays are avoided, not public holidays or make-up working days`,
  ),
  skipped: tpl<{ days: Day[]; because?: Text2 }>(
    (p, f) =>
      `${p.days.slice(0, -1).map((d) => `${f.d(d.serial)} ${dayZh(d)}`).join('，')}不是工作日${p.because ? `：${p.because['zh-CN']}` : ''} → ${f.d(p.days.at(-1)!.serial)}`,
    (p, f) =>
      `${p.days.slice(0, -1).map((d) => `${f.d(d.serial)} ${dayEn(d)}`).join(', ')}: ${p.days.length > 2 ? 'not working days' : 'not a working day'}${p.because ? `; ${p.because.en}` : ''} → ${f.d(p.days.at(-1)!.serial)}`,
  ),
  makeup: tpl<{ day: Day }>(
    (p, f) => `${f.d(p.day.serial)} 是${p.day.holiday!['zh-CN']}调休上班日：工作日`,
    (p, f) => `${f.d(p.day.serial)} is a make-up working day for ${p.day.holiday!.en}: a working day`,
  ),
};

/**
 * Records which calendar decided, the days passed over (newest first) with the rule that moved the date
 * (`because`), and a make-up working day landed on.
 */
export function workingDayNote(trace: Trace, days: readonly Day[], because?: Text2): void {
  if (!trace.on) return;
  trace.step(STEPS.calendar, { year: civilFromSerial(days[0]!.serial).y, covered: days[0]!.covered });
  if (days.length > 1) trace.step(STEPS.skipped, { days: [...days], because });
  const last = days.at(-1)!;
  if (last.kind === 'makeupWorkday') trace.step(STEPS.makeup, { day: last });
}
