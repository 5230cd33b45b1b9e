import { columnLetter } from './values/columns.js';
import type { Text2 } from './values/types.js';

/**
 * Template workbooks, defined once as data: `policycell template NAME -o FILE.xlsx` writes them,
 * and the task pane lays them into the open workbook. Each is one sheet: a title, headers in zh-CN
 * and en, input columns (marked) with a few rows of sample data, formula columns, and a totals row.
 * Formulas name columns as {key} (this row's cell), {a:b} (this row's cells from a to b), or
 * {$key} (the whole column of the data rows).
 */

export type ColumnKind = 'input' | 'formula';
export type Format = 'money' | 'number' | 'ratio' | 'date' | 'text' | 'boolean';

/**
 * Excel number format codes by column format, shared by every writer of templates (the CLI's .xlsx
 * writer, the task pane's insertion into the open workbook); undefined: Excel's General.
 */
export const NUMBER_FORMATS: Readonly<Record<Format, string | undefined>> = {
  money: '#,##0.00',
  number: '0.##',
  ratio: '0.0000',
  date: 'yyyy-mm-dd',
  text: undefined,
  boolean: undefined,
};

export interface TemplateColumn {
  key: string;
  header: Text2;
  kind: ColumnKind;
  format: Format;
  formula?: string;
  width?: number;
  /** The totals row sums this column. */
  total?: boolean;
}

export interface Template {
  id: 'payroll' | 'due-diligence' | 'tiering' | 'overdue';
  title: Text2;
  description: Text2;
  sheetName: string;
  columns: TemplateColumn[];
  /** Sample input rows, by column key. */
  rows: Record<string, number | string | boolean>[];
  /** Inputs above the table (label, value), referred to as {@key}. */
  parameters?: { key: string; label: Text2; value: number | string; format: Format }[];
}

const t = (zh: string, en: string): Text2 => ({ 'zh-CN': zh, en });
const input = (key: string, zh: string, en: string, format: Format, width = 12): TemplateColumn => ({ key, header: t(zh, en), kind: 'input', format, width });
const formula = (key: string, zh: string, en: string, format: Format, f: string, total = false, width = 14): TemplateColumn => ({ key, header: t(zh, en), kind: 'formula', format, formula: f, total, width });

export const TEMPLATES: readonly Template[] = [
  {
    id: 'payroll',
    title: t('营销部月度工资表', 'Marketing department monthly payroll'),
    description: t(
      '每位客户经理一行：业绩、考勤与奖金，算出底薪、提成、扣发与实发工资，并按劳动法律检查工资合规',
      'One row per customer manager: revenue, attendance and bonus in; base pay, commission, forfeiture, net pay and the labour-law check out',
    ),
    sheetName: '工资 Payroll',
    columns: [
      input('name', '姓名', 'Name', 'text', 10),
      input('revenue', '业绩', 'Revenue', 'money'),
      input('probation', '试用期', 'Probation', 'boolean', 9),
      input('absence', '旷工天数', 'Absence days', 'number', 9),
      input('leave', '事假天数', 'Leave days', 'number', 9),
      input('late1', '迟到1(分)', 'Late 1 (min)', 'number', 9),
      input('late2', '迟到2(分)', 'Late 2 (min)', 'number', 9),
      input('early1', '早退1(分)', 'Early 1 (min)', 'number', 9),
      input('offpost1', '离岗1(分)', 'Away 1 (min)', 'number', 9),
      input('other', '其他扣款', 'Other deductions', 'money'),
      input('bonus', '奖金', 'Bonus', 'money'),
      formula('base', '底薪', 'Base pay', 'money', 'POLICY.BASEPAY({revenue},{probation})', true),
      formula('forfeit', '扣发提成', 'Forfeited', 'boolean', 'POLICY.FORFEIT({absence},{leave},{late1:late2},{early1})', false, 10),
      formula('commission', '提成', 'Commission', 'money', 'IF({forfeit},0,POLICY.COMMISSION({revenue}))', true),
      formula('net', '实发工资', 'Net pay', 'money', 'POLICY.PAYROLL({revenue},{absence},{leave},{late1:late2},{early1},{offpost1},{other},{probation},{bonus})', true),
      formula('deductions', '扣款合计', 'Deductions', 'money', '{base}+{commission}+{bonus}-{net}', true),
      // Every flag the law raises (commission withheld counts as a deduction), not only WAGECHECK's two.
      formula('check', '工资合规', 'Wage check', 'text', 'POLICY.PAYROLLCHECK({revenue},{absence},{leave},{late1:late2},{early1},{offpost1},{other},{probation},{bonus})', false, 36),
    ],
    rows: [
      { name: '张三', revenue: 52000, probation: false, absence: 1, leave: 2, late1: 10, late2: 45, early1: 0, offpost1: 25, other: 0, bonus: 0 },
      { name: '李四', revenue: 40000.5, probation: false, absence: 0, leave: 0, late1: 0, late2: 0, early1: 0, offpost1: 0, other: 0, bonus: 500 },
      { name: '王五', revenue: 30000, probation: true, absence: 3, leave: 0, late1: 31, late2: 0, early1: 15, offpost1: 19, other: 100, bonus: 0 },
      { name: '赵六', revenue: 68500, probation: false, absence: 0, leave: 6, late1: 5, late2: 0, early1: 0, offpost1: 20, other: 0, bonus: 0 },
    ],
  },
  {
    id: 'due-diligence',
    title: t('担保尽职调查评分表', 'Guarantee due-diligence scorecard'),
    description: t('每个担保申请人一行：现金流、抵押物、财务指标与三位客户经理意见，算出覆盖率、评分、风险度、担保费与调查结论', 'One row per applicant: cash flows, collateral, ratios and the three managers’ opinions in; cover, score, risk degree, fee and decision out'),
    sheetName: '尽调 Due diligence',
    columns: [
      input('applicant', '申请人', 'Applicant', 'text', 14),
      input('inflow', '现金流入', 'Cash inflow', 'money'),
      input('outflow', '现金流出', 'Cash outflow', 'money'),
      input('debt', '到期债务', 'Debt due', 'money'),
      input('collateral', '抵押物价值', 'Collateral value', 'money'),
      input('type', '抵押物类型', 'Collateral type', 'text', 10),
      input('amount', '担保金额', 'Amount guaranteed', 'money'),
      input('term', '期限(月)', 'Term (months)', 'number', 9),
      input('mode', '反担保方式', 'Counter-guarantee', 'text', 10),
      input('debtRatio', '资产负债率', 'Debt ratio', 'ratio', 9),
      input('currentRatio', '流动比率', 'Current ratio', 'ratio', 9),
      input('quickRatio', '速动比率', 'Quick ratio', 'ratio', 9),
      input('interestCover', '利息保障倍数', 'Interest cover', 'ratio', 9),
      input('netMargin', '销售净利率', 'Net margin', 'ratio', 9),
      input('growth', '收入增长率', 'Revenue growth', 'ratio', 9),
      input('opA', 'A角意见', 'Opinion A', 'text', 8),
      input('opB', 'B角意见', 'Opinion B', 'text', 8),
      input('opR', '审查意见', 'Reviewer', 'text', 8),
      formula('netCash', '到期现金净额', 'Net cash', 'money', 'POLICY.NETCASH({inflow},{outflow})'),
      formula('cover', '还款覆盖率', 'Debt cover', 'ratio', 'POLICY.DEBTCOVER({inflow},{outflow},{debt})', false, 10),
      formula('usable', '抵押可用值', 'Usable collateral', 'money', 'POLICY.COLLATERALVALUE({collateral},{type})'),
      formula('score', '信用评分', 'Credit score', 'number', 'POLICY.CREDITSCORE({debtRatio},{currentRatio},{quickRatio},{interestCover},{netMargin},{growth},{cover})', false, 10),
      formula('rating', '信用等级', 'Rating', 'text', 'POLICY.RATING({score})', false, 8),
      // The risk degree before counter-guarantee decides the measure the policy requires (第十条).
      formula('required', '应落实反担保', 'Counter-guarantee required', 'text', 'POLICY.COUNTERGUARANTEE(POLICY.RISKDEGREE({rating},{term}))', false, 10),
      formula('risk', '风险度', 'Risk degree', 'ratio', 'POLICY.RISKDEGREE({rating},{term},{mode})', false, 9),
      formula('fee', '担保费', 'Guarantee fee', 'money', 'POLICY.GUARANTEEFEE({amount},{term},{risk})', true),
      formula('decision', '调查结论', 'Decision', 'text', 'POLICY.DDDECISION({opA},{opB},{opR})', false, 12),
    ],
    rows: [
      { applicant: '甲公司', inflow: 1500000, outflow: 900000, debt: 400000, collateral: 2000000, type: '住宅', amount: 1000000, term: 12, mode: '抵押', debtRatio: 0.55, currentRatio: 1.8, quickRatio: 0.9, interestCover: 4, netMargin: 0.08, growth: 0.12, opA: '同意', opB: '同意', opR: '同意' },
      { applicant: '乙公司', inflow: 800000, outflow: 750000, debt: 300000, collateral: 900000, type: '机器设备', amount: 500000, term: 24, mode: '保证', debtRatio: 0.72, currentRatio: 1.1, quickRatio: 0.6, interestCover: 1.5, netMargin: 0.02, growth: -0.05, opA: '同意', opB: '不同意', opR: '同意' },
      { applicant: '丙公司', inflow: 2600000, outflow: 1200000, debt: 700000, collateral: 3000000, type: '存单', amount: 2000000, term: 6, mode: '质押', debtRatio: 0.4, currentRatio: 2.4, quickRatio: 1.3, interestCover: 7, netMargin: 0.15, growth: 0.3, opA: '同意', opB: '同意', opR: '重评' },
    ],
  },
  {
    id: 'tiering',
    title: t('零售客户分档与货源分配', 'Retail customer tiers and supply allocation'),
    description: t('每户一行：销量、销售金额与守法程度，算出单条值、评分、档位、走访次数与紧俏货源分配', 'One row per retailer: sales and compliance in; value per carton, score, tier, visits and the allocation of scarce supply out'),
    sheetName: '分档 Tiering',
    parameters: [{ key: 'supply', label: t('紧俏货源（条）', 'Scarce supply (cartons)'), value: 12, format: 'number' }],
    columns: [
      input('customer', '客户', 'Customer', 'text', 12),
      input('area', '区域', 'Area', 'text', 7),
      input('cartons', '月销量(条)', 'Cartons/month', 'number', 10),
      input('sales', '月销售金额', 'Sales/month', 'money'),
      input('compliance', '守法程度', 'Compliance', 'number', 9),
      formula('perCarton', '单条值', 'Per carton', 'money', 'POLICY.PERCARTON({sales},{cartons})'),
      formula('score', '客户评分', 'Score', 'number', 'POLICY.TIERSCORE({cartons},{sales},{perCarton},{compliance})', false, 9),
      formula('tier', '客户档位', 'Tier', 'text', 'POLICY.TIER({score},{area})', false, 8),
      formula('visits', '走访次数', 'Visits', 'number', 'POLICY.VISITS({tier})', true, 8),
      formula('allocation', '货源分配', 'Allocation', 'number', 'INDEX(POLICY.ALLOCATE({@supply},{$tier}),{#})', true, 9),
    ],
    rows: [
      { customer: '城东便利店', area: '城', cartons: 380, sales: 98000, compliance: 95 },
      { customer: '南街烟酒行', area: '城', cartons: 200, sales: 50000, compliance: 90 },
      { customer: '西村小卖部', area: '村', cartons: 60, sales: 9000, compliance: 80 },
      { customer: '北湖超市', area: '城', cartons: 150, sales: 45000, compliance: 70 },
      { customer: '东村商店', area: '村', cartons: 20, sales: 2600, compliance: 60 },
    ],
  },
  {
    id: 'overdue',
    title: t('贷款逾期与五级分类', 'Loan overdue alerts and classification'),
    description: t('每笔贷款一行：到期日、观察日与风险参数，算出逾期天数、预警级别、五级分类与预期损失', 'One row per loan: due date, as-of date and risk parameters in; days overdue, alert, class and expected loss out'),
    sheetName: '逾期 Overdue',
    parameters: [{ key: 'asOf', label: t('观察日', 'As of'), value: '2019-06-30', format: 'date' }],
    columns: [
      input('borrower', '借款人', 'Borrower', 'text', 12),
      input('due', '到期日', 'Due date', 'date', 11),
      input('pd', '违约概率', 'PD', 'ratio', 8),
      input('lgd', '违约损失率', 'LGD', 'ratio', 8),
      input('ead', '风险暴露', 'EAD', 'money'),
      formula('days', '逾期天数', 'Days overdue', 'number', 'MAX(0,{@asOf}-{due})', false, 9),
      formula('alert', '逾期预警', 'Alert', 'text', 'POLICY.OVERDUEALERT({due},{@asOf})', false, 10),
      formula('class', '五级分类', 'Class', 'text', 'POLICY.LOANCLASS({days})', false, 8),
      formula('el', '预期损失', 'Expected loss', 'money', 'POLICY.EXPECTEDLOSS({pd},{lgd},{ead})', true),
    ],
    rows: [
      { borrower: '客户甲', due: '2019-07-15', pd: 0.01, lgd: 0.45, ead: 500000 },
      { borrower: '客户乙', due: '2019-06-25', pd: 0.03, lgd: 0.5, ead: 200000 },
      { borrower: '客户丙', due: '2019-05-01', pd: 0.08, lgd: 0.6, ead: 150000 },
      { borrower: '客户丁', due: '2018-12-20', pd: 0.25, lgd: 0.7, ead: 80000 },
      { borrower: '客户戊', due: '2018-03-01', pd: 0.6, lgd: 0.8, ead: 60000 },
    ],
  },
];

/** Where things go on a template's sheet (1-based rows): title, parameters, two header rows, data, totals. */
export function templateLayout(tpl: Template) {
  const paramRow0 = 3;
  const params = tpl.parameters ?? [];
  const headerZh = paramRow0 + params.length + (params.length ? 1 : 0);
  const headerEn = headerZh + 1;
  const firstData = headerEn + 1;
  const lastData = firstData + tpl.rows.length - 1;
  return { titleRow: 1, paramRow0, headerZh, headerEn, firstData, lastData, totalRow: lastData + 1 };
}


/** A column's formula for a data row, in Excel's terms (POLICY.X calls as typed; the caller may store them as add-in calls). */
export function templateFormula(tpl: Template, col: TemplateColumn, row: number): string {
  const L = templateLayout(tpl);
  const letter = (key: string) => {
    const i = tpl.columns.findIndex((c) => c.key === key);
    if (i < 0) throw new Error(`template ${tpl.id}: no column ${key}`);
    return columnLetter(i);
  };
  const paramCell = (key: string) => {
    const i = (tpl.parameters ?? []).findIndex((p) => p.key === key);
    if (i < 0) throw new Error(`template ${tpl.id}: no parameter ${key}`);
    return `$B$${L.paramRow0 + i}`;
  };
  return col
    .formula!.replace(/\{@(\w+)\}/g, (_m, k: string) => paramCell(k))
    .replace(/\{\$(\w+)\}/g, (_m, k: string) => `$${letter(k)}$${L.firstData}:$${letter(k)}$${L.lastData}`)
    .replace(/\{#\}/g, String(row - L.firstData + 1))
    .replace(/\{(\w+):(\w+)\}/g, (_m, a: string, b: string) => `${letter(a)}${row}:${letter(b)}${row}`)
    .replace(/\{(\w+)\}/g, (_m, k: string) => `${letter(k)}${row}`);
}

/** Each cell's number format in the shape of `templateGrid` ('General' where none), for range.numberFormat. */
export function templateFormatGrid(tpl: Template): string[][] {
  const L = templateLayout(tpl);
  const rows: string[][] = Array.from({ length: L.totalRow }, () => tpl.columns.map(() => 'General'));
  (tpl.parameters ?? []).forEach((p, i) => (rows[L.paramRow0 - 1 + i]![1] = NUMBER_FORMATS[p.format] ?? 'General'));
  tpl.columns.forEach((c, i) => {
    const f = NUMBER_FORMATS[c.format];
    if (!f) return;
    for (let r = L.firstData; r <= L.lastData; r++) rows[r - 1]![i] = f;
    if (c.total) rows[L.totalRow - 1]![i] = f;
  });
  return rows;
}

/**
 * A template as the cells of its sheet, from A1 (title, parameters, both header rows, data rows,
 * totals): constants as they are, formulas as text starting with "=". The task pane writes this into
 * a new worksheet of the open workbook (Excel's range.formulas takes exactly this).
 */
export function templateGrid(tpl: Template, dateSerial: (iso: string) => number | undefined): (string | number | boolean)[][] {
  const L = templateLayout(tpl);
  const width = tpl.columns.length;
  const grid: (string | number | boolean)[][] = Array.from({ length: L.totalRow }, () => new Array(width).fill(''));
  const put = (row: number, col: number, v: string | number | boolean) => (grid[row - 1]![col] = v);
  const value = (v: number | string | boolean, format: Format) => (format === 'date' && typeof v === 'string' ? (dateSerial(v) ?? v) : v);
  put(L.titleRow, 0, `${tpl.title['zh-CN']} · ${tpl.title.en}`);
  put(2, 0, `${tpl.description['zh-CN']} · ${tpl.description.en}`);
  (tpl.parameters ?? []).forEach((p, i) => {
    put(L.paramRow0 + i, 0, `${p.label['zh-CN']} ${p.label.en}`);
    put(L.paramRow0 + i, 1, value(p.value, p.format));
  });
  tpl.columns.forEach((col, i) => {
    put(L.headerZh, i, col.header['zh-CN']);
    put(L.headerEn, i, col.header.en);
    tpl.rows.forEach((row, k) => {
      const r = L.firstData + k;
      if (col.kind === 'formula') put(r, i, `=${templateFormula(tpl, col, r)}`);
      else if (row[col.key] !== undefined) put(r, i, value(row[col.key]!, col.format));
    });
    if (i === 0) put(L.totalRow, 0, '合计 Total');
    else if (col.total) put(L.totalRow, i, `=SUM(${columnLetter(i)}${L.firstData}:${columnLetter(i)}${L.lastData})`);
  });
  return grid;
}
