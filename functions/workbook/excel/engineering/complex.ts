import type { FunctionArgument, ImplementedFunctions, SimpleCellAddress } from 'hyperformula';
import { CellError, EmptyValue, ErrorType, FunctionArgumentType, SimpleRangeValue } from 'hyperformula';
import { isErr, numberOf } from '../common/arguments.js';
import { unsureAt } from '../common/errors.js';
import type { CallAst } from '../common/function-plugin.js';
import { ANY } from '../common/function-plugin.js';
import { EngineeringPlugin } from './engineering-plugin.js';
import type { Complex, Pair, Suffix } from './complex-numbers.js';
import { abs, add, commonSuffix, complexText, cos, cosh, cot, div, exp, ln, mul, parseComplex, power, sec, sin, sinh, sub, tan } from './complex-numbers.js';

/**
 * Excel's complex-number functions: COMPLEX and the IM functions (IMSUM, IMSQRT, IMSIN…), where
 * HyperFormula's answers differ: a result keeps the suffix its arguments used ("3+4j" stays j
 * where HyperFormula writes i), arguments mixing "i" and "j" are #VALUE! (Microsoft's COMPLEX page: "All
 * functions that accept two or more complex numbers require that all suffixes match"), only
 * the x+yi and x+yj forms are read ("3 + 4i" and "3+4I" are #NUM!: the IM functions' pages, "If
 * inumber is a value that is not in the x+yi or x+yj text format… #NUM!"; a logical value is
 * #VALUE!), and each part is written with Excel's 15 significant digits. The arithmetic is
 * complex-numbers.ts.
 */

/** One value, as the functions of one complex number take it: arrays are applied value by value. */
const ONE: FunctionArgument = { argumentType: FunctionArgumentType.SCALAR };
const NUMBER: FunctionArgument = { argumentType: FunctionArgumentType.NUMBER };

/** A natural logarithm in another base, by the base's natural logarithm. */
const inBase = ([a, b]: Pair, lnBase: number): Pair => [a / lnBase, b / lnBase];

/** The functions of one complex number answering one: by name, the method and the function. */
const UNARY: Record<string, (z: Pair) => Pair> = {
  IMCONJUGATE: ([a, b]) => [a, -b],
  IMSQRT: (z) => power(z, 0.5),
  IMEXP: exp,
  IMLN: ln,
  IMLOG10: (z) => inBase(ln(z), Math.LN10),
  IMLOG2: (z) => inBase(ln(z), Math.LN2),
  IMSIN: sin,
  IMCOS: cos,
  IMTAN: tan,
  IMSEC: sec,
  IMCSC: (z) => div([1, 0], sin(z)),
  IMCOT: cot,
  IMSINH: sinh,
  IMCOSH: cosh,
  IMSECH: (z) => div([1, 0], cosh(z)),
  IMCSCH: (z) => div([1, 0], sinh(z)),
};

/** Functions whose answer at 0 Excel does not take (a logarithm of 0): #NUM!. */
const UNDEFINED_AT_ZERO = new Set(['IMLN', 'IMLOG10', 'IMLOG2']);

export class ExcelComplexPlugin extends EngineeringPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    COMPLEX: { method: 'complex', parameters: [ONE, ONE, { argumentType: FunctionArgumentType.SCALAR, optionalArg: true }] },
    IMABS: { method: 'imabs', parameters: [ONE] },
    IMAGINARY: { method: 'imaginary', parameters: [ONE] },
    IMREAL: { method: 'imreal', parameters: [ONE] },
    IMARGUMENT: { method: 'imargument', parameters: [ONE] },
    IMSUB: { method: 'imsub', parameters: [ONE, ONE] },
    IMDIV: { method: 'imdiv', parameters: [ONE, ONE] },
    IMPOWER: { method: 'impower', parameters: [ONE, NUMBER] },
    IMSUM: { method: 'imsum', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    IMPRODUCT: { method: 'improduct', parameters: [ANY], repeatLastArgs: 1, vectorizationForbidden: true },
    ...Object.fromEntries(Object.keys(UNARY).map((name) => [name, { method: 'unary', parameters: [ONE] }])),
  };

  /** One argument read as a complex number: a number is real, an empty cell 0, text in Excel's form, a logical value #VALUE! (engineering-plugin.ts). */
  private read(v: unknown, state: unknown, name: string): Complex | CellError {
    if (isErr(v)) return v;
    if (v === EmptyValue || v === null || v === undefined) return { re: 0, im: 0 };
    const n = numberOf(v);
    if (n !== undefined) return { re: n, im: 0 };
    if (typeof v === 'boolean') return new CellError(ErrorType.VALUE);
    if (typeof v === 'string') {
      if (v === '') return unsureAt(this.context, state, `${name} of empty text`);
      return parseComplex(v) ?? new CellError(ErrorType.NUM);
    }
    return new CellError(ErrorType.VALUE);
  }

  /** The answer's text, with the suffix the arguments share. */
  private answer([re, im]: Pair, args: Complex[]): string | CellError {
    const suffix = commonSuffix(args);
    if (suffix === null) return new CellError(ErrorType.VALUE);
    return complexText(re, im, suffix) ?? new CellError(ErrorType.NUM);
  }

  /** A function of complex numbers given one by one: their suffixes must agree, then `f` of them. */
  private ofComplex(ast: CallAst, state: unknown, name: string, f: (...zs: Complex[]) => Pair | number | CellError, asText = true): unknown {
    return this.compute(ast, state, name, (...args: unknown[]) => {
      const zs: Complex[] = [];
      for (const a of args) {
        const z = this.read(a, state, name);
        if (isErr(z)) return z;
        zs.push(z);
      }
      if (commonSuffix(zs) === null) return new CellError(ErrorType.VALUE);
      const r = f(...zs);
      if (isErr(r) || typeof r === 'number') return typeof r === 'number' && !Number.isFinite(r) ? new CellError(ErrorType.NUM) : r;
      return asText ? this.answer(r, zs) : r;
    });
  }

  /**
   * COMPLEX(real, imaginary, suffix): suffix "i" (the default, as is empty text) or "j", nothing
   * else (Microsoft's COMPLEX page: "If suffix is neither "i" nor "j", COMPLEX returns the #VALUE!
   * error value").
   */
  complex(ast: CallAst, state: { formulaAddress?: SimpleCellAddress }): unknown {
    return this.compute(ast, state, 'COMPLEX', (re: unknown, im: unknown, suffix: unknown) => {
      for (const v of [re, im, suffix]) if (isErr(v)) return v;
      const parts: number[] = [];
      for (const v of [re, im]) {
        const n = this.engineeringNumber(v);
        if (isErr(n)) return n;
        parts.push(n);
      }
      const s = suffix === undefined || suffix === EmptyValue || suffix === '' ? 'i' : suffix;
      if (s !== 'i' && s !== 'j') return new CellError(ErrorType.VALUE);
      return complexText(parts[0]!, parts[1]!, s as Suffix) ?? new CellError(ErrorType.NUM);
    });
  }

  imabs(ast: CallAst, state: unknown): unknown {
    return this.ofComplex(ast, state, 'IMABS', (z) => abs([z.re, z.im]));
  }

  imaginary(ast: CallAst, state: unknown): unknown {
    return this.ofComplex(ast, state, 'IMAGINARY', (z) => z.im);
  }

  imreal(ast: CallAst, state: unknown): unknown {
    return this.ofComplex(ast, state, 'IMREAL', (z) => z.re);
  }

  /** IMARGUMENT of 0 is #DIV/0!, as Excel answers it. */
  imargument(ast: CallAst, state: unknown): unknown {
    return this.ofComplex(ast, state, 'IMARGUMENT', (z) => (z.re === 0 && z.im === 0 ? new CellError(ErrorType.DIV_BY_ZERO) : Math.atan2(z.im, z.re)));
  }

  imsub(ast: CallAst, state: unknown): unknown {
    return this.ofComplex(ast, state, 'IMSUB', (a, b) => sub([a.re, a.im], [b!.re, b!.im]));
  }

  /** IMDIV by 0 is #NUM!. */
  imdiv(ast: CallAst, state: unknown): unknown {
    return this.ofComplex(ast, state, 'IMDIV', (a, b) => (b!.re === 0 && b!.im === 0 ? new CellError(ErrorType.NUM) : div([a.re, a.im], [b!.re, b!.im])));
  }

  /**
   * IMPOWER(z, n) in the polar form of Microsoft's page, r^n (cos nθ + i sin nθ): 0 to a power above
   * 0 is 0; to 0 or below it is undefined, and the pages do not say which error Excel answers.
   */
  impower(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'IMPOWER', (v: unknown, n: number) => {
      const z = this.read(v, state, 'IMPOWER');
      if (isErr(z)) return z;
      if (z.re === 0 && z.im === 0) return n > 0 ? '0' : unsureAt(this.context, state, 'IMPOWER of 0 to a power of 0 or below');
      return this.answer(power([z.re, z.im], n), [z]);
    });
  }

  unary(ast: CallAst, state: unknown): unknown {
    const name = ast.procedureName;
    return this.ofComplex(ast, state, name, (z) => (z.re === 0 && z.im === 0 && UNDEFINED_AT_ZERO.has(name) ? new CellError(ErrorType.NUM) : UNARY[name]!([z.re, z.im])));
  }

  /** IMSUM and IMPRODUCT of complex numbers and ranges of them; an empty cell of a range adds nothing to a sum, and is a case Excel's pages leave open in a product. */
  private fold(ast: CallAst, state: unknown, name: 'IMSUM' | 'IMPRODUCT'): unknown {
    const zs: Complex[] = [];
    for (const arg of ast.args) {
      const v = this.evaluate(arg, state);
      const values = v instanceof SimpleRangeValue ? v.data.flat() : [v];
      for (const x of values) {
        if (v instanceof SimpleRangeValue && (x === EmptyValue || x === null || x === undefined)) {
          if (name === 'IMPRODUCT') return unsureAt(this.context, state, 'IMPRODUCT of a range with empty cells');
          continue;
        }
        const z = this.read(x, state, name);
        if (isErr(z)) return z;
        zs.push(z);
      }
    }
    let total: Pair = name === 'IMSUM' ? [0, 0] : [1, 0];
    for (const z of zs) total = name === 'IMSUM' ? add(total, [z.re, z.im]) : mul(total, [z.re, z.im]);
    return this.answer(total, zs);
  }

  imsum(ast: CallAst, state: unknown): unknown {
    return this.fold(ast, state, 'IMSUM');
  }

  improduct(ast: CallAst, state: unknown): unknown {
    return this.fold(ast, state, 'IMPRODUCT');
  }
}
