import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CATALOG } from '../../shared/src/index.js';

class StubError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

const ErrorCode = { invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!', invalidNumber: '#NUM!', invalidName: '#NAME?' };
const registered = new Map<string, (...a: unknown[]) => Promise<unknown>>();

describe('functions.js registers every catalog id with Excel', () => {
  beforeAll(async () => {
    vi.stubGlobal('CustomFunctions', { associate: (id: string, f: (...a: unknown[]) => Promise<unknown>) => registered.set(id, f), Error: StubError, ErrorCode });
    await import('../../addin/functions.js');
  });
  afterAll(() => vi.unstubAllGlobals());

  it('associates every id, once', () => {
    expect([...registered.keys()]).toEqual(CATALOG.map((f) => f.id));
  });

  it('computes locally by default with Excel’s argument shapes (null for omitted, 2-D ranges)', async () => {
    expect(await registered.get('COMMISSION')!(52000)).toBe(360);
    expect(await registered.get('LATEFINE')!(45, null)).toBe(200);
    expect(await registered.get('PAYROLL')!(52000, 1, 2, [[10, 45]], [[null]], [[25]], 0, null)).toBe(2260);
    expect(await registered.get('ALLOCATE')!(8, [['城A'], ['城B'], ['城C'], ['城D']])).toEqual([[4], [2], [1], [1]]);
  });

  it('passes a repeating parameter’s values on as arguments', async () => {
    expect(await registered.get('EXPLAIN')!('COMMISSION', [52000])).toMatch(/360\.00/);
  });

  it('raises CustomFunctions.Error with the rule’s code; a message where Excel shows one', async () => {
    await expect(registered.get('COMMISSION')!(-1)).rejects.toEqual(new StubError('#NUM!'));
    await expect(registered.get('DEBTCOVER')!(1, 0, 0)).rejects.toEqual(new StubError('#DIV/0!'));
    const e = (await registered.get('COLLATERALVALUE')!(100, '飞船').catch((x: unknown) => x)) as StubError;
    expect(e).toBeInstanceOf(StubError);
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toMatch(/飞船/);
  });

  it('exposes PolicyCell.evaluate and configure outside Excel', async () => {
    const pc = (globalThis as unknown as { PolicyCell: { evaluate: (id: string, a: unknown[]) => Promise<unknown>; configure: (s: object) => { policy: string } } }).PolicyCell;
    expect(await pc.evaluate('COMMISSION', [52000])).toEqual({ value: 360 });
    pc.configure({ policy: 'default@2019.05' });
    expect(await pc.evaluate('POLICYINFO', ['marketing.minimumWage'])).toEqual({ value: 2050 });
    pc.configure({ policy: '' });
  });
});

describe('excelArgs: the formula’s arguments out of Excel’s argument list', () => {
  it('takes the invocation off the end, pads left-out optional parameters with null, spreads a repeating one', async () => {
    const { excelArgs } = await import('../../addin/functions.js');
    const get = (id: string) => CATALOG.find((f) => f.id === id)!;
    const inv = { functionName: 'POLICY.LATEFINE', address: 'Sheet1!B2' };
    expect(excelArgs(get('LATEFINE'), [45, null, inv])).toEqual({ args: [45, null], invocation: inv });
    // A host that leaves trailing optional parameters out instead of passing null: still no extra argument.
    expect(excelArgs(get('LATEFINE'), [45, inv])).toEqual({ args: [45, null], invocation: inv });
    expect(excelArgs(get('EXPLAIN'), ['COMMISSION', [[[52000]]], inv]).args).toEqual(['COMMISSION', [[52000]]]);
    expect(excelArgs(get('EXPLAIN'), ['POLICYINFO', null, inv]).args).toEqual(['POLICYINFO']);
    expect(excelArgs(get('EXPLAIN'), ['POLICYINFO', [], inv]).args).toEqual(['POLICYINFO']);
    expect(excelArgs(get('COMMISSION'), [52000])).toEqual({ args: [52000], invocation: undefined });
  });
});
