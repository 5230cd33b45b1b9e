import { APPLICANT } from '../rules/applicant.js';
import { ATTENDANCE } from '../rules/attendance.js';
import { BANK } from '../rules/bank.js';
import { CHECKLISTS } from '../rules/checklists.js';
import { FLOOR } from '../rules/floor.js';
import { FINANCIALS } from '../rules/financials.js';
import { GUARANTEE } from '../rules/guarantee.js';
import { MARKETING } from '../rules/marketing.js';
import { META } from '../rules/meta.js';
import { TOBACCO } from '../rules/tobacco.js';
import { WAGE_LAW } from '../rules/wage-law.js';
import type { FunctionDecl } from './declare.js';

/** Every function of the catalog, in the catalog's order. The single source of truth for every host. */
export const CATALOG: readonly FunctionDecl[] = [...MARKETING, ...ATTENDANCE, ...FLOOR, ...WAGE_LAW, ...GUARANTEE, ...FINANCIALS, ...APPLICANT, ...CHECKLISTS, ...TOBACCO, ...BANK, ...META];

const byName = new Map<string, FunctionDecl>();
for (const fn of CATALOG) {
  byName.set(fn.id, fn);
  byName.set(fn.name['zh-CN'], fn);
}

/**
 * Finds a function by its id ("COMMISSION", any case), as Excel names it ("POLICY.COMMISSION",
 * "_xldudf_POLICY_COMMISSION") or by its Chinese name ("提成金额", "POLICY.提成金额").
 */
export function findFunction(name: string): FunctionDecl | undefined {
  if (typeof name !== 'string') return undefined;
  const exact = byName.get(name);
  if (exact) return exact;
  let n = name.trim();
  const upper = n.toUpperCase();
  if (upper.startsWith('_XLDUDF_POLICY_')) n = n.slice(15);
  else if (upper.startsWith('POLICY.')) n = n.slice(7);
  return byName.get(n.toUpperCase()) ?? byName.get(n);
}
