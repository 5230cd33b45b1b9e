import type { ImplementedFunctions } from 'hyperformula';
import { CellError, EmptyValue, ErrorType, HyperFormula, SimpleRangeValue } from 'hyperformula';

/**
 * Approximate lookups (VLOOKUP and HLOOKUP with TRUE or nothing, MATCH with 1, -1 or nothing,
 * LOOKUP) as Excel searches: by halves, stepping over cells of another kind than the key, so that a column
 * that is not sorted gives Excel's answer, not another one (HyperFormula searches by halves too,
 * but orders kinds of values and empty cells otherwise). The algorithm is the one Apache POI
 * checked against Excel's answers (LookupUtils.performBinarySearch). Exact lookups stay
 * HyperFormula's (with its column indexes), except for a text key with wildcards: Excel's pages for
 * VLOOKUP, HLOOKUP and MATCH give * ? and ~ their meaning and the first match is the answer
 * (HyperFormula's MATCH matches no wildcard, its VLOOKUP may answer a later row); VLOOKUP and HLOOKUP also take an array constant
 * (HyperFormula: #VALUE!), and answer #N/A for a key not found before judging the column number, as
 * Excel does.
 */

type Order = 'lt' | 'eq' | 'gt' | 'other';

/** A number HyperFormula carries with its format (a date, a currency…) as the plain number; any other value as it is. */
function plainValue(v: unknown): unknown {
  return v !== null && typeof v === 'object' && typeof (v as { val?: unknown }).val === 'number' ? (v as { val: number }).val : v;
}

/** The key against a value of the searched vector: less, equal, greater, or of another kind (empty cells, errors…). */
function compareKey(key: unknown, item: unknown): Order {
  const k = plainValue(key);
  const v = plainValue(item);
  const order = (a: number | string | boolean, b: number | string | boolean): Order => (a < b ? 'lt' : a > b ? 'gt' : 'eq');
  if (typeof k === 'number' && typeof v === 'number') return order(k, v);
  if (typeof k === 'string' && typeof v === 'string') return order(k.toLowerCase(), v.toLowerCase());
  if (typeof k === 'boolean' && typeof v === 'boolean') return order(k, v);
  return 'other';
}

const REVERSED: Record<Order, Order> = { lt: 'gt', eq: 'eq', gt: 'lt', other: 'other' };

/**
 * The index of the last value not above the key, by Excel's search by halves; -1 when there is
 * none. Descending (MATCH with -1): the last value not below the key, the same search with the
 * order reversed.
 */
export function approximateIndex(size: number, at: (i: number) => unknown, key: unknown, descending = false): number {
  const compare = descending ? (k: unknown, v: unknown) => REVERSED[compareKey(k, v)] : compareKey;
  let low = -1;
  let high = size;
  for (;;) {
    if (high - low < 2) return low;
    let mid = low + Math.floor((high - low) / 2);
    let c = compare(key, at(mid));
    if (c === 'other') {
      // Step over values of another kind towards the high end; none there: search below.
      let next = mid;
      for (;;) {
        next++;
        if (next === high) break;
        const cn = compare(key, at(next));
        if (cn === 'lt' && next === high - 1) {
          next = high;
          break;
        }
        if (cn !== 'other') break;
      }
      if (next === high) {
        high = mid;
        continue;
      }
      mid = next;
      c = compare(key, at(mid));
    }
    if (c === 'eq') {
      // The last of a run of equal values.
      let i = mid + 1;
      while (i < high && compare(key, at(i)) === 'eq') i++;
      return i - 1;
    }
    if (c === 'lt') high = mid;
    else low = mid;
  }
}

/**
 * Excel's pattern for a text key with wildcards (* any run, ? one character, ~ taking the next
 * literally), case ignored; undefined for a key without them.
 */
export function wildcardPattern(key: unknown): RegExp | undefined {
  if (typeof key !== 'string' || !/[*?~]/.test(key)) return undefined;
  return new RegExp(`^${wildcardSource(key)}$`, 'iu');
}

/** The regular expression (unanchored source) of a text with Excel's wildcards. */
export function wildcardSource(key: string): string {
  let source = '';
  for (let i = 0; i < key.length; i++) {
    const ch = key[i]!;
    if (ch === '~' && i + 1 < key.length && '*?~'.includes(key[i + 1]!)) source += `\\${key[++i]}`;
    else if (ch === '*') source += '[\\s\\S]*';
    else if (ch === '?') source += '[\\s\\S]';
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return source;
}

/** The index of the first text of a vector matching a wildcard pattern, -1 when none does. */
function firstMatching(size: number, at: (i: number) => unknown, pattern: RegExp): number {
  for (let i = 0; i < size; i++) {
    const v = plainValue(at(i));
    if (typeof v === 'string' && pattern.test(v)) return i;
  }
  return -1;
}

/** HyperFormula's lookup plugin as these functions use it: members its published types do not show. */
type LookupInternals = {
  runFunction: (args: unknown[], state: unknown, meta: unknown, fn: (...a: never[]) => unknown) => unknown;
  metadata: (name: string) => unknown;
  dependencyGraph: { getCellValue: (address: { sheet: number; row: number; col: number }) => unknown };
  doVlookup: (key: unknown, range: SimpleRangeValue, index: number, options: object) => unknown;
  doHlookup: (key: unknown, range: SimpleRangeValue, index: number, options: object) => unknown;
  doMatch: (key: unknown, range: SimpleRangeValue, type: number) => unknown;
};

const EXACT = { ordering: 'none', ifNoMatch: 'returnNotFound' };
const zeroIfEmpty = (v: unknown) => (v === EmptyValue ? 0 : v);

/** A value of a range argument, read cell by cell (a search by halves reads a few of a long column). */
function reader(plugin: LookupInternals, v: SimpleRangeValue): (row: number, col: number) => unknown {
  const range = (v as unknown as { range?: { sheet: number; start: { row: number; col: number } } }).range;
  if (!range) return (r, c) => v.data[r]?.[c];
  return (r, c) => plugin.dependencyGraph.getCellValue({ sheet: range.sheet, row: range.start.row + r, col: range.start.col + c });
}

/** HyperFormula's lookup plugin (VLOOKUP, HLOOKUP, MATCH, XLOOKUP…), whose declarations and exact lookups these keep. */
const HyperFormulaLookupPlugin = HyperFormula.getFunctionPlugin('VLOOKUP')!;
const declared = HyperFormulaLookupPlugin.implementedFunctions;

/** VLOOKUP (by rows) or HLOOKUP (by columns) of a table. */
function tableLookup(plugin: LookupInternals, name: 'VLOOKUP' | 'HLOOKUP', ast: { args: unknown[] }, state: unknown): unknown {
  const vertical = name === 'VLOOKUP';
  return plugin.runFunction(ast.args, state, plugin.metadata(name), (key: unknown, table: SimpleRangeValue, index: number, sorted: boolean) => {
    const k = zeroIfEmpty(key);
    const size = vertical ? table.height() : table.width();
    const across = vertical ? table.width() : table.height();
    const get = reader(plugin, table);
    let at: number;
    const pattern = sorted ? undefined : wildcardPattern(k);
    if (sorted) at = approximateIndex(size, (i) => (vertical ? get(i, 0) : get(0, i)), k);
    else if (pattern) at = firstMatching(size, (i) => (vertical ? get(i, 0) : get(0, i)), pattern);
    else if (index >= 1 && index <= across) return vertical ? plugin.doVlookup(k, table, index - 1, EXACT) : plugin.doHlookup(k, table, index - 1, EXACT);
    else at = (vertical ? plugin.doVlookup(k, table, 0, EXACT) : plugin.doHlookup(k, table, 0, EXACT)) instanceof CellError ? -1 : 0;
    if (at < 0) return new CellError(ErrorType.NA);
    if (index < 1) return new CellError(ErrorType.VALUE);
    if (index > across) return new CellError(ErrorType.REF);
    const v = vertical ? get(at, index - 1) : get(index - 1, at);
    return v instanceof SimpleRangeValue ? new CellError(ErrorType.VALUE) : zeroIfEmpty(v);
  });
}

/** VLOOKUP, HLOOKUP and MATCH: HyperFormula's lookup plugin with these three replaced, declared as HyperFormula declares them. */
export class LookupPlugin extends HyperFormulaLookupPlugin {
  static override implementedFunctions: ImplementedFunctions = { VLOOKUP: declared.VLOOKUP!, HLOOKUP: declared.HLOOKUP!, MATCH: declared.MATCH! };
  /** None of HyperFormula's aliases of its lookup functions. */
  static override aliases: Record<string, string> = {};

  vlookup(ast: { args: unknown[] }, state: unknown): unknown {
    return tableLookup(this as unknown as LookupInternals, 'VLOOKUP', ast, state);
  }

  hlookup(ast: { args: unknown[] }, state: unknown): unknown {
    return tableLookup(this as unknown as LookupInternals, 'HLOOKUP', ast, state);
  }

  match(ast: { args: unknown[] }, state: unknown): unknown {
    const plugin = this as unknown as LookupInternals;
    return plugin.runFunction(ast.args, state, plugin.metadata('MATCH'), (key: unknown, list: SimpleRangeValue, type: number) => {
      const k = zeroIfEmpty(key);
      const pattern = type === 0 && (list.width() === 1 || list.height() === 1) ? wildcardPattern(k) : undefined;
      if (pattern) {
        const get = reader(plugin, list);
        const i = list.width() === 1 ? firstMatching(list.height(), (r) => get(r, 0), pattern) : firstMatching(list.width(), (c) => get(0, c), pattern);
        return i < 0 ? new CellError(ErrorType.NA) : i + 1;
      }
      if ((type !== 1 && type !== -1) || (list.width() > 1 && list.height() > 1)) return plugin.doMatch(k, list, type);
      const get = reader(plugin, list);
      const descending = type === -1;
      const i = list.width() === 1 ? approximateIndex(list.height(), (r) => get(r, 0), k, descending) : approximateIndex(list.width(), (c) => get(0, c), k, descending);
      return i < 0 ? new CellError(ErrorType.NA) : i + 1;
    });
  }
}
