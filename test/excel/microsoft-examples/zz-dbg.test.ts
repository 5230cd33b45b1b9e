import { it } from 'vitest';
import { recalcWorkbook } from '../../../functions/workbook/recalc.js';
import { buildXlsx } from '../../../test/helpers/xlsx.js';
import { engine, values } from '../../../test/helpers/workbook-values.js';
it('dbg', () => {
  const fs = (process.env.FORMULAS ?? '').split('\n').filter(Boolean);
  const r = recalcWorkbook(buildXlsx([{ name: 'S', cells: fs.map((f, i) => ({ ref: `AA${i + 1}`, formula: f, noCache: true })) }]), { engine, lang: 'en', evaluator: 'hyperformula' });
  console.log(JSON.stringify(values(r.bytes, 1)), JSON.stringify(r.summary.kept), JSON.stringify(r.summary.assumed));
});
