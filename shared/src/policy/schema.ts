import * as z from 'zod/mini';
import type { IssueLike } from '../i18n/issues.js';
import { REPORT_INPUT, issueText } from '../i18n/issues.js';
import type { Text2 } from '../values/types.js';

/**
 * The schema of a policy document. Every number, threshold, rate, label and table the rules use is
 * here; the rules hold none. Thresholds carry their inclusiveness, because the source documents
 * follow PRC Civil Code art. 1259: 以上/以下/以内/届满 include the stated number, 不满/超过/以外
 * exclude it.
 */

const text2 = z.strictObject({ 'zh-CN': z.string().check(z.minLength(1)), en: z.string().check(z.minLength(1)) });
const finite = z.number().check(z.refine(Number.isFinite, 'number.finite'));
const nonNegative = finite.check(z.gte(0));
const positive = finite.check(z.gt(0));
const ratio01 = finite.check(z.gte(0), z.lte(1));
const wholeNonNegative = z.int().check(z.gte(0));
const label = z.string().check(z.minLength(1));
/** A wall-clock time of day, 24-hour: "20:00". */
const clock = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time.hhmm'));

/** A threshold `x ≥ value` (inclusive) or `x > value` (exclusive): the point where a consequence starts. */
export const threshold = z.strictObject({ value: finite, inclusive: z.boolean() });
export type Threshold = z.infer<typeof threshold>;

/**
 * Bands, looked up in order, first match wins. `from` bands are lower bounds listed from the highest
 * down (≥ 90 → AAA, ≥ 80 → AA…); `upTo` bands are upper bounds listed from the lowest up
 * (≤ 0.3 → 1.5%, ≤ 0.5 → 2%…). A value that meets none gets `otherwise`.
 */
function bands<T extends z.core.SomeType>(value: T) {
  const band = z.strictObject({ from: z.optional(threshold), upTo: z.optional(threshold), value });
  return z.strictObject({ bands: z.array(band).check(z.minLength(1)), otherwise: value }).check(
    z.superRefine((b, ctx) => {
      const kind = b.bands[0]!.from ? 'from' : 'upTo';
      let prev: Threshold | undefined;
      b.bands.forEach((band, i) => {
        const t = band[kind];
        if (!t || (kind === 'from' ? band.upTo : band.from)) {
          ctx.issues.push({
            code: 'custom',
            input: band,
            path: ['bands', i],
            message: 'bands.sameKind',
            params: { kind },
          });
          return;
        }
        if (prev && (kind === 'from' ? t.value > prev.value : t.value < prev.value)) {
          ctx.issues.push({
            code: 'custom',
            input: t,
            path: ['bands', i, kind, 'value'],
            message: kind === 'from' ? 'bands.fromOrder' : 'bands.upToOrder',
          });
        }
        prev = t;
      });
    }),
  );
}
export type Bands<T> = { bands: { from?: Threshold; upTo?: Threshold; value: T }[]; otherwise: T };

/** A label the rules accept: its Chinese term is the key, `en` its English alias. */
const aliasOnly = z.strictObject({ en: label });

function weightsSumTo(total: number, what: string) {
  return z.superRefine((items: { weight: number }[], ctx) => {
    const sum = items.reduce((s, x) => s + x.weight, 0);
    if (Math.abs(sum - total) > 1e-9) {
      ctx.issues.push({ code: 'custom', input: items, message: 'weights.sum', params: { what, sum, total } });
    }
  });
}

const grade = z.string().check(z.regex(/^[A-Z]$/, 'grade.letter'));

const note = z.strictObject({
  source: z.optional(z.string()),
  illustrative: z.optional(z.boolean()),
  note: z.optional(text2),
});

/**
 * Parameters added after a version was published are optional in a policy *file* (so that a
 * published file, whose content never changes, still loads) and required in the *effective*
 * document the rules read: a file that lacks them is completed from a supplement (see
 * supplement.ts). `added` marks them; the two schemas are built from one description.
 */
function policyShape<Optional extends boolean>(optional: Optional) {
  const added = <T extends z.core.SomeType>(s: T) => (optional ? z.optional(s) : s) as Optional extends true ? z.ZodMiniOptional<T> : T;

  const marketing = z.strictObject({
    baseSalary: nonNegative,
    monthlyTarget: positive,
    commissionRate: ratio01,
    baseShortfallRule: z.enum(['full', 'prorate']),
    probation: z.strictObject({ months: wholeNonNegative, baseSalary: nonNegative, monthlyTarget: positive }),
    absenceFinePerDay: nonNegative,
    absenceForfeitDays: threshold,
    personalLeavePerDay: nonNegative,
    personalLeaveForfeitDays: threshold,
    sickLeaveWithoutProof: z.enum(['absence', 'personalLeave']),
    leaveTypes: z.record(label, z.strictObject({ en: label, kind: z.enum(['personal', 'sick']) })),
    defaultLeaveType: label,
    lateFine: nonNegative,
    earlyFine: nonNegative,
    lateAsAbsenceMinutes: threshold,
    earlyAsAbsenceMinutes: threshold,
    offPostMinutes: threshold,
    offPostFine: nonNegative,
    bookingLeadMinutes: threshold,
    compRate: ratio01,
    compDrinksAllowed: z.boolean(),
    compViolationMultiplier: nonNegative,
    poachMultiplier: nonNegative,
    payDay: z.strictObject({ monthsAfter: wholeNonNegative, day: z.int().check(z.gte(1), z.lte(28)) }),
    noticeMonths: wholeNonNegative,
    restDaysPerMonth: wholeNonNegative,
    minimumWage: nonNegative,
    deductionCapRatio: threshold,
    wageCheckLabels: z.strictObject({
      compliant: label,
      deductionsOverCap: label,
      belowMinimumWage: label,
      negativePay: added(label),
      commissionWithheld: added(label),
      fines: added(label),
      leaveOverDayWage: added(label),
    }),
    payslipLabels: z.strictObject({
      basePay: label,
      commission: label,
      bonus: added(label),
      absenceFines: label,
      leaveDeductions: label,
      latenessFines: label,
      offPostFines: label,
      otherDeductions: label,
      rounding: added(label),
      netPay: label,
      compliance: added(label),
    }),
    paidDaysPerMonth: added(positive),
    statutoryNoticeDays: added(wholeNonNegative),
    probationNoticeDays: added(wholeNonNegative),
    restDayPayMultiplier: added(nonNegative),
    holidayPayMultiplier: added(nonNegative),
    shift: added(z.strictObject({ start: clock, end: clock })),
    compItems: added(z.record(label, aliasOnly)),
    compItemNames: added(z.record(label, z.strictObject({ en: label, items: z.array(label).check(z.minLength(1)) }))),
    discountSigner: added(label),
    discountConfirmerMayBeSigner: added(z.boolean()),
    repeatBookingNeedsRegistration: added(z.boolean()),
    dismissalLabels: added(
      z.strictObject({ deposit: label, wages: label, commission: label, policyPay: label, lawfulPay: label, shortfall: label, compliance: label }),
    ),
  });

  const guarantee = z.strictObject({
    collateral: z.record(label, z.strictObject({ en: label, pledgeRatio: ratio01 })),
    ratingCoefficients: z.record(label, nonNegative),
    termCoefficients: bands(nonNegative),
    modes: z.record(label, z.strictObject({ en: label, coefficient: nonNegative })),
    feeRates: bands(ratio01),
    scorecard: z
      .array(
        z.strictObject({
          indicator: z.enum(['debtRatio', 'currentRatio', 'quickRatio', 'interestCover', 'netMargin', 'revenueGrowth', 'debtCover']),
          weight: nonNegative,
          full: finite,
          zero: finite,
        }),
      )
      .check(z.length(7), weightsSumTo(100, 'scorecard')),
    ratingBands: bands(label),
    reconcileTolerance: nonNegative,
    longTermInvestmentReview: threshold,
    diversificationRisk: threshold,
    opinions: z.strictObject({ agree: aliasOnly, disagree: aliasOnly, reevaluate: aliasOnly }),
    opinionLabels: z.strictObject({ agree: label, disagree: label, reevaluate: label }),
    decisions: z.strictObject({ submit: label, reevaluate: label, notify: label }),
    counterGuarantee: added(bands(label)),
    ageing: added(bands(z.strictObject({ label, en: label, provisionRate: ratio01 }))),
    materiality: added(threshold),
    fullCapacityAge: added(wholeNonNegative),
    ownIncomeCapacityAge: added(wholeNonNegative),
    ageCompletedOn: added(z.enum(['dayAfterBirthday', 'birthday'])),
    cagrBlankYear: added(z.enum(['counts', 'skipped'])),
    knockouts: added(
      z.strictObject({ gambling: label, drugs: label, litigation: label, taxEvasion: label, exitBan: label, none: label }),
    ),
  });

  const tobacco = z.strictObject({
    areas: z.record(label, aliasOnly),
    defaultArea: label,
    indicators: z
      .array(
        z.strictObject({
          indicator: z.enum(['cartons', 'salesAmount', 'perCarton', 'compliance']),
          floor: finite,
          cap: finite,
          weight: nonNegative,
        }),
      )
      .check(z.length(4), weightsSumTo(1, 'tier-score')),
    gradeBands: bands(grade),
    quotas: z.record(grade, wholeNonNegative),
    visits: z.record(grade, wholeNonNegative),
    kpis: z
      .array(z.strictObject({ name: text2, target: positive, weight: nonNegative }))
      .check(z.length(10), weightsSumTo(1, 'KPI')),
    kpiCap: positive,
    reviewMonths: added(z.int().check(z.gte(1), z.lte(12))),
    managerReserveShare: added(ratio01),
    visitLeadDays: added(wholeNonNegative),
    visitLeadDayKind: added(z.enum(['workingDay', 'calendarDay'])),
    reviewPeriods: added(z.enum(['calendar', 'fromLastReview'])),
  });

  const bank = z.strictObject({
    loanClasses: bands(label),
    overdueAlerts: bands(label),
  });

  return z
    .strictObject({
      $schema: z.optional(z.string()),
      id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'policy.id')),
      version: z.string().check(z.regex(/^\d+(\.\d+)*$/, 'policy.version')),
      effectiveFrom: z.iso.date(),
      title: text2,
      currency: z.literal('CNY'),
      marketing,
      guarantee,
      tobacco,
      bank,
      glossary: added(z.record(label, label)),
      notes: z.record(z.string(), note),
    })
    .check(
      z.superRefine((doc, ctx) => {
        // Messages are keys of the bilingual texts in i18n/issues.ts.
        const push = (path: (string | number)[], message: string, params: Record<string, string> = {}) => ctx.issues.push({ code: 'custom', input: doc, path, message, params });
        const m = doc.marketing;
        if (!m.leaveTypes[m.defaultLeaveType]) push(['marketing', 'defaultLeaveType'], 'ref.notOneOf', { value: m.defaultLeaveType, list: 'marketing.leaveTypes' });
        const g = doc.guarantee;
        const ratings = new Set([...g.ratingBands.bands.map((b) => b.value), g.ratingBands.otherwise]);
        for (const r of ratings) {
          if (g.ratingCoefficients[r] === undefined) push(['guarantee', 'ratingCoefficients'], 'rating.noCoefficient', { rating: r });
        }
        const t = doc.tobacco;
        if (!t.areas[t.defaultArea]) push(['tobacco', 'defaultArea'], 'ref.notOneOf', { value: t.defaultArea, list: 'tobacco.areas' });
        const grades = new Set([...t.gradeBands.bands.map((b) => b.value), t.gradeBands.otherwise]);
        for (const gr of grades) {
          if (t.quotas[gr] === undefined) push(['tobacco', 'quotas'], 'grade.noQuota', { grade: gr });
          if (t.visits[gr] === undefined) push(['tobacco', 'visits'], 'grade.noVisits', { grade: gr });
        }
        t.indicators.forEach((ind, i) => {
          if (ind.cap <= ind.floor) push(['tobacco', 'indicators', i, 'cap'], 'indicator.capAboveFloor');
        });
        g.scorecard.forEach((ind, i) => {
          if (ind.full === ind.zero) push(['guarantee', 'scorecard', i, 'zero'], 'scorecard.zeroDiffers');
        });
        // Checked when present: a file may lack it (a parameter added since publication).
        const cg = (g as { counterGuarantee?: Bands<string> }).counterGuarantee;
        if (cg) {
          for (const mode of [...cg.bands.map((b) => b.value), cg.otherwise]) {
            if (!g.modes[mode]) push(['guarantee', 'counterGuarantee'], 'ref.notOneOf', { value: mode, list: 'guarantee.modes' });
          }
        }
        for (const path of Object.keys(doc.notes)) {
          if (resolvePath(doc, path) === undefined) push(['notes', path], 'notes.noParameter', { path });
        }
      }),
    );
}

/** What a policy file may hold: parameters added since a version was published are optional. */
export const policySchema = policyShape(true);

/** The document the rules read: every parameter present (a file completed from its supplement). */
export const effectivePolicySchema = policyShape(false);

export type PolicyDoc = z.infer<typeof effectivePolicySchema>;
export type PolicyFile = z.infer<typeof policySchema>;

/** The value at a dotted path ("marketing.commissionRate"), or undefined. */
export function resolvePath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** One problem of a policy document, with the JSON path where it is: `message` in English, `text` in both languages. */
export interface PolicyProblem {
  path: string;
  message: string;
  text: Text2;
}

/** A problem of ours (not a schema issue), said in both languages. */
export function policyProblem(path: string, text: Text2): PolicyProblem {
  return { path, message: text.en, text };
}

export function issuesToProblems(issues: readonly IssueLike[]): PolicyProblem[] {
  return issues.map((i) => {
    const { path, text } = issueText(i);
    return policyProblem(path, text);
  });
}

/** Checks a policy file against the schema (parameters added since publication may be missing). */
export function validatePolicy(input: unknown): { ok: true; doc: PolicyFile } | { ok: false; problems: PolicyProblem[] } {
  const r = policySchema.safeParse(input, REPORT_INPUT);
  if (r.success) return { ok: true, doc: r.data };
  return { ok: false, problems: issuesToProblems(r.error.issues) };
}
