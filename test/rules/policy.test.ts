import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicyFile, loadRegistry, publishPolicyFile } from '../../functions/policy-dir.js';
import { Engine, PolicyLoadError, PolicyRegistry, compareVersions, policyDigest, resolvePath, shippedRegistry, validatePolicy } from '../../shared/src/index.js';
import { completePolicy, loadSupplement, shippedSupplements } from '../../shared/src/policy/supplement.js';

const file2019 = new URL('../../shared/policies/default-2019.05.json', import.meta.url);
const file2025 = new URL('../../shared/policies/default-2025.09.json', import.meta.url);
const d2019 = JSON.parse(readFileSync(file2019, 'utf8'));
const d2025 = JSON.parse(readFileSync(file2025, 'utf8'));
const supplementFile = JSON.parse(readFileSync(new URL('../../shared/policies/supplement-2026.11.json', import.meta.url), 'utf8'));
const readingsFile = JSON.parse(readFileSync(new URL('../../shared/policies/supplement-2026.12.json', import.meta.url), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('../../shared/policies/published.json', import.meta.url), 'utf8'));

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'policycell-'));
}

describe('the shipped policy documents', () => {
  it('validate against the schema', () => {
    expect(validatePolicy(d2019)).toMatchObject({ ok: true });
    expect(validatePolicy(d2025)).toMatchObject({ ok: true });
  });

  it('differ only in version, date, title, the minimum wage and its note (Tianjin 2510 from 2025-09-01)', () => {
    const a = structuredClone(d2019);
    const b = structuredClone(d2025);
    expect(b.marketing.minimumWage).toBe(2510);
    expect(a.marketing.minimumWage).toBe(2050);
    for (const d of [a, b]) {
      delete d.version;
      delete d.effectiveFrom;
      delete d.title;
      delete d.marketing.minimumWage;
      delete d.notes['marketing.minimumWage'];
    }
    expect(b).toEqual(a);
  });

  it('hold every value the catalog names', () => {
    const m = d2019.marketing;
    expect([m.baseSalary, m.monthlyTarget, m.commissionRate, m.baseShortfallRule]).toEqual([3000, 40000, 0.03, 'full']);
    expect(m.probation).toEqual({ months: 1, baseSalary: 3000, monthlyTarget: 40000 });
    expect([m.absenceFinePerDay, m.personalLeavePerDay, m.lateFine, m.earlyFine, m.offPostFine]).toEqual([200, 300, 50, 50, 50]);
    expect(m.absenceForfeitDays).toEqual({ value: 3, inclusive: true });
    expect(m.personalLeaveForfeitDays).toEqual({ value: 5, inclusive: false });
    expect(m.lateAsAbsenceMinutes).toEqual({ value: 30, inclusive: false });
    expect(m.offPostMinutes).toEqual({ value: 20, inclusive: true });
    expect(m.bookingLeadMinutes).toEqual({ value: 10, inclusive: true });
    expect([m.compRate, m.compViolationMultiplier, m.poachMultiplier, m.noticeMonths, m.restDaysPerMonth]).toEqual([0.05, 2, 2, 1, 3]);
    expect(m.payDay).toEqual({ monthsAfter: 1, day: 15 });
    expect(m.deductionCapRatio).toEqual({ value: 0.2, inclusive: false });
    expect(d2019.guarantee.collateral.住宅.pledgeRatio).toBe(0.7);
    expect(d2019.tobacco.quotas).toEqual({ A: 5, B: 3, C: 2, D: 1 });
  });

  it('mark every illustrative (†) value with a note saying so', () => {
    const dagger = [
      'guarantee.collateral',
      'guarantee.ratingCoefficients',
      'guarantee.termCoefficients',
      'guarantee.modes',
      'guarantee.feeRates',
      'guarantee.scorecard',
      'guarantee.ratingBands',
      'tobacco.indicators',
      'tobacco.gradeBands',
      'tobacco.quotas',
      'tobacco.visits',
      'tobacco.kpis',
      'tobacco.kpiCap',
      'bank.overdueAlerts',
    ];
    for (const path of dagger) {
      expect(d2019.notes[path], path).toMatchObject({ illustrative: true, note: { en: expect.stringMatching(/illustrative/i) } });
    }
    const marked = Object.entries(d2019.notes as Record<string, { illustrative?: boolean }>).filter(([, n]) => n.illustrative).map(([p]) => p);
    expect(marked.sort()).toEqual([...dagger].sort());
  });

  it('match the digests they were published with', () => {
    expect(lock['default@2019.05']).toBe(policyDigest(d2019));
    expect(lock['default@2025.09']).toBe(policyDigest(d2025));
  });
});

describe('parameters added after publication: the supplement', () => {
  // A published version never changes. The parameters issue 12's functions need are added by a
  // supplement that completes, at load, every document lacking them; the published files and
  // their digests stay exactly as published.
  it('is published too: its digest is recorded, and a changed supplement is refused', () => {
    expect(lock['supplement@2026.11']).toBe(policyDigest(supplementFile));
    const changed = structuredClone(supplementFile);
    changed.adds['marketing.paidDaysPerMonth'] = 30;
    const r = loadSupplement(changed, lock);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toMatch(/must not change/);
  });

  it('only adds: none of its parameters is in a published file, and every one it adds is one the schema expects', () => {
    for (const path of Object.keys(supplementFile.adds)) {
      expect(resolvePath(d2019, path), path).toBeUndefined();
      expect(resolvePath(d2025, path), path).toBeUndefined();
    }
    // Without the supplement, a published file is not a complete document.
    expect(() => new PolicyRegistry([]).add(d2019, 'bare')).toThrow(/paidDaysPerMonth/);
  });

  it('completes both shipped versions alike, and the explanation of a supplemented value says so', () => {
    const r = shippedRegistry();
    for (const ref of ['default@2019.05', 'default@2025.09']) {
      const doc = r.get(ref);
      expect(doc.marketing.paidDaysPerMonth).toBe(21.75);
      expect(doc.marketing.wageCheckLabels.compliant).toBe('合规');
      expect(doc.notes['guarantee.counterGuarantee']).toMatchObject({ illustrative: true });
      expect(r.completedBy(doc).map((c) => c.ref)).toEqual(['supplement@2026.11', 'supplement@2026.12']);
    }
    const steps = new Engine(r).explain('PAYROLLCHECK', [52000, 0, 0], { policy: 'default@2019.05' }).steps;
    expect(steps.join('\n')).toContain('补充参数（supplement@2026.11，default@2019.05 发布时没有）');
  });

  it('never overrides what a file sets itself', () => {
    const own = structuredClone(d2019);
    own.id = 'acme';
    own.marketing.paidDaysPerMonth = 21;
    own.guarantee.counterGuarantee = { bands: [{ upTo: { value: 0.5, inclusive: true }, value: '保证' }], otherwise: '抵押' };
    const { doc, completions } = completePolicy(own, shippedSupplements());
    expect(resolvePath(doc, 'marketing.paidDaysPerMonth')).toBe(21);
    expect(completions[0]!.paths).not.toContain('guarantee.counterGuarantee');
    expect(completions[0]!.paths).toContain('marketing.statutoryNoticeDays');
    const engine = new Engine(new PolicyRegistry());
    engine.registry.add(own, 'acme.json');
    expect(engine.call('COUNTERGUARANTEE', [0.7], { policy: 'acme' })).toEqual({ value: '抵押' });
    expect(engine.call('RESTDAYPAY', [1], { policy: 'acme' })).toEqual({ value: 285.71 }); // 3000 ÷ 21 × 2
  });

  it('a second supplement (2026.12) is published and only adds too, each parameter with its clause and a note in both languages', () => {
    expect(lock['supplement@2026.12']).toBe(policyDigest(readingsFile));
    const changed = structuredClone(readingsFile);
    changed.adds['guarantee.cagrBlankYear'] = 'skipped';
    const r = loadSupplement(changed, lock);
    expect(r.ok).toBe(false);
    for (const path of Object.keys(readingsFile.adds)) {
      expect(resolvePath(d2019, path), path).toBeUndefined();
      expect(resolvePath(supplementFile.adds, path), path).toBeUndefined();
      expect(readingsFile.notes[path]?.source, path).toBeTruthy();
      expect(readingsFile.notes[path]?.note?.['zh-CN'], path).toBeTruthy();
      expect(readingsFile.notes[path]?.note?.en, path).toBeTruthy();
    }
    // Without it, a published file completed by the first supplement alone is not a complete document.
    expect(() => new PolicyRegistry([shippedSupplements()[0]!]).add(d2019, 'bare')).toThrow(/cagrBlankYear/);
  });

  it('refuses a reading that is not one of the two', () => {
    const own = structuredClone(d2019);
    own.guarantee.cagrBlankYear = 'sometimes';
    const r = validatePolicy(own);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toContain('$.guarantee.cagrBlankYear');
  });

  it('marks its illustrative values † like the others', () => {
    const doc = shippedRegistry().get('default@2019.05');
    const marked = Object.entries(doc.notes)
      .filter(([, n]) => n.illustrative)
      .map(([p]) => p);
    expect(marked).toEqual(expect.arrayContaining(['guarantee.counterGuarantee', 'guarantee.ageing', 'guarantee.materiality', 'tobacco.managerReserveShare']));
    for (const p of marked) expect(doc.notes[p]!.note!.en, p).toMatch(/illustrative/i);
  });
});

describe('schema errors give the JSON path', () => {
  it.each([
    [(d: any) => (d.marketing.commissionRate = 3), '$.marketing.commissionRate'],
    [(d: any) => (d.marketing.absenceForfeitDays = 3), '$.marketing.absenceForfeitDays'],
    [(d: any) => delete d.marketing.absenceForfeitDays.inclusive, '$.marketing.absenceForfeitDays.inclusive'],
    [(d: any) => (d.guarantee.collateral.住宅.pledgeRatio = -1), '$.guarantee.collateral["住宅"].pledgeRatio'],
    [(d: any) => (d.guarantee.scorecard[2].weight = 11), '$.guarantee.scorecard'],
    [(d: any) => (d.guarantee.feeRates.bands[1].upTo.value = 0.1), '$.guarantee.feeRates.bands[1].upTo.value'],
    [(d: any) => delete d.guarantee.ratingCoefficients.CC, '$.guarantee.ratingCoefficients'],
    [(d: any) => (d.tobacco.kpis = d.tobacco.kpis.slice(1)), '$.tobacco.kpis'],
    [(d: any) => (d.notes['marketing.nope'] = { source: 'x' }), '$.notes["marketing.nope"]'],
    [(d: any) => (d.version = 'v1'), '$.version'],
    [(d: any) => (d.extra = 1), '$'],
  ])('%#: %s', (mutate, path) => {
    const d = structuredClone(d2019);
    mutate(d);
    const r = validatePolicy(d);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toContain(path);
  });
});

describe('versions and names', () => {
  it('orders versions by their numbers', () => {
    expect(['2025.10', '2019.05', '2025.9', '2026.1'].sort(compareVersions)).toEqual(['2019.05', '2025.9', '2025.10', '2026.1']);
  });

  it('gives the latest default when no policy is named, and exactly the named version otherwise', () => {
    const r = shippedRegistry();
    expect(r.get().version).toBe('2025.09');
    expect(r.get('default').version).toBe('2025.09');
    expect(r.get('default@2019.05').version).toBe('2019.05');
    expect(() => r.get('default@2019.06')).toThrow();
  });

  it('refuses a published version whose content changed, loudly', () => {
    const changed = structuredClone(d2019);
    changed.marketing.commissionRate = 0.04;
    const r = new PolicyRegistry();
    expect(() => r.add(changed, 'edited.json', { 'default@2019.05': policyDigest(d2019) })).toThrow(/must not change/);
  });

  it('refuses two files defining the same version', () => {
    const r = shippedRegistry();
    expect(() => r.add(d2019, 'copy.json')).toThrow(/already defined/);
  });
});

describe('an organisation’s own folder (POLICYCELL_POLICY_DIR)', () => {
  function orgDoc(version: string, rate: number) {
    const d = structuredClone(d2019);
    d.id = 'acme';
    d.version = version;
    d.marketing.commissionRate = rate;
    return d;
  }

  it('adds its versions beside the shipped ones', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'acme-2026.01.json'), JSON.stringify(orgDoc('2026.01', 0.05)));
    writeFileSync(join(dir, 'acme-2026.02.json'), JSON.stringify(orgDoc('2026.02', 0.04)));
    const engine = new Engine(loadRegistry(dir));
    expect(engine.call('COMMISSION', [52000], { policy: 'acme@2026.01' })).toEqual({ value: 600 });
    expect(engine.call('COMMISSION', [52000], { policy: 'acme' })).toEqual({ value: 480 });
    expect(engine.call('COMMISSION', [52000])).toEqual({ value: 360 });
  });

  it('stops with the path of every problem in a bad file', () => {
    const dir = tmp();
    const bad = orgDoc('2026.01', 0.05);
    bad.marketing.lateFine = -50;
    writeFileSync(join(dir, 'acme.json'), JSON.stringify(bad));
    expect(() => loadRegistry(dir)).toThrow(PolicyLoadError);
    expect(() => loadRegistry(dir)).toThrow(/\$\.marketing\.lateFine/);
  });

  it('publishes a version once and then refuses to let it change', () => {
    const dir = tmp();
    const file = join(dir, 'acme-2026.01.json');
    writeFileSync(file, JSON.stringify(orgDoc('2026.01', 0.05), null, 2));
    expect(publishPolicyFile(file)).toMatchObject({ ref: 'acme@2026.01', added: true });
    expect(publishPolicyFile(file)).toMatchObject({ added: false });
    // Re-indenting does not change the content digest.
    writeFileSync(file, JSON.stringify(orgDoc('2026.01', 0.05)));
    expect(checkPolicyFile(file).problems).toEqual([]);
    writeFileSync(file, JSON.stringify(orgDoc('2026.01', 0.06)));
    expect(checkPolicyFile(file).problems[0]!.message).toMatch(/must not change/);
    expect(() => loadRegistry(dir)).toThrow(/must not change/);
  });
});
