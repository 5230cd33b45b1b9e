import type { Book } from '../../xlsx/book.js';
import { readRows } from '../../xlsx/sheet-scanner.js';
import { xmlBoolean } from '../../xlsx/styles.js';

/**
 * Each sheet's hidden rows, for SUBTOTAL and AGGREGATE: all of them (SUBTOTAL 101–111 leave them
 * out), and those a filter hid (SUBTOTAL 1–11 leave those out).
 */
export interface HiddenRows {
  rows: Set<number>;
  filtered: Set<number>;
}

export function hiddenRows(xmls: string[], book: Book): HiddenRows[] {
  return xmls.map((xml, si) => {
    const rows = new Set<number>();
    const byHand = new Set<number>();
    const sheet = readRows(xml);
    for (const { row, attributes } of sheet.rows) {
      if (!xmlBoolean(attributes.hidden, false)) continue;
      rows.add(row);
      if (xmlBoolean(attributes.customHeight, false)) byHand.add(row);
    }
    // Rows a filter hid: a row's "filtered" flag is not in the file. On a sheet whose autoFilter or
    // table filters, Excel's SUBTOTAL(1–11) leaves out its hidden rows, but counts a hidden row
    // whose height was set by hand (customHeight): it was hidden by hand (checked against Excel's values).
    const active = sheet.filtered || book.tables.some((t) => t.sheet === si && t.filtered);
    const filtered = active ? new Set([...rows].filter((r) => !byHand.has(r))) : new Set<number>();
    return { rows, filtered };
  });
}
