import type { ZipArchive } from './zip.js';
import { ZipError, readEntry, readText } from './zip.js';
import { decodeXml, runText } from './cells.js';

/** The setting the add-in saves (Office.context.document.settings); Excel keeps it in a webextension part. */
export const POLICY_PROPERTY = 'policycell.policy';

export interface BookSheet {
  name: string;
  path: string; // e.g. xl/worksheets/sheet1.xml
  /** The part's bytes (UTF-8 XML); each evaluator reads them its own way. */
  data: Uint8Array;
}

export interface Book {
  sheets: BookSheet[];
  sharedStrings: string[];
  definedNames: { name: string; formula: string; localSheet?: number }[];
  /** The policy the workbook names (the add-in's document setting), if any. */
  policy?: string;
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

function relationships(zip: ZipArchive, part: string): Map<string, string> {
  const dir = part.split('/').slice(0, -1).join('/');
  const name = part.split('/').at(-1)!;
  const xml = readText(zip, `${dir}/_rels/${name}.rels`) ?? '';
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) out.set(id, resolveTarget(part, decodeXml(target)));
  }
  return out;
}

/** Shared strings: the text of each `<si>`, rich runs joined, phonetic runs left out. */
export function readSharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const si of xml.matchAll(/<si>([\s\S]*?)<\/si>/g)) out.push(runText(si[1]!));
  return out;
}

/** The policy the add-in saved: `<we:property name="policycell.policy" value="&quot;id@version&quot;"/>`. */
export function readPolicySetting(zip: ZipArchive): string | undefined {
  for (const e of zip.entries) {
    if (!/^xl\/webextensions\/webextension\d*\.xml$/.test(e.name)) continue;
    const xml = readText(zip, e.name) ?? '';
    for (const m of xml.matchAll(/<we:property\b[^>]*>/g)) {
      if (decodeXml(/\bname="([^"]*)"/.exec(m[0])?.[1] ?? '') !== POLICY_PROPERTY) continue;
      const raw = decodeXml(/\bvalue="([^"]*)"/.exec(m[0])?.[1] ?? '');
      try {
        const v = JSON.parse(raw) as unknown; // Office stores settings as JSON
        if (typeof v === 'string' && v) return v;
      } catch {
        if (raw) return raw;
      }
    }
  }
  return undefined;
}

/** Reads what recalculation needs from an .xlsx package. */
export function readBook(zip: ZipArchive): Book {
  const workbookPath = 'xl/workbook.xml';
  const wb = readText(zip, workbookPath);
  if (wb === undefined) throw new ZipError('notZip', { 'zh-CN': '是 zip 包，但不是 Excel 工作簿（没有 xl/workbook.xml）', en: 'a zip package, but not an Excel workbook (no xl/workbook.xml)' });
  const rels = relationships(zip, workbookPath);
  const sheets: BookSheet[] = [];
  for (const m of wb.matchAll(/<sheet\b[^>]*\/?>/g)) {
    const name = decodeXml(/\bname="([^"]*)"/.exec(m[0])?.[1] ?? '');
    const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1] ?? /\bid="([^"]*)"/.exec(m[0])?.[1];
    const path = rid ? rels.get(rid) : undefined;
    if (!path) continue;
    const data = readEntry(zip, path);
    if (data === undefined) continue; // a chart sheet or a missing part: nothing to compute there
    sheets.push({ name, path, data });
  }
  const definedNames = [...wb.matchAll(/<definedName\b([^>]*)>([\s\S]*?)<\/definedName>/g)].map((m) => {
    const name = decodeXml(/\bname="([^"]*)"/.exec(m[1]!)?.[1] ?? '');
    const local = /\blocalSheetId="(\d+)"/.exec(m[1]!)?.[1];
    return { name, formula: decodeXml(m[2]!), ...(local !== undefined ? { localSheet: Number(local) } : {}) };
  });
  const ssPath = [...relationships(zip, workbookPath).values()].find((p) => /sharedStrings\.xml$/.test(p)) ?? 'xl/sharedStrings.xml';
  const ss = readText(zip, ssPath);
  return { sheets, sharedStrings: ss ? readSharedStrings(ss) : [], definedNames, policy: readPolicySetting(zip) };
}
