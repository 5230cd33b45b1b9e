import type { ImplementedFunctions } from 'hyperformula';
import { CellError, ErrorType, FunctionArgumentType } from 'hyperformula';
import { arrayOf } from './common/arguments.js';
import type { CallAst } from './common/function-plugin.js';
import { ExcelFunctionPlugin } from './common/function-plugin.js';

/**
 * REGEXTEST, REGEXEXTRACT and REGEXREPLACE, which HyperFormula lacks. Excel reads patterns as
 * PCRE2 does; these read them with JavaScript's regular expressions (Unicode mode), which agree on
 * the common tokens its page lists (classes, quantifiers, groups, anchors, \d \w \s \b) and on $n
 * in a replacement. A pattern JavaScript cannot read is #VALUE!; no match for REGEXEXTRACT is #N/A.
 */

const TEXT = { argumentType: FunctionArgumentType.STRING };
const FLAG = { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 };

/** The pattern as a regular expression (global, case ignored with case_sensitivity 1), or #VALUE!. */
function pattern(source: string, caseInsensitive: number, global: boolean): RegExp | CellError {
  if (caseInsensitive !== 0 && caseInsensitive !== 1) return new CellError(ErrorType.VALUE);
  try {
    return new RegExp(source, `u${global ? 'g' : ''}${caseInsensitive ? 'i' : ''}`);
  } catch {
    return new CellError(ErrorType.VALUE);
  }
}

export class ExcelRegexPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    REGEXTEST: { method: 'regexTest', parameters: [TEXT, TEXT, FLAG] },
    REGEXEXTRACT: { method: 'regexExtract', parameters: [TEXT, TEXT, FLAG, FLAG], vectorizationForbidden: true },
    REGEXREPLACE: { method: 'regexReplace', parameters: [TEXT, TEXT, TEXT, FLAG, FLAG] },
  };

  /** REGEXTEST(text, pattern, [case_sensitivity]): whether any part of the text matches. */
  regexTest(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'REGEXTEST', (text: string, source: string, caseInsensitive: number) => {
      const re = pattern(source, caseInsensitive, false);
      return re instanceof CellError ? re : re.test(text);
    });
  }

  /** REGEXEXTRACT(text, pattern, [return_mode], [case_sensitivity]): the first match (0), every match as a column (1), the first match's groups as a row (2). */
  regexExtract(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'REGEXEXTRACT', (text: string, source: string, mode: number, caseInsensitive: number) => {
      if (mode !== 0 && mode !== 1 && mode !== 2) return new CellError(ErrorType.VALUE);
      const re = pattern(source, caseInsensitive, mode === 1);
      if (re instanceof CellError) return re;
      if (mode === 1) {
        const all = [...text.matchAll(re)].map((m) => [m[0]]);
        return all.length ? arrayOf(all) : new CellError(ErrorType.NA);
      }
      const m = re.exec(text);
      if (!m) return new CellError(ErrorType.NA);
      if (mode === 0) return m[0];
      return m.length > 1 ? arrayOf([m.slice(1).map((g) => g ?? '')]) : new CellError(ErrorType.NA);
    });
  }

  /** REGEXREPLACE(text, pattern, replacement, [occurrence], [case_sensitivity]): every match replaced (0), or only the n-th (from the end when negative). */
  regexReplace(ast: CallAst, state: unknown): unknown {
    return this.compute(ast, state, 'REGEXREPLACE', (text: string, source: string, replacement: string, occurrence: number, caseInsensitive: number) => {
      const re = pattern(source, caseInsensitive, true);
      if (re instanceof CellError) return re;
      const n = Math.trunc(occurrence);
      if (n === 0) return text.replace(re, replacement);
      const matches = [...text.matchAll(re)];
      const m = matches[n > 0 ? n - 1 : matches.length + n];
      if (!m) return text;
      const one = new RegExp(re.source, re.flags.replace('g', ''));
      return text.slice(0, m.index) + m[0].replace(one, replacement) + text.slice(m.index + m[0].length);
    });
  }
}
