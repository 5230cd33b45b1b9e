import type { Lang } from '../../../shared/src/index.js';
import type { Decimal } from '../../../shared/src/values/money.js';
import { ZERO } from '../../../shared/src/values/money.js';
import type { CellValueText, ChangedCell } from '../../workbook/model/outcomes.js';
import { distributionSvg } from './distribution-chart.js';
import type { WorkbookChanges } from './workbook-changes.js';
import { becauseText, isMoney, numericDelta, shownFormula, shownValue } from './workbook-changes.js';

/**
 * The .html report: one page that opens offline (no script, no outside file: its style and chart
 * are inline), in the run's language, for a manager to read before the files go back out. A
 * summary per workbook; totals per column heading where the changed cells are money; the largest
 * changes first, at most MAX_ROWS_SHOWN a workbook (the .json and .csv reports list them all); a
 * chart of how the numeric changes are distributed. Built to pass axe's checks: a language, a
 * title, landmarks, headings in order, tables with captions and header cells, text in contrast.
 */

/** Rows shown per workbook: the largest changes are what a reader looks for; the rest are in .json and .csv. */
export const MAX_ROWS_SHOWN = 100;

const T = {
  title: { 'zh-CN': 'PolicyCell 重算变更报告', en: 'PolicyCell recalculation: what changed' },
  intro: {
    'zh-CN': (w: number, c: number, cw: number) => `本次重算写出 ${w} 个工作簿，其中 ${cw} 个有变化，共 ${c} 个公式单元格的值与文件原值不同。失败或未写出的工作簿不在本报告中。`,
    en: (w: number, c: number, cw: number) => `This run wrote ${w} workbooks; ${cw} of them changed, ${c} formula cells in all now hold another value than the file held. Workbooks that failed or were not written are not in this report.`,
  },
  interrupted: {
    'zh-CN': '运行被中断：本报告只包括中断前已写出的工作簿。',
    en: 'The run was interrupted: this report covers only the workbooks written before it stopped.',
  },
  summary: { 'zh-CN': '汇总', en: 'Summary' },
  summaryCaption: { 'zh-CN': '每个工作簿的变更', en: 'Changes by workbook' },
  workbook: { 'zh-CN': '工作簿', en: 'Workbook' },
  policy: { 'zh-CN': '计算所用制度', en: 'Computed under' },
  saved: { 'zh-CN': '工作簿自身的制度', en: 'The workbook names' },
  changed: { 'zh-CN': '变化的单元格', en: 'Cells changed' },
  moneyCells: { 'zh-CN': '其中金额', en: 'Of them money' },
  moneyDelta: { 'zh-CN': '金额变化合计', en: 'Money, net change' },
  chart: { 'zh-CN': '变化的分布', en: 'How the changes are distributed' },
  noNumbers: { 'zh-CN': '没有数值变化。', en: 'No numeric value changed.' },
  nonNumeric: { 'zh-CN': (n: number) => `另有 ${n} 个非数值单元格（文本、逻辑值、错误值）变化，未计入图中。`, en: (n: number) => `${n} more cells changed that are not numbers (text, TRUE/FALSE, errors); the chart leaves them out.` },
  output: { 'zh-CN': '输出文件', en: 'Written to' },
  totals: { 'zh-CN': '按列合计（金额）', en: 'Totals by column (money)' },
  totalsCaption: { 'zh-CN': (f: string) => `${f}：金额单元格按列标题合计`, en: (f: string) => `${f}: money cells totalled by column heading` },
  heading: { 'zh-CN': '列标题', en: 'Column heading' },
  sheet: { 'zh-CN': '工作表', en: 'Sheet' },
  cells: { 'zh-CN': '单元格数', en: 'Cells' },
  oldTotal: { 'zh-CN': '原合计', en: 'Total before' },
  newTotal: { 'zh-CN': '新合计', en: 'Total now' },
  difference: { 'zh-CN': '变化', en: 'Change' },
  largest: { 'zh-CN': '变化最大的单元格', en: 'Largest changes first' },
  largestCaption: { 'zh-CN': (f: string) => `${f}：变化的单元格，变化大的在前`, en: (f: string) => `${f}: changed cells, largest first` },
  cell: { 'zh-CN': '单元格', en: 'Cell' },
  formula: { 'zh-CN': '公式', en: 'Formula' },
  old: { 'zh-CN': '原值', en: 'Before' },
  now: { 'zh-CN': '新值', en: 'Now' },
  because: { 'zh-CN': '原因', en: 'Because' },
  more: {
    'zh-CN': (n: number) => `另有 ${n} 个变化的单元格未在此列出：以 .json 或 .csv 写出报告（--changes 报告.csv）可看到全部。`,
    en: (n: number) => `${n} more changed cells are not shown here: write the report as .json or .csv (--changes report.csv) to see them all.`,
  },
  none: { 'zh-CN': '没有单元格变化。', en: 'No cell changed.' },
  missing: { 'zh-CN': '变更未列出：', en: 'Changes not listed: ' },
  noneMark: { 'zh-CN': '（无）', en: '(none)' },
  noHeading: { 'zh-CN': (col: string) => `（${col} 列，无标题）`, en: (col: string) => `(column ${col}, no heading)` },
};

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;padding:1rem 1.5rem;max-width:72rem;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #c8c8c8}h3{font-size:1.05rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #c8c8c8;padding:.25rem .5rem;vertical-align:top;text-align:left}th{background:#eef2f7}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}code{font-size:.85rem;word-break:break-all}
.up{color:#1b5e20}.down{color:#a4001d}.note{background:#fff4d6;border-left:4px solid #8a5a00;padding:.5rem .75rem}`;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function numberFormats(lang: Lang) {
  const money = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const plain = new Intl.NumberFormat(lang, { maximumFractionDigits: 6 });
  const signed = (f: Intl.NumberFormat) => (n: number) => (n > 0 ? `+${f.format(n)}` : n < 0 ? `−${f.format(-n)}` : f.format(0));
  return { money: (n: number) => money.format(n), plain: (n: number) => plain.format(n), moneyDelta: signed(money), plainDelta: signed(plain) };
}

type Formats = ReturnType<typeof numberFormats>;

const deltaCell = (d: number | undefined, text: string) => `<td class="n${d === undefined || d === 0 ? '' : d > 0 ? ' up' : ' down'}">${escape(text)}</td>`;

function valueCell(v: CellValueText, money: boolean, f: Formats, lang: Lang): string {
  if (typeof v === 'number') return `<td class="n">${escape(money ? f.money(v) : f.plain(v))}</td>`;
  return `<td>${escape(v === null ? T.noneMark[lang] : shownValue(v))}</td>`;
}

/** The largest changes first: numeric ones by how far they moved, then the others in sheet order. */
function largestFirst(changes: readonly ChangedCell[]): ChangedCell[] {
  const size = (c: ChangedCell) => {
    const d = numericDelta(c);
    return d === undefined ? -1 : Math.abs(d);
  };
  return changes.map((c, i) => ({ c, i, s: size(c) })).sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.c);
}

const columnOf = (cell: string) => /^[A-Z]+/.exec(cell)?.[0] ?? cell;

interface Total {
  sheet: string;
  heading: string;
  cells: number;
  old: Decimal;
  now: Decimal;
}

/** Money cells totalled (in decimals, exactly) by sheet and column heading (a column without one by its letter), in the order first met. */
function moneyTotals(changes: readonly ChangedCell[], lang: Lang): Total[] {
  const totals = new Map<string, Total>();
  for (const c of changes) {
    if (!isMoney(c)) continue;
    const heading = c.heading ?? T.noHeading[lang](columnOf(c.cell));
    const key = `${c.sheet}\u0000${heading}`;
    let t = totals.get(key);
    if (!t) totals.set(key, (t = { sheet: c.sheet, heading, cells: 0, old: ZERO, now: ZERO }));
    t.cells++;
    t.old = t.old.plus(typeof c.old === 'number' ? c.old : 0);
    t.now = t.now.plus(c.new as number);
  }
  return [...totals.values()];
}

function workbookSection(w: WorkbookChanges, index: number, lang: Lang, f: Formats): string {
  const id = `w${index + 1}`;
  const parts = [`<section aria-labelledby="${id}"><h2 id="${id}">${escape(w.file)}</h2>`];
  parts.push(`<p>${escape(T.output[lang])}: <code>${escape(w.output)}</code><br>${escape(T.policy[lang])}: ${escape(w.policy)}${w.savedPolicy ? ` · ${escape(T.saved[lang])}: ${escape(w.savedPolicy)}` : ''}</p>`);
  if (w.missing) parts.push(`<p class="note">${escape(T.missing[lang])}${escape(w.missing)}</p>`);
  if (w.changes.length === 0) {
    if (!w.missing) parts.push(`<p>${escape(T.none[lang])}</p>`);
    parts.push('</section>');
    return parts.join('');
  }
  const totals = moneyTotals(w.changes, lang);
  if (totals.length) {
    parts.push(`<h3>${escape(T.totals[lang])}</h3><table><caption>${escape(T.totalsCaption[lang](w.file))}</caption>`);
    parts.push(`<thead><tr>${[T.sheet, T.heading, T.cells, T.oldTotal, T.newTotal, T.difference].map((h) => `<th scope="col">${escape(h[lang])}</th>`).join('')}</tr></thead><tbody>`);
    for (const t of totals) {
      parts.push(`<tr><td>${escape(t.sheet)}</td><th scope="row">${escape(t.heading)}</th><td class="n">${t.cells}</td><td class="n">${escape(f.money(t.old.toNumber()))}</td><td class="n">${escape(f.money(t.now.toNumber()))}</td>${deltaCell(t.now.minus(t.old).toNumber(), f.moneyDelta(t.now.minus(t.old).toNumber()))}</tr>`);
    }
    parts.push('</tbody></table>');
  }
  const shown = largestFirst(w.changes).slice(0, MAX_ROWS_SHOWN);
  parts.push(`<h3>${escape(T.largest[lang])}</h3><table><caption>${escape(T.largestCaption[lang](w.file))}</caption>`);
  parts.push(`<thead><tr>${[T.sheet, T.cell, T.heading, T.formula, T.old, T.now, T.difference, T.because].map((h) => `<th scope="col">${escape(h[lang])}</th>`).join('')}</tr></thead><tbody>`);
  for (const c of shown) {
    const money = isMoney(c);
    const d = numericDelta(c);
    parts.push(
      `<tr><td>${escape(c.sheet)}</td><th scope="row">${escape(c.cell)}</th><td>${escape(c.heading ?? '')}</td><td><code>${escape(shownFormula(c.formula))}</code></td>${valueCell(c.old, money, f, lang)}${valueCell(c.new, money, f, lang)}${deltaCell(d, d === undefined ? '' : money ? f.moneyDelta(d) : f.plainDelta(d))}<td>${escape(becauseText(c.because, lang, w.policy, w.savedPolicy))}</td></tr>`,
    );
  }
  parts.push('</tbody></table>');
  if (w.changes.length > shown.length) parts.push(`<p>${escape(T.more[lang](w.changes.length - shown.length))}</p>`);
  parts.push('</section>');
  return parts.join('');
}

export function htmlReport(workbooks: readonly WorkbookChanges[], lang: Lang, interrupted: boolean): string {
  const f = numberFormats(lang);
  const cells = workbooks.reduce((n, w) => n + w.changed, 0);
  const changedBooks = workbooks.filter((w) => w.changed > 0).length;
  const rows = workbooks.map((w, i) => {
    const money = w.changes.filter(isMoney);
    const net = money.reduce((n, c) => n.plus(numericDelta(c) ?? 0), ZERO).toNumber();
    return `<tr><th scope="row"><a href="#w${i + 1}">${escape(w.file)}</a></th><td>${escape(w.policy)}</td><td>${escape(w.savedPolicy ?? T.noneMark[lang])}</td><td class="n">${w.changed}</td><td class="n">${money.length}</td>${deltaCell(net, money.length ? f.moneyDelta(net) : '')}</tr>`;
  });
  const all = workbooks.flatMap((w) => w.changes);
  const deltas = all.map(numericDelta).filter((d): d is number => d !== undefined);
  const allMoney = all.length > 0 && all.every((c) => isMoney(c));
  const svg = distributionSvg(deltas, lang, allMoney ? f.money : f.plain);
  const chart = svg ? `<figure>${svg}${deltas.length < all.length ? `<figcaption>${escape(T.nonNumeric[lang](all.length - deltas.length))}</figcaption>` : ''}</figure>` : `<p>${escape(T.noNumbers[lang])}</p>`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(T.title[lang])}</title><style>${STYLE}</style></head><body>`,
    `<header><h1>${escape(T.title[lang])}</h1><p>${escape(T.intro[lang](workbooks.length, cells, changedBooks))}</p>${interrupted ? `<p class="note" role="status">${escape(T.interrupted[lang])}</p>` : ''}</header>`,
    '<main>',
    `<section aria-labelledby="summary"><h2 id="summary">${escape(T.summary[lang])}</h2><table><caption>${escape(T.summaryCaption[lang])}</caption><thead><tr>${[T.workbook, T.policy, T.saved, T.changed, T.moneyCells, T.moneyDelta].map((h) => `<th scope="col">${escape(h[lang])}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></section>`,
    `<section aria-labelledby="chart"><h2 id="chart">${escape(T.chart[lang])}</h2>${chart}</section>`,
    ...workbooks.map((w, i) => workbookSection(w, i, lang, f)),
    '</main></body></html>',
    '',
  ].join('\n');
}
