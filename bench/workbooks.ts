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

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const colLetter = (i: number) => String.fromCharCode(65 + i);

/** One table's sheet: a header row, then each row's constants and formulas (column by column, a formula starts with "="). */
function tableSheet(header: string[], rows: (string | number)[][]): string {
  const cell = (ref: string, v: string | number) =>
    typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : v.startsWith('=') ? `<c r="${ref}"><f>${esc(v.slice(1))}</f><v>0</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
  const out = [`<row r="1">${header.map((h, i) => cell(`${colLetter(i)}1`, h)).join('')}</row>`];
  rows.forEach((row, i) => out.push(`<row r="${i + 2}">${row.map((v, j) => cell(`${colLetter(j)}${i + 2}`, v)).join('')}</row>`));
  return `${HEAD}<worksheet ${NS}><sheetData>${out.join('')}</sheetData><tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>`;
}

function tablePart(id: number, name: string, header: string[], rows: number): string {
  const ref = `A1:${colLetter(header.length - 1)}${rows + 1}`;
  return `${HEAD}<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="${id}" name="${name}" displayName="${name}" ref="${ref}" totalsRowShown="0"><autoFilter ref="${ref}"/><tableColumns count="${header.length}">${header.map((h, i) => `<tableColumn id="${i + 1}" name="${esc(h)}"/>`).join('')}</tableColumns><tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`;
}

/**
 * A workbook of lookups over structured references, as real sales books are: a table of staff
 * (each row sums, counts and averages its orders with SUMIFS, COUNTIF and AVERAGEIF over the
 * orders table) and a table of orders (each row looks its seller up with VLOOKUP over the whole
 * staff table, INDEX/MATCH and XLOOKUP over its columns, and a rate by an approximate VLOOKUP). Some
 * orders name a seller who is not on the staff (#N/A, caught by IFERROR) and a few staff ids are
 * listed twice (the first row is the match). `native` writes XLOOKUP as INDEX/MATCH, for a
 * LibreOffice that predates XLOOKUP.
 */
export function lookupWorkbook(orders: number, staff: number, seed = 1, native = false): Uint8Array {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const depts = ['销售一部', '销售二部', '渠道部', '大客户部', 'Online'];
  const staffHeader = ['ID', 'Name', 'Dept', 'Salary', 'Sales', 'Orders', 'Average'];
  const staffRows: (string | number)[][] = [];
  const self = (column: string) => `Staff[[#This Row],[${column}]]`;
  for (let i = 0; i < staff; i++) {
    const id = i > 0 && i % 97 === 0 ? 1000 + i - 1 : 1000 + i; // a few ids twice
    staffRows.push([
      id,
      `员工${i + 1}`,
      depts[Math.floor(rnd() * depts.length)]!,
      Math.round(5000 + rnd() * 20000),
      `=SUMIFS(Orders[Amount],Orders[StaffID],${self('ID')})`,
      `=COUNTIF(Orders[StaffID],${self('ID')})`,
      `=IFERROR(AVERAGEIF(Orders[StaffID],${self('ID')},Orders[Amount]),0)`,
    ]);
  }
  const orderHeader = ['OrderID', 'StaffID', 'Amount', 'Seller', 'Dept', 'Salary', 'Rate', 'Commission'];
  const mine = (column: string) => `Orders[[#This Row],[${column}]]`;
  const salary = native ? `INDEX(Staff[Salary],MATCH(${mine('StaffID')},Staff[ID],0))` : `_xlfn.XLOOKUP(${mine('StaffID')},Staff[ID],Staff[Salary],0)`;
  const orderRows: (string | number)[][] = [];
  for (let i = 0; i < orders; i++) {
    const sid = 1000 + Math.floor(rnd() * staff * 1.02); // about 2% not on the staff
    orderRows.push([
      i + 1,
      sid,
      Math.round(rnd() * 2_000_000) / 100,
      `=IFERROR(VLOOKUP(${mine('StaffID')},Staff,2,FALSE),"未知")`,
      `=IFERROR(INDEX(Staff[Dept],MATCH(${mine('StaffID')},Staff[ID],0)),"未知")`,
      `=IFERROR(${salary},0)`,
      `=VLOOKUP(${mine('Amount')},Rates!$A$1:$B$5,2,TRUE)`,
      `=ROUND(${mine('Amount')}*${mine('Rate')},2)`,
    ]);
  }
  const rates = [0, 1000, 5000, 10000, 15000].map((from, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${from}</v></c><c r="B${i + 1}"><v>${[0.01, 0.02, 0.03, 0.04, 0.05][i]}</v></c></row>`);
  const type = (part: string, kind: string) => `<Override PartName="/xl/${part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.${kind}+xml"/>`;
  const rel = (id: string, kind: string, target: string) => `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${kind}" Target="${target}"/>`;
  const rels = (body: string) => strToU8(`${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`);
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${type('workbook.xml', 'sheet.main')}${type('worksheets/sheet1.xml', 'worksheet')}${type('worksheets/sheet2.xml', 'worksheet')}${type('worksheets/sheet3.xml', 'worksheet')}${type('tables/table1.xml', 'table')}${type('tables/table2.xml', 'table')}</Types>`,
    ),
    '_rels/.rels': rels(rel('rId1', 'officeDocument', 'xl/workbook.xml')),
    'xl/workbook.xml': strToU8(`${HEAD}<workbook ${NS}><sheets><sheet name="Orders" sheetId="1" r:id="rId1"/><sheet name="Staff" sheetId="2" r:id="rId2"/><sheet name="Rates" sheetId="3" r:id="rId3"/></sheets><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>`),
    'xl/_rels/workbook.xml.rels': rels(rel('rId1', 'worksheet', 'worksheets/sheet1.xml') + rel('rId2', 'worksheet', 'worksheets/sheet2.xml') + rel('rId3', 'worksheet', 'worksheets/sheet3.xml')),
    'xl/worksheets/sheet1.xml': strToU8(tableSheet(orderHeader, orderRows)),
    'xl/worksheets/_rels/sheet1.xml.rels': rels(rel('rId1', 'table', '../tables/table1.xml')),
    'xl/tables/table1.xml': strToU8(tablePart(1, 'Orders', orderHeader, orders)),
    'xl/worksheets/sheet2.xml': strToU8(tableSheet(staffHeader, staffRows)),
    'xl/worksheets/_rels/sheet2.xml.rels': rels(rel('rId1', 'table', '../tables/table2.xml')),
    'xl/tables/table2.xml': strToU8(tablePart(2, 'Staff', staffHeader, staff)),
    'xl/worksheets/sheet3.xml': strToU8(`${HEAD}<worksheet ${NS}><sheetData>${rates.join('')}</sheetData></worksheet>`),
  };
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 6 }]])));
}
