import type { Book } from '../../xlsx/book.js';

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
    for (const m of xml.matchAll(/<(?:\w+:)?row\b[^>]*>/g)) {
      if (!/\shidden="(?:1|true)"/.test(m[0])) continue;
      const r = /\sr="(\d+)"/.exec(m[0]);
      if (!r) continue;
      rows.add(Number(r[1]) - 1);
      if (/\scustomHeight="(?:1|true)"/.test(m[0])) byHand.add(Number(r[1]) - 1);
    }
    // Rows a filter hid: a row's "filtered" flag is not in the file. On a sheet whose autoFilter or
    // table filters, Excel's SUBTOTAL(1–11) leaves out its hidden rows, but counts a hidden row
    // whose height was set by hand (customHeight): it was hidden by hand (checked against Excel's values).
    const active = /<(?:\w+:)?filterColumn\b/.test(xml) || book.tables.some((t) => t.sheet === si && t.filtered);
    const filtered = active ? new Set([...rows].filter((r) => !byHand.has(r))) : new Set<number>();
    return { rows, filtered };
  });
}
