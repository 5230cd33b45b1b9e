import { expect } from 'vitest';
import { defaultEngine } from '../../shared/src/index.js';

/** What a worked example expects: a value, an Excel error code, or text a text result must contain. */
export type Want = number | string | boolean | (number | string | boolean)[][] | { error: string } | { contains: string[] };

export const E = (code: string) => ({ error: code });

/** Runs one worked example against the shipped policies and checks its answer. */
export function check(fn: string, args: unknown[], want: Want, policy?: string) {
  const r = defaultEngine().call(fn, args, { policy });
  if (typeof want === 'object' && !Array.isArray(want) && 'error' in want) {
    expect(r).toMatchObject({ error: { code: want.error } });
    if ('error' in r) expect(r.error.message.length).toBeGreaterThan(5);
  } else if (typeof want === 'object' && !Array.isArray(want) && 'contains' in want) {
    expect('value' in r).toBe(true);
    for (const c of want.contains) expect(String((r as { value: unknown }).value)).toContain(c);
  } else {
    expect(r).toEqual({ value: want });
  }
}

