import type { FenRule } from './fen-rule.js';
import { FINANCIALS_FEN } from './financials.js';
import { GUARANTEE_FEN } from './guarantee.js';
import { MARKETING_FEN } from './marketing.js';
import { MONTH_PAY_FEN } from './month-pay.js';
import { TOBACCO_AND_BANK_FEN } from './tobacco-and-bank.js';

export type { FenRule } from './fen-rule.js';
export { DECLINE } from './exact.js';

/** Every integer-fen path, each with its slot in a policy's compiled terms. */
const ALL: readonly FenRule[] = [...MARKETING_FEN, ...MONTH_PAY_FEN, ...GUARANTEE_FEN, ...FINANCIALS_FEN, ...TOBACCO_AND_BANK_FEN];

export const FEN_SLOTS: ReadonlyMap<string, { readonly rule: FenRule; readonly slot: number }> = new Map(ALL.map((rule, slot) => [rule.id, { rule, slot }]));

/** How many slots a policy's compiled terms have. */
export const FEN_SLOT_COUNT = ALL.length;
