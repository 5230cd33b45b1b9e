import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHINESE_LOCALES, DEFAULT_BASE_URL, REFERENCE_PAGE, manifestXml } from '../../addin/manifest.js';
import type { MetaFunction } from '../../addin/metadata.js';
import { checkMetadata, functionsMetadata } from '../../addin/metadata.js';
import { CATALOG } from '../../shared/src/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const read = (f: string) => JSON.parse(readFileSync(`${ROOT}dist/addin/${f}`, 'utf8')) as { functions: MetaFunction[] };

describe('functions.json and functions.zh-CN.json', () => {
  const en = read('functions.json');
  const zh = read('functions.zh-CN.json');

  it('are what the catalog generates (not hand-written)', () => {
    expect(en).toEqual(functionsMetadata('en', `${DEFAULT_BASE_URL}/${REFERENCE_PAGE}`));
    expect(zh).toEqual(functionsMetadata('zh-CN', `${DEFAULT_BASE_URL}/${REFERENCE_PAGE}`));
  });

  it('follow Excel’s rules in both languages', () => {
    expect(checkMetadata(en)).toEqual([]);
    expect(checkMetadata(zh)).toEqual([]);
  });

  it('the checker catches what Excel refuses', () => {
    const bad = structuredClone(en);
    bad.functions[0]!.id = 'commission';
    bad.functions[1]!.name = 'X1';
    bad.functions[2]!.name = bad.functions[3]!.name.toLowerCase();
    bad.functions[4]!.parameters = [
      { name: 'a', description: 'a', type: 'any', dimensionality: 'scalar', repeating: true, optional: true },
      { name: 'b', description: 'b', type: 'any', dimensionality: 'scalar' },
    ];
    const problems = checkMetadata(bad).join('\n');
    expect(problems).toMatch(/upper-case/);
    expect(problems).toMatch(/at least 3 characters/);
    expect(problems).toMatch(/duplicate name/);
    expect(problems).toMatch(/repeating parameter must be last/);
    expect(problems).toMatch(/required parameter "b" after an optional one/);
  });

  it('hold every catalog id with matching parameters; Chinese names in the zh-CN file, same ids', () => {
    for (const f of CATALOG) {
      const e = en.functions.find((x) => x.id === f.id)!;
      const z = zh.functions.find((x) => x.id === f.id)!;
      expect(e.name).toBe(f.id);
      expect(z.name).toBe(f.name['zh-CN']);
      expect(z.name).toMatch(/^[\u4e00-\u9fff]{3,}$/);
      expect(e.parameters.map((p) => p.name)).toEqual(f.params.map((p) => p.name));
      expect(z.parameters.map((p) => p.name)).toEqual(f.params.map((p) => p.zh));
      f.params.forEach((p, i) => expect(!!e.parameters[i]!.optional, `${f.id}.${p.name}`).toBe(!!(p.optional || p.repeating)));
    }
    expect(zh.functions.map((f) => f.id)).toEqual(en.functions.map((f) => f.id));
  });

  it('declares ranges and spilled results as matrices', () => {
    const get = (id: string) => en.functions.find((f) => f.id === id)!;
    expect(get('PAYSLIP').result).toEqual({ type: 'any', dimensionality: 'matrix' });
    expect(get('ALLOCATE').result.dimensionality).toBe('matrix');
    expect(get('ALLOCATE').parameters[1]!.dimensionality).toBe('matrix');
    expect(get('COLLATERALCOVER').parameters.map((p) => p.dimensionality)).toEqual(['matrix', 'matrix', 'scalar']);
    expect(get('PAYROLL').parameters.slice(3, 6).every((p) => p.dimensionality === 'matrix')).toBe(true);
    expect(get('EXPLAIN').parameters.at(-1)).toMatchObject({ repeating: true, optional: true });
    expect(get('COMMISSION').result).toEqual({ type: 'number', dimensionality: 'scalar' });
    expect(get('TIER').result.type).toBe('string');
    expect(get('FORFEIT').result.type).toBe('boolean');
  });
});

describe('manifest.xml', () => {
  const xml = readFileSync(`${ROOT}manifest.xml`, 'utf8');

  it('is the generated one for the local server', () => {
    expect(xml).toBe(manifestXml({ baseUrl: DEFAULT_BASE_URL, version: JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).version }));
  });

  it('parses with office-addin-manifest (offline)', () => {
    const out = execFileSync('npx', ['office-addin-manifest', 'info', `${ROOT}manifest.xml`], { encoding: 'utf8' });
    expect(out).toContain('Id: 5f3b8c2e-7a41-4d9e-9b6a-2c1e8f0d4a77');
    expect(out).toContain('Hosts: Workbook');
  });

  it('declares a shared runtime, the POLICY namespace and zh-CN metadata', () => {
    expect(xml).toMatch(/<Set Name="SharedRuntime" MinVersion="1.1"\/>/);
    expect(xml).toMatch(/<Runtime resid="Taskpane.Url" lifetime="long"\/>/);
    expect(xml).toMatch(/<Page>\s*<SourceLocation resid="Taskpane.Url"\/>/);
    expect(xml).toMatch(/<bt:String id="Functions.Namespace" DefaultValue="POLICY"\/>/);
    expect(xml).toMatch(/<bt:Override Locale="zh-CN" Value="https:\/\/localhost:3000\/addin\/functions.zh-CN.json"\/>/);
    expect(xml).toMatch(/<Action xsi:type="ShowTaskpane">/);
  });

  it('references only resources it defines, and only files the build writes', () => {
    const defined = new Set([...xml.matchAll(/<bt:(?:Image|Url|String) id="([^"]+)"/g)].map((m) => m[1]));
    const used = [...xml.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]!);
    for (const r of used) expect(defined.has(r), r).toBe(true);
    const urls = [...xml.matchAll(/(?:DefaultValue|Value)="(https:\/\/[^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(8);
    for (const u of urls) {
      expect(u.startsWith(`${DEFAULT_BASE_URL}/`), u).toBe(true);
      expect(existsSync(`${ROOT}dist/addin/${u.slice(DEFAULT_BASE_URL.length + 1)}`), u).toBe(true);
    }
  });

  it('can be written for another base URL', () => {
    const other = manifestXml({ baseUrl: 'https://cdn.example.com/policycell/' });
    expect(other).toContain('<SourceLocation DefaultValue="https://cdn.example.com/policycell/taskpane.html"/>');
    expect(other).toContain('<AppDomain>https://cdn.example.com</AppDomain>');
    expect(other).not.toContain('localhost');
  });
});

describe('deployment for an organisation (npm run manifest)', () => {
  it('gives every Chinese Excel (zh-CN, zh-TW, zh-HK…) the Chinese metadata and names', () => {
    const xml = manifestXml();
    for (const l of CHINESE_LOCALES) {
      expect(xml).toContain(`<bt:Override Locale="${l}" Value="${DEFAULT_BASE_URL}/functions.zh-CN.json"/>`);
      expect(xml).toContain(`<Override Locale="${l}" Value="PolicyCell 制度计算器"/>`);
    }
  });

  it('points SupportUrl, LearnMoreUrl and every helpUrl at the function reference, each at its own entry', () => {
    const xml = manifestXml();
    expect(xml).toContain(`<SupportUrl DefaultValue="${DEFAULT_BASE_URL}/${REFERENCE_PAGE}"/>`);
    expect(xml).toMatch(/<LearnMoreUrl resid="Reference.Url"\/>/);
    expect(xml).toContain(`<bt:Url id="Reference.Url" DefaultValue="${DEFAULT_BASE_URL}/${REFERENCE_PAGE}"/>`);
    const page = readFileSync(`${ROOT}dist/addin/${REFERENCE_PAGE}`, 'utf8');
    for (const f of read('functions.zh-CN.json').functions) {
      const anchor = f.helpUrl!.split('#')[1]!;
      expect(f.helpUrl).toBe(`${DEFAULT_BASE_URL}/${REFERENCE_PAGE}#${f.id.toLowerCase()}`);
      expect(page, f.id).toContain(`<h3 id="${anchor}">${f.id} — `);
    }
  });

  it('refuses an id that is not a GUID', () => {
    expect(() => manifestXml({ id: 'policycell-test' })).toThrow(/GUID/);
  });

  it('writes a deployment of its own (dist/deploy): the files, the manifest with its id and version, config.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-deploy-'));
    const id = '0b7c5e2a-1f3d-4c8e-9a6b-5d4e3f2a1b0c';
    const run = (...args: string[]) => spawnSync('npx', ['tsx', `${ROOT}scripts/manifest.ts`, ...args], { encoding: 'utf8', cwd: ROOT });
    const ok = run('--base-url', 'https://static.example.com/pc', '--id', id, '--name-suffix', '(test)', '--version', '2.3.4.5', '--service-url', 'https://api.example.com', '--policy', 'acme@2026.01', '--out-dir', dir);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/functions\.json until the manifest version changes/);
    expect(ok.stderr).toMatch(/acme@2026\.01 is not shipped.*recalc --policy acme@2026\.01/);
    const xml = readFileSync(join(dir, 'manifest.xml'), 'utf8');
    expect(xml).toContain(`<Id>${id}</Id>`);
    expect(xml).toContain('<Version>2.3.4.5</Version>');
    expect(xml).toContain('<DisplayName DefaultValue="PolicyCell (test)">');
    expect(xml).toContain('<SourceLocation DefaultValue="https://static.example.com/pc/taskpane.html"/>');
    expect(JSON.parse(readFileSync(join(dir, 'addin/config.json'), 'utf8'))).toEqual({ endpoint: 'https://api.example.com', mode: 'remote', policy: 'acme@2026.01' });
    const meta = JSON.parse(readFileSync(join(dir, 'addin/functions.json'), 'utf8')) as { functions: MetaFunction[] };
    expect(meta.functions[0]!.helpUrl).toBe(`https://static.example.com/pc/${REFERENCE_PAGE}#${meta.functions[0]!.id.toLowerCase()}`);
    expect(existsSync(join(dir, 'addin/functions.js'))).toBe(true);
    // The build's own files are untouched: a rebuild cannot undo a deployment, nor the reverse.
    expect(read('functions.json').functions[0]!.helpUrl).toMatch(/^https:\/\/localhost:3000\//);
    // Refused: no id of its own, an id that is not a GUID, a policy local mode cannot compute.
    for (const [args, msg] of [
      [['--base-url', 'https://x.example.com'], /--id/],
      [['--base-url', 'https://x.example.com', '--id', '5f3b8c2e-7a41-4d9e-9b6a-2c1e8f0d4a77'], /--id/],
      [['--base-url', 'https://x.example.com', '--id', 'nope'], /GUID/],
      [['--base-url', 'https://x.example.com', '--id', id, '--policy', 'acme@2026.01'], /local mode has no policy acme@2026\.01/],
    ] as const) {
      const bad = run(...args, '--out-dir', join(dir, 'refused'));
      expect(bad.status, args.join(' ')).toBe(1);
      expect(bad.stderr).toMatch(msg);
    }
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });
});
