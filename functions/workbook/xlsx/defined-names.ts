import type { Book } from './book.js';

/**
 * A workbook's defined names as a formula on a sheet sees them: a name scoped to that sheet first,
 * then the workbook's own, case ignored. Answers the name's formula text.
 */
export function definedNameLookup(names: Book['definedNames']): (name: string, sheet: number) => string | undefined {
  const byKey = new Map<string, string>();
  for (const n of names) byKey.set(`${n.localSheet ?? ''}\u0000${n.name.toUpperCase()}`, n.formula);
  return (name, sheet) => byKey.get(`${sheet}\u0000${name.toUpperCase()}`) ?? byKey.get(`\u0000${name.toUpperCase()}`);
}
