import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../functions/config.js';
import type { RunningServer } from '../../functions/hosts/server.js';
import { startServer } from '../../functions/hosts/server.js';
import type { CallResult } from '../../shared/src/index.js';
import { CATALOG, defaultEngine } from '../../shared/src/index.js';
import { openWorkbook } from './office/load.js';
import type { Result } from './office/model.js';
import { newUser } from './office/model.js';

// The built dist/addin/functions.js under a model of Excel's runtime (test/office/model.ts): each
// workbook has its own copy of the add-in and its own document settings; they share localStorage
// and OfficeRuntime.storage; Office.onReady may come late; every call has Excel's argument list.

const POLICY = 'policycell.policy';

/** What Excel shows for a rules-package answer: the value, or the error (its message only for #VALUE! and #N/A). */
function asCell(r: CallResult): Result {
  if ('value' in r) return r.value as Result;
  const code = r.error.code === '#NAME?' ? '#N/A' : r.error.code;
  return code === '#VALUE!' || code === '#N/A' ? { error: code, message: r.error.message } : { error: code };
}

describe('every catalog function, called the way Excel calls it', () => {
  it('gets the rules package’s answer for every worked example (invocation last, null for omitted, 2-D ranges)', async () => {
    const user = newUser();
    const byPolicy = new Map<string, ReturnType<typeof openWorkbook>>();
    const book = (policy: string | undefined) => {
      const key = policy ?? '';
      if (!byPolicy.has(key)) byPolicy.set(key, openWorkbook(user, { name: key || 'none', settings: policy ? { [POLICY]: policy } : {}, displayLanguage: 'zh-CN' }));
      return byPolicy.get(key)!;
    };
    let calls = 0;
    for (const f of CATALOG) {
      for (const ex of f.examples) {
        const { wb } = book(ex.policy);
        const got = await wb.call(f.id, [...ex.args] as never);
        const want = asCell(defaultEngine().call(f.id, ex.args, { policy: ex.policy, lang: 'zh-CN' }));
        expect(got, `${f.id}(${JSON.stringify(ex.args)})`).toEqual(want);
        const last = wb.received.at(-1)!;
        expect(last.args).toHaveLength(f.params.length + 1);
        expect(last.args.at(-1)).toMatchObject({ address: expect.stringMatching(/!/) });
        calls++;
      }
    }
    expect(calls).toBe(CATALOG.reduce((n, f) => n + f.examples.length, 0));
  });

  it('=POLICY.COMMISSION(52000) is 360, not "too many arguments" (the invocation is not an argument)', async () => {
    const { wb } = openWorkbook(newUser());
    expect(await wb.call('COMMISSION', [52000])).toBe(360);
    expect(wb.received.at(-1)!.args).toEqual([52000, { functionName: 'POLICY.COMMISSION', address: expect.any(String) }]);
    expect(await wb.call('LATEFINE', [45])).toBe(200);
    expect(await wb.call('EXPLAIN', ['COMMISSION', 52000])).toMatch(/360\.00/);
    expect(await wb.call('EXPLAIN', ['POLICYINFO'])).toMatch(/default@2025\.09/);
  });

  it('reads ranges from cells, blanks as null, and computes a formula typed into a cell', async () => {
    const { wb } = openWorkbook(newUser(), { sheets: { 工资: { A1: 52000, B1: 1, C1: 2, D1: 10, E1: 45, F1: 25, G1: 0 } } });
    await wb.type('H1', '=POLICY.PAYROLL(A1,B1,C1,D1:E1,,F1,G1)');
    expect(wb.value('H1')).toBe(2260);
    await wb.type('H2', '=POLICY.ALLOCATE(8, {"城A";"城B";"城C";"城D"})');
    expect(wb.value('H2')).toEqual([[4], [2], [1], [1]]);
    await wb.type('H3', '=POLICY.COMMISSION(Z1)');
    expect(wb.value('H3')).toMatchObject({ error: '#VALUE!' });
  });

  it('keeps the error codes Excel can show: #NUM! and #DIV/0! without a message, #VALUE! with one', async () => {
    const { wb } = openWorkbook(newUser(), { displayLanguage: 'zh-CN' });
    expect(await wb.call('COMMISSION', [-1])).toEqual({ error: '#NUM!' });
    expect(await wb.call('DEBTCOVER', [1, 0, 0])).toEqual({ error: '#DIV/0!' });
    expect(await wb.call('COLLATERALVALUE', [100, '飞船'])).toMatchObject({ error: '#VALUE!', message: expect.stringContaining('飞船') });
  });

  it('remembers each cell’s last arguments (from the invocation’s address) for "explain the selected cell"', async () => {
    const { wb, api } = openWorkbook(newUser(), { sheets: { Sheet1: { A1: 52000 } } });
    await wb.type('B1', '=POLICY.COMMISSION(A1)');
    expect(api.lastCall('Sheet1!B1')).toEqual({ id: 'COMMISSION', args: [52000] });
    expect(api.lastCall('Sheet1!$B$1')).toEqual({ id: 'COMMISSION', args: [52000] });
  });
});

describe('each workbook computes with its own policy', () => {
  it('two workbooks open at once keep their saved policies, whatever the other does', async () => {
    const user = newUser();
    const a = openWorkbook(user, { name: 'A', settings: { [POLICY]: 'default@2025.09' }, sheets: { Sheet1: { A1: 3000, B1: 800, C1: '=POLICY.WAGECHECK(A1,B1)' } } });
    const b = openWorkbook(user, { name: 'B', settings: { [POLICY]: 'default@2019.05' }, sheets: { Sheet1: { A1: 3000, B1: 800, C1: '=POLICY.WAGECHECK(A1,B1)' } } });
    await Promise.all([a.wb.calculate('Full'), b.wb.calculate('Full')]);
    expect(a.wb.value('C1')).toBe('低于最低工资');
    expect(b.wb.value('C1')).toBe('扣款超20%');
    // A picks another version in its task pane; B is not affected, now or after a recalculation.
    await a.api.save({ policy: 'default@2019.05', mode: 'local', endpoint: '', apiKey: '' });
    await a.wb.idle();
    expect(a.wb.fileSettings()[POLICY]).toBe('default@2019.05');
    await a.api.save({ policy: 'default@2025.09' });
    await b.wb.calculate('Full');
    expect(b.wb.value('C1')).toBe('扣款超20%');
    expect(b.wb.fileSettings()[POLICY]).toBe('default@2019.05');
    // A workbook opened afterwards still computes with its own.
    const c = openWorkbook(user, { name: 'C', settings: { [POLICY]: 'default@2019.05' } });
    expect(await c.wb.call('POLICYINFO', [])).toBe('default@2019.05');
    expect(await a.wb.call('POLICYINFO', [])).toBe('default@2025.09');
  });

  it('a Save that changes only the mode keeps every workbook’s policy', async () => {
    const user = newUser();
    const a = openWorkbook(user, { name: 'A', settings: { [POLICY]: 'default@2019.05' } });
    const b = openWorkbook(user, { name: 'B', settings: { [POLICY]: 'default@2025.09' } });
    const none = openWorkbook(user, { name: 'N' });
    await a.api.save({ mode: 'local', endpoint: 'https://policy.example.com', apiKey: '' });
    await none.api.save({ mode: 'local', endpoint: '', apiKey: '' });
    expect(a.wb.fileSettings()).toEqual({ [POLICY]: 'default@2019.05' });
    expect(b.wb.fileSettings()).toEqual({ [POLICY]: 'default@2025.09' });
    expect(none.wb.fileSettings()).toEqual({});
    expect(await a.wb.call('POLICYINFO', ['marketing.minimumWage'])).toBe(2050);
    expect(await b.wb.call('POLICYINFO', ['marketing.minimumWage'])).toBe(2510);
  });

  it('nothing of a workbook and no key is in the shared localStorage; the key is in OfficeRuntime.storage', async () => {
    const user = newUser();
    const a = openWorkbook(user, { settings: { [POLICY]: 'default@2019.05' } });
    await a.api.save({ mode: 'remote', endpoint: 'https://policy.example.com', apiKey: 'sekret-key', policy: 'default@2025.09' });
    const stored = Array.from({ length: user.localStorage.length }, (_, i) => user.localStorage.getItem(user.localStorage.key(i)!)).join('\n');
    expect(stored).not.toContain('sekret-key');
    expect(stored).not.toContain('@20');
    expect(stored).toContain('https://policy.example.com');
    expect(user.keyStore.items.get('policycell.apiKey')).toBe('sekret-key');
    // The next workbook gets the user's preferences and key, and its own policy.
    const b = openWorkbook(user, { settings: { [POLICY]: 'default@2019.05' } });
    await b.api.runtime.whenReady();
    expect(b.api.settings()).toMatchObject({ mode: 'remote', endpoint: 'https://policy.example.com', apiKey: 'sekret-key', policy: 'default@2019.05' });
  });

  it('settings left in localStorage by an earlier version: the policy is dropped, the key moves to the key store', async () => {
    const user = newUser();
    user.localStorage.setItem('policycell.settings', JSON.stringify({ mode: 'local', endpoint: 'https://old.example.com', apiKey: 'old-key', policy: 'default@2025.09', lang: 'en' }));
    const b = openWorkbook(user, { settings: { [POLICY]: 'default@2019.05' } });
    expect(await b.wb.call('WAGECHECK', [3000, 800])).toBe('扣款超20%');
    expect(user.localStorage.getItem('policycell.settings')).toBeNull();
    expect(user.keyStore.items.get('policycell.apiKey')).toBe('old-key');
    expect(JSON.parse(user.localStorage.getItem('policycell.prefs')!)).toEqual({ mode: 'local', endpoint: 'https://old.example.com', lang: 'en' });
  });

  it('a call that arrives before Office.onReady waits for the workbook’s policy instead of using the default', async () => {
    const { wb } = openWorkbook(newUser(), { settings: { [POLICY]: 'default@2019.05' }, readyAfterMs: 'manual' });
    const early = wb.call('WAGECHECK', [3000, 800]);
    await new Promise((r) => setTimeout(r, 50));
    wb.ready();
    expect(await early).toBe('扣款超20%');
  });

  it('a workbook whose settings never arrive gets #N/A with a message after the bound, not the default', async () => {
    const { wb, api } = openWorkbook(newUser(), { settings: { [POLICY]: 'default@2019.05' }, readyAfterMs: 'manual', displayLanguage: 'en-US' });
    api.runtime.readyTimeoutMs = 100;
    expect(await wb.call('WAGECHECK', [3000, 800])).toMatchObject({ error: '#N/A', message: expect.stringMatching(/settings/) });
  });

  it('changing the policy or the mode recalculates this workbook’s POLICY cells, and no other workbook', async () => {
    const user = newUser();
    const sheets = { Sheet1: { A1: 3000, B1: 800, C1: '=POLICY.WAGECHECK(A1,B1)' }, 汇总: { A1: '=POLICY.POLICYINFO()' } };
    const { wb, api } = openWorkbook(user, { settings: { [POLICY]: 'default@2025.09' }, sheets });
    const other = openWorkbook(user, { name: 'other' });
    await wb.calculate('Full');
    expect(wb.value('C1')).toBe('低于最低工资');
    expect(await api.save({ policy: 'default@2019.05' })).toEqual({ recalculated: true });
    await wb.idle();
    expect(wb.calculations).toEqual(['sheet:Sheet1', 'sheet:汇总']);
    expect(wb.value('C1')).toBe('扣款超20%');
    expect(wb.value('汇总!A1')).toBe('default@2019.05');
    expect(other.wb.calculations).toEqual([]);
    // A Save that changes nothing recalculates nothing.
    expect(await api.save({ mode: 'local', endpoint: '', apiKey: '' })).toEqual({ recalculated: false });
    expect(wb.calculations).toHaveLength(2);
    // So does the page's API (PolicyCell.configure) when it changes the policy.
    api.configure({ policy: 'default@2025.09' });
    await expect.poll(() => wb.value('C1')).toBe('低于最低工资');
    expect(wb.fileSettings()[POLICY]).toBe('default@2025.09');
  });

  it('an Excel without ExcelApi 1.6 gets a full calculation (which Excel applies to every open workbook)', async () => {
    const user = newUser();
    const { wb, api } = openWorkbook(user, { apiSets: { ExcelApi: '1.5' }, sheets: { Sheet1: { A1: '=POLICY.POLICYINFO()' } } });
    const other = openWorkbook(user, { name: 'other' });
    await api.save({ policy: 'default@2019.05' });
    await wb.idle();
    expect(wb.calculations).toEqual(['Full']);
    expect(other.wb.calculations).toEqual(['Full']);
    expect(wb.value('A1')).toBe('default@2019.05');
  });

  it('a recalculation Excel refuses (cell-edit mode) is reported beside a save that happened', async () => {
    const { wb, api } = openWorkbook(newUser(), { failRuns: 'Excel is in cell-editing mode' });
    expect(await api.save({ policy: 'default@2019.05' })).toEqual({ recalculated: false, recalcError: 'Excel is in cell-editing mode' });
    expect(wb.fileSettings()[POLICY]).toBe('default@2019.05');
  });

  it('a save Excel refuses (a locked file) is an error, not "saved"', async () => {
    const { api } = openWorkbook(newUser(), { failSaves: 'the file is read-only' });
    await expect(api.save({ policy: 'default@2019.05' })).rejects.toThrow(/read-only/);
  });

  it('a co-author who saves another policy: the workbook reads it and recomputes', async () => {
    const { wb } = openWorkbook(newUser(), { settings: { [POLICY]: 'default@2025.09' }, sheets: { Sheet1: { A1: '=POLICY.POLICYINFO()' } } });
    await wb.calculate('Full');
    expect(wb.value('A1')).toBe('default@2025.09');
    wb.coauthorSaves(POLICY, 'default@2019.05');
    await expect.poll(() => wb.value('A1')).toBe('default@2019.05');
  });

  it('a call made before functions.js has associated the function waits for it (Excel shows #BUSY!)', async () => {
    const book = openWorkbook(newUser(), { settings: { [POLICY]: 'default@2019.05' }, loadNow: false });
    const early = book.wb.call('WAGECHECK', [3000, 800]);
    await new Promise((r) => setTimeout(r, 30));
    book.load();
    expect(await early).toBe('扣款超20%');
  });

  it('a key store that never answers does not hold up local computing', async () => {
    const user = newUser();
    user.keyStore.getItem = () => new Promise(() => undefined);
    const { wb } = openWorkbook(user, { settings: { [POLICY]: 'default@2019.05' } });
    expect(await wb.call('WAGECHECK', [3000, 800])).toBe('扣款超20%');
  });
});

describe('organisation deployment: config.json beside the add-in', () => {
  it('gives every user the service URL and the default policy without typing them; the user’s choice and the workbook’s policy win', async () => {
    const user = newUser();
    const files = { 'config.json': { endpoint: 'https://policy.example.com', policy: 'default@2019.05', mode: 'local' } };
    const none = openWorkbook(user, { files });
    expect(await none.wb.call('POLICYINFO', [])).toBe('default@2019.05');
    expect(none.api.settings()).toMatchObject({ mode: 'local', endpoint: 'https://policy.example.com', policy: '' });
    const own = openWorkbook(user, { files, settings: { [POLICY]: 'default@2025.09' } });
    expect(await own.wb.call('POLICYINFO', [])).toBe('default@2025.09');
  });

  it('a Save keeps only what differs from the organisation’s defaults, so a redeployed config.json still reaches the user', async () => {
    const user = newUser();
    const first = openWorkbook(user, { files: { 'config.json': { endpoint: 'https://a.example.com' } } });
    await first.api.save({ mode: 'remote', endpoint: 'https://a.example.com', apiKey: '' });
    expect(JSON.parse(user.localStorage.getItem('policycell.prefs') ?? '{}')).not.toHaveProperty('endpoint');
    const later = openWorkbook(user, { files: { 'config.json': { endpoint: 'https://b.example.com' } } });
    await later.api.runtime.whenReady();
    expect(later.api.settings()).toMatchObject({ mode: 'remote', endpoint: 'https://b.example.com' });
    // A user who chose another service keeps it.
    await later.api.save({ endpoint: 'https://mine.example.com' });
    const third = openWorkbook(user, { files: { 'config.json': { endpoint: 'https://c.example.com' } } });
    await third.api.runtime.whenReady();
    expect(third.api.settings()).toMatchObject({ endpoint: 'https://mine.example.com' });
  });
});

describe('languages', () => {
  it('Excel in a language other than Chinese or English gets English text', async () => {
    const { wb } = openWorkbook(newUser(), { displayLanguage: 'fr-FR' });
    expect(await wb.call('COLLATERALVALUE', [100, 'spaceship'])).toMatchObject({ error: '#VALUE!', message: expect.stringMatching(/spaceship.*(label|one of)/i) });
  });

  it('Excel in Traditional Chinese gets the Chinese function names and Chinese text, not a mix', async () => {
    const { wb } = openWorkbook(newUser(), { displayLanguage: 'zh-TW' });
    expect(await wb.call('提成金额', [52000])).toBe(360);
    expect(await wb.call('COLLATERALVALUE', [100, '飞船'])).toMatchObject({ error: '#VALUE!', message: expect.stringMatching(/[\u4e00-\u9fff]{4}/) });
  });
});

describe('remote mode inside the model, against the real API server', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer({ port: 0, config: { apiKeys: ['k1'], allowedOrigins: [], limits: DEFAULT_LIMITS, version: 't', log: () => undefined } });
  });
  afterAll(() => s?.close());

  it('computes each workbook with its own policy through one service', async () => {
    const user = newUser();
    const a = openWorkbook(user, { settings: { [POLICY]: 'default@2025.09' } });
    const b = openWorkbook(user, { settings: { [POLICY]: 'default@2019.05' } });
    await a.api.save({ mode: 'remote', endpoint: s.url, apiKey: 'k1' });
    // b's copy reads the user's preferences when it starts; this one was open already: it takes the same Save.
    await b.api.save({ mode: 'remote', endpoint: s.url, apiKey: 'k1' });
    expect(await a.wb.call('WAGECHECK', [3000, 800])).toBe('低于最低工资');
    expect(await b.wb.call('WAGECHECK', [3000, 800])).toBe('扣款超20%');
  });

  it('a wrong service URL is #N/A "service not found", not #VALUE!', async () => {
    const { wb, api } = openWorkbook(newUser(), { displayLanguage: 'en-US' });
    await api.save({ mode: 'remote', endpoint: `${s.url}/wrong/place`, apiKey: 'k1' });
    expect(await wb.call('COMMISSION', [52000])).toMatchObject({ error: '#N/A', message: expect.stringMatching(/no policy service at .*404/) });
  });
});
