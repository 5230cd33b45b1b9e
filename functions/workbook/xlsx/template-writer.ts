import type ExcelJS from 'exceljs';
import type { Format, Template } from '../../../shared/src/templates.js';
import { NUMBER_FORMATS as FORMATS, TEMPLATES, templateFormula, templateLayout } from '../../../shared/src/templates.js';
import { columnLetter } from '../../../shared/src/values/columns.js';
import { parseIsoDate } from '../../../shared/src/index.js';

/** Add-in calls as Excel stores them, so that Excel links them to the add-in when the file opens. */
export function asStored(formula: string): string {
  return formula.replace(/\bPOLICY\.([A-Z0-9_]+)\(/g, '_xldudf_POLICY_$1(');
}

const INPUT_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF4CE' } } as const; // Fluent's warning background: "type here"
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF0F6CBD' } } as const;
const TOTAL_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF5F5F5' } } as const;

function cellValue(v: number | string | boolean, format: Format): ExcelJS.CellValue {
  if (format === 'date' && typeof v === 'string') {
    const serial = parseIsoDate(v);
    if (serial !== undefined) return new Date(Date.UTC(1899, 11, 30) + Math.round(serial * 86400000));
  }
  return v;
}

/** A template as a formatted .xlsx: headers in zh-CN and en, inputs marked, sample rows, formulas and totals. */
export async function writeTemplate(tpl: Template): Promise<Uint8Array> {
  // Loaded when a template is written: ExcelJS takes ~0.4 s to load, which every other command
  // (a recalculation of a folder, an eval) would pay for nothing.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'PolicyCell';
  wb.calcProperties.fullCalcOnLoad = true; // Excel computes on open; `policycell recalc` fills the cached values
  const ws = wb.addWorksheet(tpl.sheetName, { views: [{ state: 'frozen', ySplit: templateLayout(tpl).headerEn }] });
  const L = templateLayout(tpl);
  const last = columnLetter(tpl.columns.length - 1);
  ws.getCell('A1').value = `${tpl.title['zh-CN']} · ${tpl.title.en}`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A2').value = `${tpl.description['zh-CN']}。黄色单元格为输入。 · ${tpl.description.en}. Yellow cells are inputs.`;
  ws.getCell('A2').font = { italic: true, color: { argb: 'FF616161' } };
  ws.mergeCells(`A2:${last}2`);
  (tpl.parameters ?? []).forEach((p, i) => {
    const r = L.paramRow0 + i;
    ws.getCell(`A${r}`).value = `${p.label['zh-CN']} ${p.label.en}`;
    const c = ws.getCell(`B${r}`);
    c.value = cellValue(p.value, p.format);
    c.fill = INPUT_FILL;
    if (FORMATS[p.format]) c.numFmt = FORMATS[p.format]!;
  });
  tpl.columns.forEach((col, i) => {
    const letter = columnLetter(i);
    ws.getColumn(i + 1).width = col.width ?? 12;
    const zh = ws.getCell(`${letter}${L.headerZh}`);
    zh.value = col.header['zh-CN'];
    zh.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    zh.fill = HEADER_FILL;
    const en = ws.getCell(`${letter}${L.headerEn}`);
    en.value = col.header.en;
    en.font = { italic: true, color: { argb: 'FF616161' } };
    if (col.kind === 'input') zh.note = '输入 Input';
    tpl.rows.forEach((row, k) => {
      const r = L.firstData + k;
      const c = ws.getCell(`${letter}${r}`);
      if (col.kind === 'input') {
        const v = row[col.key];
        if (v !== undefined) c.value = cellValue(v, col.format);
        c.fill = INPUT_FILL;
      } else c.value = { formula: asStored(templateFormula(tpl, col, r)) } as ExcelJS.CellFormulaValue;
      if (FORMATS[col.format]) c.numFmt = FORMATS[col.format]!;
    });
    const total = ws.getCell(`${letter}${L.totalRow}`);
    total.fill = TOTAL_FILL;
    total.font = { bold: true };
    if (i === 0) total.value = '合计 Total';
    else if (col.total) {
      total.value = { formula: `SUM(${letter}${L.firstData}:${letter}${L.lastData})` } as ExcelJS.CellFormulaValue;
      if (FORMATS[col.format]) total.numFmt = FORMATS[col.format]!;
    }
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export function findTemplate(name: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === name);
}
