import type { AssumedCell, ChangedCell, KeptCell, UncertainCell } from '../workbook/model/outcomes.js';
import type { RecalcSummary } from '../workbook/recalc.js';

/** One line of `policycell recalc --json`, and what the summary adds up. */
export interface WorkbookOutcome {
  file: string;
  ok: boolean;
  output?: string;
  /** The policy computed under, and the one the workbook names as its own when it names one (a what-if computes under another). */
  policy?: string;
  savedPolicy?: string;
  /** With --save-policy: whether the workbook's setting now names the policy, and why not. */
  policySaved?: boolean;
  policyNotSaved?: string;
  formulas?: number;
  errors?: Record<string, number>;
  /** 'fast' (compiled) or 'hyperformula', and why the fast path passed the workbook on. */
  evaluator?: 'fast' | 'hyperformula';
  fallback?: string;
  /** Whether the file's cached values were Excel's, and checked this engine's answers; why, or why not. */
  calibrated?: boolean;
  calibrationReason?: string;
  /** Formula cells written with another value than the file held. */
  changed?: number;
  /** Formula cells not recomputed, which keep the value the file cached: one entry a formula, reason and message (its count and first cells). */
  kept?: KeptCell[];
  /** Cells computed anew downstream of a real change whose formula differs from Excel's answer elsewhere in the file: cell, detail, evidence. */
  uncertain?: UncertainCell[];
  /** How many uncertain cells there were, when more than the list holds (its first 200). */
  uncertainCells?: number;
  /** Formula cells without a cached value whose answer rests on an assumption (en-US text, no add-in…): one entry a formula and assumption, as `kept`. */
  assumed?: AssumedCell[];
  problem?: string;
  cell?: string;
  message?: string;
  /** Up to date in the output folder (its record): not computed again. */
  skipped?: boolean;
  /** Sent to the server as a job (too large for a request body, or for the route's time). */
  via?: 'job';
  seconds: number;
}

/**
 * A workbook recalculated, here or on a server: the bytes to write, what its line reports, and,
 * when the run asks for them, its changed cells (`changes`), or why they are not known
 * (`changesMissing`, from a server that does not send them).
 */
export type Recalculated = Pick<WorkbookOutcome, 'policy' | 'savedPolicy' | 'policySaved' | 'policyNotSaved' | 'formulas' | 'errors' | 'evaluator' | 'fallback' | 'calibrated' | 'calibrationReason' | 'changed' | 'kept' | 'uncertain' | 'uncertainCells' | 'assumed'> & {
  bytes: Uint8Array;
  policy: string;
  changes?: ChangedCell[];
  changesMissing?: string;
};

/** A workbook's summary (computed here, or sent whole by the route's `?changes=json`) as its line reports it. */
export function recalculatedFrom(bytes: Uint8Array, s: Omit<RecalcSummary, 'engine'> & { engine?: RecalcSummary['engine'] }): Recalculated {
  return {
    bytes,
    policy: s.policy,
    ...(s.savedPolicy ? { savedPolicy: s.savedPolicy } : {}),
    ...(s.policySetting ? { policySaved: s.policySetting.written, ...(s.policySetting.written ? {} : { policyNotSaved: s.policySetting.reason }) } : {}),
    formulas: s.formulas,
    errors: s.errors,
    ...(s.engine ? { evaluator: s.engine } : {}),
    ...(s.fallback ? { fallback: s.fallback } : {}),
    calibrated: s.calibration.applied,
    calibrationReason: s.calibration.reason,
    changed: s.changed,
    kept: s.kept,
    uncertain: s.uncertain,
    ...(s.uncertainCells !== undefined ? { uncertainCells: s.uncertainCells } : {}),
    ...(s.assumed.length ? { assumed: s.assumed } : {}),
    ...(s.changes ? { changes: s.changes } : {}),
  };
}
