import type { CellValue } from '../shared/src/index.js';

/**
 * Reads the POLICY formula typed in the task pane's formula box (or found in a selected cell):
 * `=POLICY.COMMISSION(52000)`, `=POLICY.提成金额(B2)`, `=_xldudf_POLICY_COMMISSION(B2)`, or just
 * `COMMISSION(52000)`. Arguments are constants (numbers, "text", TRUE/FALSE, {1,2;3,4}), blanks, or
 * cell references, which the caller resolves (inside Excel, through the Excel API).
 */

export type Arg = { kind: 'value'; value: CellValue } | { kind: 'ref'; ref: string };

export interface ParsedFormula {
  fn: string;
  args: Arg[];
}

export class FormulaError extends Error {}

const REF = /^(?:(?:'[^']+'|[A-Za-z_\u4e00-\u9fff][\w.\u4e00-\u9fff]*)!)?\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?$/;

export function parseFormula(text: string): ParsedFormula {
  let s = text.trim();
  if (s.startsWith('=')) s = s.slice(1).trim();
  const open = s.indexOf('(');
  if (open < 0 || !s.endsWith(')')) throw new FormulaError('expected NAME(arguments)');
  let name = s.slice(0, open).trim();
  name = name.replace(/^_xldudf_POLICY_/i, '').replace(/^POLICY\./i, '');
  if (!name) throw new FormulaError('missing function name');
  const body = s.slice(open + 1, -1);
  const p = new Parser(body);
  const args = p.args();
  return { fn: name, args };
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  args(): Arg[] {
    const out: Arg[] = [];
    this.ws();
    if (this.i >= this.s.length) return out;
    for (;;) {
      this.ws();
      const ch = this.s[this.i];
      if (ch === ',' || ch === undefined) out.push({ kind: 'value', value: null });
      else out.push(this.arg());
      this.ws();
      if (this.i >= this.s.length) return out;
      if (this.s[this.i] !== ',') throw new FormulaError(`unexpected "${this.s[this.i]}" at ${this.i + 1}`);
      this.i++;
    }
  }

  private arg(): Arg {
    const ch = this.s[this.i]!;
    if (ch === '{') return { kind: 'value', value: this.array() };
    const start = this.i;
    const v = this.scalarOrWord();
    if (v.kind === 'word') {
      if (REF.test(v.word)) return { kind: 'ref', ref: v.word };
      if (/\(/.test(this.s.slice(start))) throw new FormulaError('nested functions are not supported here; use a value or a cell');
      throw new FormulaError(`"${v.word}" is not a value or a cell reference`);
    }
    return { kind: 'value', value: v.value };
  }

  private array(): CellValue {
    this.i++; // {
    const rows: (number | string | boolean | null)[][] = [[]];
    for (;;) {
      this.ws();
      const ch = this.s[this.i];
      if (ch === undefined) throw new FormulaError('unclosed {');
      if (ch === '}') {
        this.i++;
        return rows;
      }
      if (ch === ',') {
        this.i++;
        continue;
      }
      if (ch === ';') {
        this.i++;
        rows.push([]);
        continue;
      }
      const v = this.scalarOrWord();
      if (v.kind === 'word') throw new FormulaError(`"${v.word}" cannot be in an array constant`);
      rows.at(-1)!.push(v.value as number | string | boolean | null);
    }
  }

  private scalarOrWord(): { kind: 'value'; value: CellValue } | { kind: 'word'; word: string } {
    const ch = this.s[this.i]!;
    if (ch === '"') {
      let out = '';
      this.i++;
      for (;;) {
        const c = this.s[this.i];
        if (c === undefined) throw new FormulaError('unclosed "');
        if (c === '"') {
          if (this.s[this.i + 1] === '"') {
            out += '"';
            this.i += 2;
            continue;
          }
          this.i++;
          return { kind: 'value', value: out };
        }
        out += c;
        this.i++;
      }
    }
    const m = /^[^,;{}()\s]+/.exec(this.s.slice(this.i));
    if (!m) throw new FormulaError(`unexpected "${ch}" at ${this.i + 1}`);
    const word = m[0];
    this.i += word.length;
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i.test(word)) {
      const n = Number(word.replace(/%$/, ''));
      return { kind: 'value', value: word.endsWith('%') ? n / 100 : n };
    }
    if (/^true$/i.test(word)) return { kind: 'value', value: true };
    if (/^false$/i.test(word)) return { kind: 'value', value: false };
    return { kind: 'word', word };
  }
}
