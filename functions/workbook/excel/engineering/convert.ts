import type { FunctionArgument, ImplementedFunctions, SimpleCellAddress } from 'hyperformula';
import { CellError, EmptyValue, ErrorType, FunctionArgumentType } from 'hyperformula';
import { isErr } from '../common/arguments.js';
import { unsureAt } from '../common/errors.js';
import type { CallAst } from '../common/function-plugin.js';
import { EngineeringPlugin } from './engineering-plugin.js';
import type { Unit } from './convert-units.js';
import { BINARY_PREFIXES, PREFIXES, UNITS } from './convert-units.js';

/**
 * CONVERT(number, from_unit, to_unit), which HyperFormula lacks: a number of one unit in another
 * of the same kind (convert-units.ts), a unit's name preceded by a prefix where the unit takes one.
 * Microsoft's CONVERT page: "If the input data types are incorrect, CONVERT returns the #VALUE!
 * error value. If the unit does not exist, CONVERT returns the #N/A error value. If the unit does
 * not support an abbreviated unit prefix, CONVERT returns the #N/A error value. If the units are
 * in different groups, CONVERT returns the #N/A error value. Unit names and prefixes are
 * case-sensitive." Its number is read as the engineering functions read one (engineering-plugin.ts).
 */

const ONE: FunctionArgument = { argumentType: FunctionArgumentType.SCALAR };

/** A unit named with its prefix: the unit, and what the prefix multiplies its size by. */
type NamedUnit = { unit: Unit; times: number };

/** The unit a name gives (its own name first, then a prefix and a unit that takes one); 'open' for a prefix on a unit Excel's page leaves open. */
export function unitNamed(name: string): NamedUnit | 'open' | undefined {
  const unit = UNITS.get(name);
  if (unit) return { unit, times: 1 };
  for (const length of [2, 1]) {
    const prefix = name.slice(0, length);
    const rest = UNITS.get(name.slice(length));
    if (!rest || !rest.prefix) continue;
    const binary = BINARY_PREFIXES.get(prefix);
    const decimal = PREFIXES.get(prefix);
    const factor = binary !== undefined && rest.kind === 'information' ? binary : decimal;
    if (factor === undefined) continue;
    if (rest.prefix === 'open') return 'open';
    const power = rest.prefix === 'square' ? 2 : rest.prefix === 'cube' ? 3 : 1;
    return { unit: rest, times: factor ** power };
  }
  return undefined;
}

export class ExcelConvertPlugin extends EngineeringPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    CONVERT: { method: 'convert', parameters: [ONE, ONE, ONE] },
  };

  convert(ast: CallAst, state: { formulaAddress?: SimpleCellAddress }): unknown {
    return this.compute(ast, state, 'CONVERT', (number: unknown, from: unknown, to: unknown) => {
      for (const v of [number, from, to]) if (isErr(v)) return v;
      const x = this.engineeringNumber(number);
      if (isErr(x)) return x;
      const units: NamedUnit[] = [];
      for (const name of [from, to]) {
        if (name === EmptyValue) return new CellError(ErrorType.NA);
        if (typeof name !== 'string') return unsureAt(this.context, state, 'CONVERT with a unit that is not text');
        const unit = unitNamed(name);
        if (unit === 'open') return unsureAt(this.context, state, `CONVERT of ${JSON.stringify(name)}, a prefix on a unit of time other than the second`);
        if (!unit) return new CellError(ErrorType.NA);
        units.push(unit);
      }
      const [a, b] = units as [NamedUnit, NamedUnit];
      if (a.unit.kind !== b.unit.kind) return new CellError(ErrorType.NA);
      if (a.unit.kind === 'temperature') {
        const kelvin = (x * a.times - a.unit.offset!) * a.unit.size + a.unit.zero!;
        return ((kelvin - b.unit.zero!) / b.unit.size + b.unit.offset!) / b.times;
      }
      return (x * a.times * a.unit.size) / (b.unit.size * b.times);
    });
  }
}
