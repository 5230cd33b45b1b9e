import type { Engine, Lang } from '../../shared/src/index.js';
import { policyRef } from '../../shared/src/index.js';
import type { Book } from './xlsx/book.js';
import { readBook } from './xlsx/book.js';
import { writePolicySetting } from './xlsx/policy-setting.js';
import { cacheSourceOf } from './calibration/cache-source.js';
import type { AssumedCell, ChangedCell, KeptCell, UncertainCell } from './model/outcomes.js';
import { hyperFormulaPath } from './hyperformula/path.js';
import type { PolicyCallContext } from './policy/calls.js';
import { NotCompiled } from './fast/fast.js';
import { fastPath } from './fast/path.js';
import { ZipError, readZip, rewriteZip } from './xlsx/zip.js';
import type { RecalcLimits } from './budget/budget.js';
import { DEFAULT_RECALC_LIMITS } from './budget/budget.js';
import { AnswerBudget } from './budget/answer.js';
import { checkForHyperFormula, checkRangeBudget, prescanBook } from './budget/prescan.js';
import type { WorkbookProblem } from './model/workbook-error.js';
import { WorkbookError } from './model/workbook-error.js';

export type { RecalcLimits } from './budget/budget.js';
export { DEFAULT_RECALC_LIMITS } from './budget/budget.js';
export type { WorkbookProblem } from './model/workbook-error.js';
export { WorkbookError } from './model/workbook-error.js';
export { cellCount, keptReasons } from './model/outcomes.js';
import { MAX_LISTED, cellCount } from './model/outcomes.js';

export interface RecalcOptions {
  engine: Engine;
  /** Used when the workbook names no policy of its own (--policy); else the latest default. */
  policy?: string;
  /**
   * What-if: computes the workbook under this policy whatever it names itself (the saved setting
   * stays as it is in the file); its summary says which policy the file names.
   */
  whatIf?: string | undefined;
  /**
   * Writes the policy the workbook is computed under as its own setting (the add-in's
   * `policycell.policy`, patched in its webextension part): a what-if kept. Without it the
   * setting stays as the file has it.
   */
  savePolicy?: boolean | undefined;
  lang?: Lang;
  limits?: RecalcLimits;
  /**
   * 'auto' (the default) computes with the compiled fast path and falls back to HyperFormula for
   * what the fast path does not cover; 'hyperformula' skips the fast path (to cross-check it).
   */
  evaluator?: 'auto' | 'hyperformula';
  /** Cells that keep their cached value (not recomputed), or whose answer rests on an assumption, or is uncertain, make the workbook fail instead (--strict). */
  strict?: boolean;
  /** List each formula cell written with another value than the file held, with why (the change report); they are always counted. */
  changes?: boolean;
}

export interface RecalcSummary {
  policy: string;
  /** Where the policy came from: the workbook's own setting, the option, the default, or a what-if run over them all. */
  policySource: 'workbook' | 'option' | 'default' | 'what-if';
  /** The policy the workbook names as its own setting, if any (its cached values were computed under it). */
  savedPolicy?: string;
  formulas: number;
  errors: Record<string, number>;
  /**
   * Which evaluator computed the workbook: the compiled fast path, or HyperFormula for a workbook
   * that uses something the fast path does not cover (`fallback` says what).
   */
  engine: 'fast' | 'hyperformula';
  fallback?: string;
  /**
   * Formula cells not recomputed: they keep the value the file cached (a function we lack, an
   * external link, a data table, a circular reference…), one entry a formula, reason and message
   * (with its count and first cells), MAX_LISTED entries at most (model/outcomes.ts).
   */
  kept: KeptCell[];
  /**
   * Formula cells the file gave no value for whose answer rests on an assumption (FORMULATEXT and
   * DOLLAR in en-US, #NAME? for a function no add-in here defines…), summarised as `kept` is.
   */
  assumed: AssumedCell[];
  /**
   * Cells computed anew downstream of a real change (a POLICY call under another policy…) whose
   * formula this engine was found to answer otherwise than Excel elsewhere in the file: the first
   * MAX_LISTED of them.
   */
  uncertain: UncertainCell[];
  /** How many there were, when there were more than the list holds. */
  uncertainCells?: number;
  /** Whether this engine's answers were checked against the file's own cached values (Excel's), and why or why not. */
  calibration: { applied: boolean; application?: string; reason: string };
  /** Formula cells written with a value other than the one the file held. */
  changed: number;
  /** Each of them, with why (when the run asks for the changes). */
  changes?: ChangedCell[];
  /** When the run asks to save the policy: whether the workbook's setting now names it, and why not. */
  policySetting?: { written: true } | { written: false; reason: string };
}

const ZIP_TO_PROBLEM: Record<string, WorkbookProblem> = { notZip: 'notWorkbook', encrypted: 'encrypted', zip64: 'tooLarge', tooLarge: 'tooLarge', corrupt: 'corrupt', unsupported: 'corrupt' };

/**
 * Recalculates every formula of an .xlsx (POLICY.* and ordinary Excel functions) and answers the
 * package with only the cached values changed. Throws WorkbookError for a file it cannot handle.
 */
export function recalcWorkbook(input: Uint8Array, opts: RecalcOptions): { bytes: Uint8Array; summary: RecalcSummary } {
  const limits = opts.limits ?? DEFAULT_RECALC_LIMITS;
  let zip;
  let book: Book;
  try {
    zip = readZip(input, limits);
    book = readBook(zip);
  } catch (e) {
    if (e instanceof ZipError) throw new WorkbookError(ZIP_TO_PROBLEM[e.problem] ?? 'corrupt', e.text, undefined, e.cap ?? {});
    throw e;
  }
  // The budget's countable caps, before any work (prescan.ts).
  prescanBook(book, limits);
  const ref = opts.whatIf ?? book.policy ?? opts.policy;
  let policy;
  try {
    policy = opts.engine.policy(ref);
  } catch (e) {
    const m = e as { messageIn?: (l: Lang) => string };
    throw new WorkbookError('policy', m.messageIn ? { 'zh-CN': m.messageIn('zh-CN'), en: m.messageIn('en') } : String(e));
  }
  const ctx: PolicyCallContext = { engine: opts.engine, policy, lang: opts.lang ?? 'zh-CN' };
  const source = cacheSourceOf(book.producer);
  const lang = opts.lang ?? 'zh-CN';
  const summary: RecalcSummary = {
    policy: policyRef(policy),
    policySource: opts.whatIf ? 'what-if' : book.policy ? 'workbook' : opts.policy ? 'option' : 'default',
    ...(book.policy ? { savedPolicy: book.policy } : {}),
    formulas: 0,
    errors: {},
    engine: 'fast',
    kept: [],
    assumed: [],
    uncertain: [],
    calibration: { applied: source.excel, ...(source.application ? { application: source.application } : {}), reason: source.reason[lang] },
    changed: 0,
  };
  let replace: Map<string, Uint8Array> | undefined;
  if (opts.evaluator !== 'hyperformula') {
    try {
      replace = fastPath(book, ctx, { calibrate: source.excel, listChanges: opts.changes === true, checkCellCount: (n) => checkCellCount(n, limits), answer: new AnswerBudget(zip, limits) }, summary);
    } catch (e) {
      // A formula nested, or a chain of formulas, deeper than the stack: HyperFormula orders its
      // graph without recursing.
      if (!(e instanceof NotCompiled) && !isStackOverflow(e)) throw e;
      Object.assign(summary, { formulas: 0, errors: {}, kept: [], uncertain: [], changed: 0, fallback: e instanceof NotCompiled ? e.message : 'formulas nested too deeply' });
      delete summary.changes;
    }
  }
  if (!replace) {
    summary.engine = 'hyperformula';
    checkForHyperFormula(book, limits, summary.fallback);
    try {
      replace = hyperFormulaPath(book, ctx, (n) => checkCellCount(n, limits), summary, (reads, sheets) => checkRangeBudget(reads, sheets, limits, summary.fallback), { calibrate: source.excel, listChanges: opts.changes === true, answer: new AnswerBudget(zip, limits) });
    } catch (e) {
      // Excel nests at most 64 levels; a file nested thousands deep overflows HyperFormula's parser.
      if (isStackOverflow(e)) throw new WorkbookError('unparsable', { 'zh-CN': '公式嵌套过深，无法读取', en: 'formulas nested too deeply to read' });
      throw e;
    }
  }
  if (summary.uncertain.length > MAX_LISTED) {
    summary.uncertainCells = summary.uncertain.length;
    summary.uncertain.length = MAX_LISTED;
  }
  if (opts.strict && summary.kept.length) {
    const first = summary.kept[0]!;
    const count = cellCount(summary.kept);
    throw new WorkbookError(
      'notRecomputed',
      {
        'zh-CN': `${count} 个公式单元格无法重算，将保留文件中缓存的值（${first.reason}：${first.detail}）`,
        en: `${count} formula cells cannot be recomputed and would keep their cached values (${first.reason}: ${first.detail})`,
      },
      first.cell,
    );
  }
  if (opts.strict && summary.uncertain.length) {
    const first = summary.uncertain[0]!;
    const count = summary.uncertainCells ?? summary.uncertain.length;
    throw new WorkbookError(
      'notRecomputed',
      {
        'zh-CN': `${count} 个公式单元格的新值不确定：同一公式在 ${first.evidence} 的结果与 Excel 不同（${first.detail}）`,
        en: `${count} formula cells have new values that are uncertain: the same formula differs from Excel's answer at ${first.evidence} (${first.detail})`,
      },
      first.cell,
    );
  }
  if (opts.strict && summary.assumed.length) {
    const first = summary.assumed[0]!;
    throw new WorkbookError('notRecomputed', `${cellCount(summary.assumed)} formula cells without a cached value have an answer that rests on an assumption (${first.reason}: ${first.detail})`, first.cell);
  }
  if (opts.savePolicy) {
    const setting = writePolicySetting(zip, summary.policy);
    if (setting.written) replace.set(setting.part, setting.bytes);
    summary.policySetting = setting.written ? { written: true } : { written: false, reason: setting.reason[lang] };
  }
  return { bytes: rewriteZip(zip, replace), summary };
}

const isStackOverflow = (e: unknown): e is RangeError => e instanceof RangeError && /call stack/i.test(e.message);

function checkCellCount(count: number, limits: RecalcLimits): void {
  if (count > limits.maxCells) {
    throw new WorkbookError('tooLarge', { 'zh-CN': `工作簿有 ${count} 个单元格，上限为 ${limits.maxCells}`, en: `the workbook has ${count} cells; the limit is ${limits.maxCells}` }, undefined, { budget: 'cells', limit: limits.maxCells });
  }
}
