import { strToU8, zipSync } from 'fflate';

/**
 * Builds an .xlsx as Excel saves a workbook that uses the add-in: add-in calls stored as
 * single-cell array formulas `_xldudf_POLICY_X(…)` with `cm="1"` pointing into xl/metadata.xml,
 * and the webextension parts holding the add-in's settings (the policy).
 */

export interface FixtureCell {
  ref: string;
  value?: number | string | boolean;
  /** A constant error cell (t="e"), such as #N/A typed into a cell. */
  error?: string;
  /** A formula without "=", as Excel stores it. */
  formula?: string;
  /** Store as Excel stores an add-in function (array form with cm="1"). */
  addin?: boolean;
  /** An array formula's range (a spilled result). */
  arrayRef?: string;
  cached?: string;
  cachedType?: string;
  /** A formula written by a program: no cached value at all. */
  noCache?: boolean;
  /** A what-if data table's anchor: the attributes of its `<f t="dataTable" …/>` (ref, dt2D, dtr, r1, r2). */
  dataTable?: string;
  shared?: { si: number; ref?: string };
  /** The cell's format (its s attribute, an index into the cellXfs of `styles`). */
  style?: number;
  /** A string value stored in the cell (`t="inlineStr"`, `<is><t>`) rather than in the shared strings. */
  inline?: boolean;
  /** The formula and a text value written as CDATA sections, not escaped. */
  cdata?: boolean;
  /** Markup written just before the cell's element (a comment, a processing instruction…). */
  before?: string;
}

/**
 * How the sheet's XML is written, where writers differ and XML allows it: a namespace prefix on
 * every element (`<x:c>`, as the Open XML SDK writes), single quotes, white space around `=` and
 * before `>`, and `r` left out of every cell and row whose place it can be told from (the next
 * column, the next row).
 */
export interface SheetForm {
  prefix?: string;
  quote?: "'";
  spaced?: boolean;
  implicitReferences?: boolean;
}

export interface FixtureSheet {
  name: string;
  cells: FixtureCell[];
  /** Rows (1-based) hidden; with `filter`, hidden by an autoFilter over that range. */
  hiddenRows?: number[];
  /** Rows (1-based) hidden after their height was set by hand (customHeight). */
  hiddenByHand?: number[];
  filter?: string;
  /** Tables (ListObjects) on the sheet: header row first, a totals row when asked. */
  tables?: { name: string; ref: string; columns: string[]; totalsRow?: boolean }[];
  /** `<col …/>` elements (widths, hidden columns), and the attributes of `<sheetFormatPr>` (default widths). */
  cols?: string;
  sheetFormat?: string;
  form?: SheetForm;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const columnOf = (ref: string) => [.../^[A-Z]+/.exec(ref)![0]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** A sheet's XML rewritten in a form (SheetForm) other writers use; its content is the same to an XML reader. */
function inForm(xml: string, form: SheetForm): string {
  let out = xml;
  if (form.prefix) {
    const p = form.prefix;
    out = out.replace('<worksheet xmlns="', `<worksheet xmlns:${p}="`).replace(/<(\/?)(?![?!])([A-Za-z][\w.-]*)(?=[\s/>])/g, `<$1${p}:$2`);
  }
  if (form.spaced) out = out.replace(/ ([\w:]+)="/g, ' $1 = "').replace(/(<(?:\w+:)?(?:c|row) [^>]*?)(\/?)>/g, '$1 $2>');
  if (form.quote) out = out.replace(/ ([\w:]+)( ?= ?)"([^"]*)"/g, " $1$2'$3'");
  return out;
}

export function sheetXml(cells: FixtureCell[], strings: string[], sheet: Partial<FixtureSheet> = {}): string {
  const xml = plainSheetXml(cells, strings, sheet);
  return sheet.form ? inForm(xml, sheet.form) : xml;
}

function plainSheetXml(cells: FixtureCell[], strings: string[], sheet: Partial<FixtureSheet>): string {
  const implicit = sheet.form?.implicitReferences;
  const rows = new Map<number, FixtureCell[]>();
  for (const c of cells) {
    const r = Number(/\d+/.exec(c.ref)![0]);
    if (!rows.has(r)) rows.set(r, []);
    rows.get(r)!.push(c);
  }
  let previousRow = 0;
  const body = [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([r, cs]) => {
      let previousColumn = 0;
      const cellsXml = cs
        .map((c) => {
          const column = columnOf(c.ref);
          // With implicit references, r is left out where the cell is the one after the previous.
          const at = implicit && column === previousColumn + 1 ? '' : ` r="${c.ref}"`;
          previousColumn = column;
          const text = (value: string) => (c.cdata ? `<![CDATA[${value}]]>` : esc(value));
          return (c.before ?? '') + cellXml(c, at, text, strings);
        })
        .join('');
      const hidden = sheet.hiddenByHand?.includes(r) ? ' ht="15.75" hidden="1" customHeight="1"' : sheet.hiddenRows?.includes(r) ? ' hidden="1"' : '';
      const at = implicit && r === previousRow + 1 ? '' : ` r="${r}"`;
      previousRow = r;
      return `<row${at} spans="1:8"${hidden}>${cellsXml}</row>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"><dimension ref="A1:H20"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr${sheet.sheetFormat ? ` ${sheet.sheetFormat}` : ''} defaultRowHeight="15"/>${sheet.cols ? `<cols>${sheet.cols}</cols>` : ''}<sheetData>${body}</sheetData>${sheet.filter ? `<autoFilter ref="${sheet.filter}"><filterColumn colId="0"><filters><filter val="1"/></filters></filterColumn></autoFilter>` : ''}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
}

/** One cell's element; `at` is its r attribute (or nothing), `text` writes a text as the cell asks (escaped or CDATA). */
function cellXml(c: FixtureCell, at: string, text: (value: string) => string, strings: string[]): string {
  if (c.dataTable) return `<c${at}><f t="dataTable" ${c.dataTable}/>${c.noCache ? '' : `<v>${esc(c.cached ?? '0')}</v>`}</c>`;
  if (c.formula !== undefined || c.shared) {
    const fAttrs = c.addin || c.arrayRef ? ` t="array" ref="${c.arrayRef ?? c.ref}"` : c.shared ? ` t="shared"${c.shared.ref ? ` ref="${c.shared.ref}"` : ''} si="${c.shared.si}"` : '';
    const f = c.formula !== undefined ? `<f${fAttrs}>${text(c.formula)}</f>` : `<f${fAttrs}/>`;
    const t = c.cachedType ? ` t="${c.cachedType}"` : '';
    return `<c${at} s="${c.style ?? 1}"${t}${c.addin ? ' cm="1"' : ''}>${f}${c.noCache ? '' : `<v>${text(c.cached ?? '0')}</v>`}</c>`;
  }
  const s = c.style !== undefined ? ` s="${c.style}"` : '';
  if (c.error) return `<c${at}${s} t="e"><v>${esc(c.error)}</v></c>`;
  if (typeof c.value === 'number') return `<c${at}${s}><v>${c.value}</v></c>`;
  if (typeof c.value === 'boolean') return `<c${at}${s} t="b"><v>${c.value ? 1 : 0}</v></c>`;
  if (typeof c.value === 'string' && c.inline) return `<c${at}${s} t="inlineStr"><is><t>${text(c.value)}</t></is></c>`;
  if (typeof c.value === 'string') {
    strings.push(c.value);
    return `<c${at}${s} t="s"><v>${strings.length - 1}</v></c>`;
  }
  return `<c${at} s="2"/>`;
}

/** A data model as Excel saves one: xl/connections.xml, and the workbook's extLst naming the model's tables. */
export interface FixtureDataModel {
  connections: string;
  workbookExtLst: string;
}

export function buildXlsx(sheets: FixtureSheet[], opts: { policy?: string; definedNames?: { name: string; formula: string; localSheetId?: number }[]; date1904?: boolean; macros?: boolean; styles?: string; dataModel?: FixtureDataModel; drawingLanguage?: string; application?: string } = {}): Uint8Array {
  const strings: string[] = [];
  const files: Record<string, Uint8Array> = {};
  sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s.cells, strings, s))));
  let tableCount = 0;
  const tableTypes: string[] = [];
  sheets.forEach((s, i) => {
    if (!s.tables?.length) return;
    const rels = s.tables.map((t) => {
      const n = ++tableCount;
      tableTypes.push(`<Override PartName="/xl/tables/table${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>`);
      files[`xl/tables/table${n}.xml`] = strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="${n}" name="${esc(t.name)}" displayName="${esc(t.name)}" ref="${t.ref}"${t.totalsRow ? ' totalsRowCount="1"' : ' totalsRowShown="0"'}><autoFilter ref="${t.ref}"/><tableColumns count="${t.columns.length}">${t.columns.map((c, j) => `<tableColumn id="${j + 1}" name="${esc(c)}"/>`).join('')}</tableColumns><tableStyleInfo name="TableStyleMedium2" showRowStripes="1"/></table>`,
      );
      return `<Relationship Id="rIdT${n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/table" Target="../tables/table${n}.xml"/>`;
    });
    files[`xl/worksheets/_rels/sheet${i + 1}.xml.rels`] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`);
  });
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}${tableTypes.join('')}${opts.dataModel ? '<Override PartName="/xl/connections.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml"/>' : ''}${opts.styles ? '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' : ''}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/><Override PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.webextension+xml"/><Override PartName="/xl/webextensions/taskpanes.xml" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/></Types>`,
  );
  files['_rels/.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes" Target="xl/webextensions/taskpanes.xml"/></Relationships>`,
  );
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${ns}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${opts.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>${opts.definedNames?.length ? `<definedNames>${opts.definedNames.map((d) => `<definedName name="${d.name}"${d.localSheetId !== undefined ? ` localSheetId="${d.localSheetId}"` : ''}>${esc(d.formula)}</definedName>`).join('')}</definedNames>` : ''}<calcPr calcId="191029"/>${opts.dataModel?.workbookExtLst ?? ''}</workbook>`,
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdM" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata" Target="metadata.xml"/>${opts.styles ? '<Relationship Id="rIdY" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' : ''}${opts.dataModel ? '<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/connections" Target="connections.xml"/>' : ''}</Relationships>`,
  );
  if (opts.styles) files['xl/styles.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${ns}">${opts.styles}</styleSheet>`);
  files['xl/sharedStrings.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${ns}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`,
  );
  files['xl/metadata.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<metadata xmlns="${ns}" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray"><metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes><futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>`,
  );
  files['xl/webextensions/taskpanes.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"><wetp:taskpane dockstate="right" visibility="0" width="350" row="4"><wetp:webextensionref xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>`,
  );
  files['xl/webextensions/_rels/taskpanes.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/webextension" Target="webextension1.xml"/></Relationships>`,
  );
  files['xl/webextensions/webextension1.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{8C0A0B8A-1C3B-4F57-9C1F-1D7F0C2C6E11}"><we:reference id="5f3b8c2e-7a41-4d9e-9b6a-2c1e8f0d4a77" version="1.0.0.0" store="developer" storeType="Registry"/><we:alternateReferences/><we:properties>${opts.policy ? `<we:property name="policycell.policy" value="&quot;${opts.policy}&quot;"/>` : ''}<we:property name="Office.AutoShowTaskpaneWithDocument" value="true"/></we:properties><we:bindings/><we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/><we:customFunctionIds><we:customFunctionIdsItem>COMMISSION</we:customFunctionIdsItem></we:customFunctionIds></we:webextension>`,
  );
  if (opts.dataModel) files['xl/connections.xml'] = strToU8(opts.dataModel.connections);
  // A text box typed in this language, as Excel saves one (DrawingML records each run's language).
  if (opts.drawingLanguage) {
    files['xl/drawings/drawing1.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor><xdr:sp><xdr:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="${opts.drawingLanguage}" sz="1100"/><a:t>Note</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`,
    );
  }
  // A VBA project's part (its content does not matter here: only that the workbook has macros).
  // docProps/app.xml names the program that saved the file (calibration reads whose cached values they are).
  if (opts.application) {
    files['docProps/app.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${esc(opts.application)}</Application><AppVersion>16.0300</AppVersion></Properties>`,
    );
  }
  if (opts.macros) files['xl/vbaProject.bin'] = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]);
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 6, mtime: new Date('2024-01-01T00:00:00Z') }]])));
}
