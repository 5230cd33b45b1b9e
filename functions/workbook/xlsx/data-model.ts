import { parseRange } from './cells.js';
import { xmlAttr } from './xml.js';

/**
 * The workbook's data model (what CUBE functions read), when every table of it is read from a
 * range or a table (ListObject) of the workbook itself: xl/connections.xml and the workbook's
 * `<x15:dataModel>` say which.
 */

/** A table of the data model and the cells it is read from (0-based corners): its header row first, then its rows. */
export interface ModelTable {
  name: string;
  /** Index of the sheet the cells are on. */
  sheet: number;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** The workbook's data model (`ThisWorkbookDataModel`) when every table of it is a range of the workbook. */
export interface DataModel {
  /** The name of the model's connection, as CUBE functions name it. */
  connection: string;
  tables: ModelTable[];
}

/** What the model's tables may be read from: the workbook's defined names and tables (Book's). */
interface DefinedName {
  name: string;
  formula: string;
  localSheet?: number;
}
type SourceTable = ModelTable & { headerRows: number; totalsRows: number };

/** A range a defined name stands for, written as one area of one sheet (`Data!$A$1:$C$4`). */
function namedRange(formula: string, sheets: string[]): Omit<ModelTable, 'name'> | undefined {
  const m = /^(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)$/.exec(formula.trim());
  if (!m) return undefined;
  const sheetName = (m[1]?.replace(/''/g, "'") ?? m[2]!).toUpperCase();
  const sheet = sheets.findIndex((s) => s.toUpperCase() === sheetName);
  if (sheet < 0) return undefined;
  let r;
  try {
    r = parseRange(m[3]!.replace(/\$/g, ''));
  } catch {
    return undefined;
  }
  return { sheet, top: Math.min(r.from.row, r.to.row), bottom: Math.max(r.from.row, r.to.row), left: Math.min(r.from.col, r.to.col), right: Math.max(r.from.col, r.to.col) };
}

/**
 * The data model as xl/connections.xml and the workbook's `<x15:dataModel>` describe it: the model
 * connection (type 5 with `<x15:connection model="1">`), and each `<x15:modelTable>` through its
 * worksheet connection (`<x15:rangePr sourceName>`) to a defined name or a table of the workbook.
 * Undefined unless every piece resolves, and when the model relates its tables (filters would
 * cross from one to another, which is not computed here).
 */
export function readDataModel(connectionsXml: string | undefined, workbookXml: string, sheets: string[], definedNames: readonly DefinedName[], tables: readonly SourceTable[]): DataModel | undefined {
  if (!connectionsXml) return undefined;
  const model = /<(?:\w+:)?dataModel\b[\s\S]*?<\/(?:\w+:)?dataModel>/.exec(workbookXml)?.[0];
  if (!model || /<(?:\w+:)?modelRelationship\b/.test(model)) return undefined;
  // The file's <connection> elements (each may hold an <x15:connection> of its own inside).
  const outer = [...connectionsXml.matchAll(/<connection\b([^>]*?)(?:\/>|>([\s\S]*?)<\/connection>)/g)].map((m) => ({ head: ` ${m[1]!}`, body: m[2] ?? '', name: xmlAttr(` ${m[1]!}`, 'name') }));
  const modelConnections = outer.filter((c) => xmlAttr(c.head, 'type') === '5' && /<(?:\w+:)?connection\b[^>]*\smodel="(?:1|true)"/.test(c.body));
  if (modelConnections.length !== 1) return undefined;
  const out: ModelTable[] = [];
  const modelTables = [...model.matchAll(/<(?:\w+:)?modelTable\b[^>]*>/g)];
  if (!modelTables.length) return undefined;
  for (const t of modelTables) {
    const name = xmlAttr(t[0], 'name');
    const via = xmlAttr(t[0], 'connection');
    const conn = outer.find((c) => c.name === via);
    const rangePr = conn && /<(?:\w+:)?rangePr\b[^>]*>/.exec(conn.body)?.[0];
    const source = rangePr && xmlAttr(rangePr, 'sourceName');
    if (!name || !source) return undefined;
    const defined = definedNames.find((d) => d.localSheet === undefined && d.name.toUpperCase() === source.toUpperCase());
    const table = tables.find((x) => x.name.toUpperCase() === source.toUpperCase());
    let area: Omit<ModelTable, 'name'> | undefined;
    if (defined) area = namedRange(defined.formula, sheets);
    else if (table && table.headerRows === 1) area = { sheet: table.sheet, top: table.top, left: table.left, bottom: table.bottom - table.totalsRows, right: table.right };
    if (!area) return undefined;
    out.push({ name, ...area });
  }
  return { connection: modelConnections[0]!.name!, tables: out };
}
