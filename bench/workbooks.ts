import { strToU8, zipSync } from 'fflate';

/**
 * The benchmark's workbooks: payroll sheets of N rows, POLICY functions mixed with SUM, IF, ROUND
 * and VLOOKUP, written as Excel writes add-in calls; and the same sheets with the rules written as
 * native formulas, for LibreOffice (which has no POLICY functions).
 */

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function nativeCommission(r: number): string {
  return `IF(B${r}>40000,ROUND((B${r}-40000)*0.03,2),0)`;
}

function nativePayroll(r: number): string {
  const converted = `COUNTIF(E${r}:F${r},">30")`;
  return `3000+IF(OR(C${r}+${converted}>=3,D${r}>5),0,G${r})-(C${r}+${converted})*200-D${r}*300-COUNTIFS(E${r}:F${r},">0",E${r}:F${r},"<=30")*50`;
}

/** One payroll sheet's XML (rows 2..n+1, a totals row after). */
function payrollSheet(n: number, seed: number, native: boolean): string {
  const rows: string[] = ['<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>业绩</t></is></c><c r="G1" t="inlineStr"><is><t>提成</t></is></c><c r="H1" t="inlineStr"><is><t>实发工资</t></is></c></row>'];
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < n; i++) {
    const r = i + 2;
    const revenue = Math.round(20000 + rnd() * 60000) + (rnd() < 0.3 ? 0.5 : 0);
    const absence = rnd() < 0.8 ? 0 : Math.floor(rnd() * 4);
    const leave = rnd() < 0.7 ? 0 : Math.floor(rnd() * 7);
    const late1 = rnd() < 0.6 ? 0 : Math.floor(rnd() * 50);
    const late2 = rnd() < 0.8 ? 0 : Math.floor(rnd() * 50);
    const g = native ? nativeCommission(r) : `_xldudf_POLICY_COMMISSION(B${r})`;
    const h = native ? nativePayroll(r) : `_xldudf_POLICY_PAYROLL(B${r},C${r},D${r},E${r}:F${r})`;
    const f = (ref: string, formula: string, array: boolean) =>
      array ? `<c r="${ref}" cm="1"><f t="array" ref="${ref}">${formula.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</f><v>0</v></c>` : `<c r="${ref}"><f>${formula.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</f><v>0</v></c>`;
    rows.push(
      `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>员工${i + 1}</t></is></c><c r="B${r}"><v>${revenue}</v></c><c r="C${r}"><v>${absence}</v></c><c r="D${r}"><v>${leave}</v></c><c r="E${r}"><v>${late1}</v></c><c r="F${r}"><v>${late2}</v></c>` +
        f(`G${r}`, g, !native) +
        f(`H${r}`, h, !native) +
        f(`I${r}`, `IF(H${r}>3000,"高","低")`, false) +
        f(`J${r}`, `ROUND(H${r}*0.1,2)`, false) +
        f(`K${r}`, `VLOOKUP(C${r},Rates!$A$1:$B$4,2,TRUE)`, false) +
        '</row>',
    );
  }
  const t = n + 2;
  rows.push(`<row r="${t}"><c r="A${t}" t="inlineStr"><is><t>合计</t></is></c><c r="G${t}"><f>SUM(G2:G${t - 1})</f><v>0</v></c><c r="H${t}"><f>SUM(H2:H${t - 1})</f><v>0</v></c></row>`);
  return `${HEAD}<worksheet ${NS}><sheetData>${rows.join('')}</sheetData></worksheet>`;
}

const RATES = `${HEAD}<worksheet ${NS}><sheetData>${[0, 1, 2, 3].map((d, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${d}</v></c><c r="B${i + 1}" t="inlineStr"><is><t>${['全勤', '一般', '较差', '差'][i]}</t></is></c></row>`).join('')}</sheetData></worksheet>`;

export function payrollWorkbook(n: number, seed = 1, native = false): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(`${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`),
    '_rels/.rels': strToU8(`${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(`${HEAD}<workbook ${NS}><sheets><sheet name="Payroll" sheetId="1" r:id="rId1"/><sheet name="Rates" sheetId="2" r:id="rId2"/></sheets><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`),
    'xl/worksheets/sheet1.xml': strToU8(payrollSheet(n, seed, native)),
    'xl/worksheets/sheet2.xml': strToU8(RATES),
  };
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 6 }]])));
}
