import { describe, expect, it } from 'vitest';
import { readCells } from '../../functions/workbook/xlsx/cells.js';
import { recalcWorkbook } from '../../functions/workbook/recalc.js';
import { writeTemplate } from '../../functions/workbook/xlsx/template-writer.js';
import { readText, readZip } from '../../functions/workbook/xlsx/zip.js';
import { defaultEngine } from '../../shared/src/index.js';
import type { Template } from '../../shared/src/templates.js';
import { TEMPLATES, templateLayout } from '../../shared/src/templates.js';
import { columnLetter } from '../../shared/src/values/columns.js';

const engine = defaultEngine();
const call = (fn: string, ...args: unknown[]) => {
  const r = engine.call(fn, args);
  return 'value' in r ? r.value : r.error.code;
};

/** A template written, then recalculated as `policycell recalc` does: column key → values of its data rows. */
async function recalculated(tpl: Template) {
  const written = await writeTemplate(tpl);
  const { bytes, summary } = recalcWorkbook(written, { engine });
  const cells = readCells(readText(readZip(bytes), 'xl/worksheets/sheet1.xml')!);
  const L = templateLayout(tpl);
  const at = (key: string, k: number) => {
    const ref = `${columnLetter(tpl.columns.findIndex((c) => c.key === key))}${L.firstData + k}`;
    const c = cells.find((x) => x.ref === ref)!;
    if (c.attrs.t === 'b') return c.value === '1';
    if (c.attrs.t === 'str' || c.attrs.t === 'e') return c.value;
    return Number(c.value);
  };
  return { at, summary, cells, written };
}

const tpl = (id: string) => TEMPLATES.find((t) => t.id === id)!;

describe('templates, recalculated, give the numbers the rules give directly', () => {
  it('payroll', async () => {
    const t = tpl('payroll');
    const { at, summary } = await recalculated(t);
    expect(summary.errors).toEqual({});
    t.rows.forEach((r, k) => {
      const late = [[r.late1, r.late2]];
      expect(at('base', k)).toBe(call('BASEPAY', r.revenue, r.probation));
      expect(at('forfeit', k)).toBe(call('FORFEIT', r.absence, r.leave, late, [[r.early1]]));
      const args = [r.revenue, r.absence, r.leave, late, [[r.early1]], [[r.offpost1]], r.other, r.probation, r.bonus];
      expect(at('net', k)).toBe(call('PAYROLL', ...args));
      expect(at('check', k)).toBe(call('PAYROLLCHECK', ...args));
    });
    expect(at('net', 0)).toBe(2260); // the catalog's worked example, as a row of the sheet
    expect(at('check', 0)).toBe('低于最低工资；扣款超20%；含罚款；事假扣款超日工资'); // issue 12's worked example
    expect(at('commission', 1)).toBe(0.02);
    expect(at('check', 1)).toBe('合规');
  });

  it('due diligence', async () => {
    const t = tpl('due-diligence');
    const { at } = await recalculated(t);
    t.rows.forEach((r, k) => {
      const cover = call('DEBTCOVER', r.inflow, r.outflow, r.debt);
      expect(at('cover', k)).toBe(cover);
      const score = call('CREDITSCORE', r.debtRatio, r.currentRatio, r.quickRatio, r.interestCover, r.netMargin, r.growth, cover);
      expect(at('score', k)).toBe(score);
      const rating = call('RATING', score);
      expect(at('required', k)).toBe(call('COUNTERGUARANTEE', call('RISKDEGREE', rating, r.term)));
      const risk = call('RISKDEGREE', rating, r.term, r.mode);
      expect(at('fee', k)).toBe(call('GUARANTEEFEE', r.amount, r.term, risk));
      expect(at('decision', k)).toBe(call('DDDECISION', r.opA, r.opB, r.opR));
    });
  });

  it('tiering, with the supply allocated across the rows', async () => {
    const t = tpl('tiering');
    const { at } = await recalculated(t);
    const tiers = t.rows.map((r, k) => {
      const per = call('PERCARTON', r.sales, r.cartons);
      expect(at('perCarton', k)).toBe(per);
      const score = call('TIERSCORE', r.cartons, r.sales, per, r.compliance);
      const tier = call('TIER', score, r.area) as string;
      expect(at('tier', k)).toBe(tier);
      expect(at('visits', k)).toBe(call('VISITS', tier));
      return [tier];
    });
    const alloc = call('ALLOCATE', t.parameters![0]!.value, tiers) as number[][];
    t.rows.forEach((_, k) => expect(at('allocation', k)).toBe(alloc[k]![0]));
  });

  it('overdue', async () => {
    const t = tpl('overdue');
    const { at } = await recalculated(t);
    t.rows.forEach((r, k) => {
      expect(at('alert', k)).toBe(call('OVERDUEALERT', r.due, t.parameters![0]!.value));
      expect(at('class', k)).toBe(call('LOANCLASS', at('days', k)));
      expect(at('el', k)).toBe(call('EXPECTEDLOSS', r.pd, r.lgd, r.ead));
    });
  });

  it('stores POLICY calls as Excel stores add-in calls, with headers in both languages', async () => {
    const { written } = await recalculated(tpl('payroll'));
    const sheet = readText(readZip(written), 'xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain('_xldudf_POLICY_PAYROLL(');
    const strings = readText(readZip(written), 'xl/sharedStrings.xml')!;
    expect(strings).toContain('实发工资');
    expect(strings).toContain('Net pay');
  });
});

describe('templates as the task pane lays them into the open workbook', () => {
  it('the grid holds the same cells the written workbook holds', async () => {
    const { templateGrid } = await import('../../shared/src/templates.js');
    const { parseIsoDate } = await import('../../shared/src/index.js');
    for (const t of TEMPLATES) {
      const grid = templateGrid(t, parseIsoDate);
      const L = templateLayout(t);
      expect(grid).toHaveLength(L.totalRow);
      const { cells } = await recalculated(t);
      t.columns.forEach((col, i) => {
        const r = L.firstData;
        const ref = `${columnLetter(i)}${r}`;
        const written = cells.find((c) => c.ref === ref);
        if (col.kind === 'formula') expect(`=${written!.formula!.replace(/_xldudf_POLICY_/g, 'POLICY.')}`, `${t.id} ${ref}`).toBe(grid[r - 1]![i]);
      });
      expect(grid[L.headerZh - 1]).toEqual(t.columns.map((c) => c.header['zh-CN']));
    }
  });
});
