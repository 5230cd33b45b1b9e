import type { CallResult, CellValue, Lang, Section } from '../../shared/src/index.js';
import type { Arg } from '../formula.js';
import { FormulaError, parseFormula } from '../formula.js';
import type { Runtime, Settings } from '../runtime.js';
import { UI, tr } from './i18n.js';

// The task pane: settings, the function browser, a formula box with its explanation, and (inside
// Excel) "explain the selected cell" and "insert into cell". It drives the runtime functions.js put
// on globalThis.PolicyCell, so the page and the cells compute with the same code and settings.

interface Api {
  runtime: Runtime;
  evaluate: (id: string, args: unknown[]) => Promise<CallResult>;
  explain: (id: string, args: unknown[]) => Promise<{ result: CallResult; steps: string[] }>;
  configure: (s: Partial<Settings>) => Settings;
  catalog: () => ReturnType<Runtime['catalog']>;
  policies: () => ReturnType<Runtime['policies']>;
  setWorkbookPolicy: (ref: string) => Promise<void>;
  templates: () => { id: string; title: { 'zh-CN': string; en: string }; sheetName: string; grid: (string | number | boolean)[][]; lastColumn: string; layout: { headerZh: number; headerEn: number; firstData: number; lastData: number; totalRow: number }; inputColumns: string[] }[];
  version: string;
}

const api = (globalThis as unknown as { PolicyCell: Api }).PolicyCell;
const inExcel = () => typeof Excel !== 'undefined' && typeof Office !== 'undefined' && Office.context?.host === Office.HostType.Excel;
let lang: Lang = api.runtime.current.lang;
let tab: 'evaluate' | 'functions' | 'settings' = 'evaluate';
let selectedFn = 'COMMISSION';

const params = new URLSearchParams(location.search);
if (params.get('lang')) lang = api.configure({ lang: params.get('lang') as Lang }).lang;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null) e.append(c);
  return e;
}

function show(v: CellValue | undefined): Node {
  if (Array.isArray(v)) {
    const t = el('table', { class: 'grid' });
    for (const row of v) t.append(el('tr', {}, ...row.map((x) => el('td', { text: x === null ? '' : typeof x === 'boolean' ? (x ? 'TRUE' : 'FALSE') : String(x) }))));
    return t;
  }
  if (typeof v === 'boolean') return document.createTextNode(v ? 'TRUE' : 'FALSE');
  return document.createTextNode(v === null || v === undefined ? '' : String(v));
}

/** Cell references in a formula, resolved through the Excel API (inside Excel only). */
async function resolveArgs(args: Arg[]): Promise<unknown[]> {
  const refs = args.filter((a) => a.kind === 'ref');
  if (refs.length === 0) return args.map((a) => (a.kind === 'value' ? a.value : null));
  if (!inExcel()) throw new FormulaError(tr('needExcel', lang));
  return Excel.run(async (ctx) => {
    const sheet = ctx.workbook.worksheets.getActiveWorksheet();
    const loaded = args.map((a) => {
      if (a.kind !== 'ref') return null;
      const bang = a.ref.lastIndexOf('!');
      const range = bang > 0 ? ctx.workbook.worksheets.getItem(a.ref.slice(0, bang).replace(/^'|'$/g, '')).getRange(a.ref.slice(bang + 1)) : sheet.getRange(a.ref);
      range.load('values');
      return range;
    });
    await ctx.sync();
    return args.map((a, i) => {
      if (a.kind === 'value') return a.value;
      const values = loaded[i]!.values as CellValue[][];
      const blankToNull = values.map((row) => row.map((x) => (x === '' ? null : x)));
      return blankToNull.length === 1 && blankToNull[0]!.length === 1 ? blankToNull[0]![0] : blankToNull;
    });
  });
}

async function runFormula(text: string, out: HTMLElement, steps: HTMLElement): Promise<void> {
  out.className = 'result';
  out.textContent = '…';
  steps.textContent = '';
  try {
    const f = parseFormula(text);
    const args = await resolveArgs(f.args);
    const [r, x] = await Promise.all([api.evaluate(f.fn, args), api.explain(f.fn, args)]);
    out.textContent = '';
    if ('error' in r) {
      out.className = 'result error';
      out.textContent = `${r.error.code} ${r.error.message}`;
    } else out.append(show(r.value));
    steps.textContent = x.steps.join('\n');
  } catch (e) {
    out.className = 'result error';
    out.textContent = `${tr('badFormula', lang)}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function statusLine(): HTMLElement {
  const s = api.runtime.current;
  const policy = api.runtime.policy() ?? `${api.policies().at(-1)?.ref ?? ''}`;
  return el('div', { class: 'status', 'data-testid': 'status' }, `${s.mode === 'remote' ? tr('statusRemote', lang) : tr('statusLocal', lang)} · ${policy} · ${inExcel() ? tr('inExcel', lang) : tr('inBrowser', lang)} · v${api.version}`);
}

function evaluateTab(): HTMLElement {
  const input = el('textarea', { 'data-testid': 'formula-input', id: 'formula', spellcheck: 'false', placeholder: '=POLICY.COMMISSION(52000)' });
  input.value = (document.getElementById('formula') as HTMLTextAreaElement | null)?.value || sessionStorage.getItem('policycell.formula') || '=POLICY.COMMISSION(52000)';
  const result = el('div', { class: 'result', 'data-testid': 'formula-result', role: 'status' });
  const steps = el('pre', { class: 'explain', 'data-testid': 'formula-explain' });
  const go = el('button', { class: 'primary', 'data-testid': 'formula-evaluate', text: tr('evaluate', lang) });
  const run = () => {
    sessionStorage.setItem('policycell.formula', input.value);
    void runFormula(input.value, result, steps);
  };
  go.addEventListener('click', run);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      run();
    }
  });
  const row = el('div', { class: 'row' }, go);
  if (inExcel()) {
    const sel = el('button', { class: 'secondary', text: tr('explainSelected', lang) });
    sel.addEventListener('click', () => {
      void Excel.run(async (ctx) => {
        const r = ctx.workbook.getSelectedRange();
        r.load('formulas');
        await ctx.sync();
        const f = String((r.formulas as unknown[][])[0]?.[0] ?? '');
        if (!/POLICY/i.test(f)) {
          result.className = 'result error';
          result.textContent = tr('noFormula', lang);
          return;
        }
        input.value = f;
        await runFormula(f, result, steps);
      });
    });
    row.append(sel);
  }
  const section = el('section', {}, el('label', { for: 'formula', text: tr('formula', lang) }), input, row, el('div', { class: 'card' }, el('div', { class: 'muted', text: tr('result', lang) }), result), el('div', { class: 'card' }, el('div', { class: 'muted', text: tr('steps', lang) }), steps));
  queueMicrotask(run);
  return section;
}

function formulaOf(id: string, args: readonly unknown[]): string {
  const lit = (v: unknown): string =>
    v === null ? '' : typeof v === 'string' ? `"${v.replace(/"/g, '""')}"` : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : Array.isArray(v) ? `{${(v as unknown[][]).map((r) => r.map(lit).join(',')).join(';')}}` : String(v);
  return `=POLICY.${id}(${args.map(lit).join(', ')})`;
}

function functionsTab(): HTMLElement {
  const search = el('input', { type: 'search', placeholder: tr('search', lang), 'data-testid': 'function-search' });
  const list = el('ul', { class: 'fns' });
  const detail = el('div', { class: 'card', 'data-testid': 'function-detail' });
  const catalog = api.catalog();
  const render = () => {
    const q = search.value.trim().toLowerCase();
    list.textContent = '';
    let section: Section | undefined;
    for (const f of catalog) {
      const hay = `${f.id} ${f.names['zh-CN']} ${f.names.en} ${f.description}`.toLowerCase();
      if (q && !hay.includes(q)) continue;
      if (f.section !== section) {
        section = f.section;
        list.append(el('h2', { text: UI.sections[f.section][lang] }));
      }
      const li = el('li', { 'aria-selected': String(f.id === selectedFn), 'data-id': f.id }, el('code', { text: f.id }), el('span', { text: f.name }));
      li.addEventListener('click', () => {
        selectedFn = f.id;
        render();
      });
      list.append(li);
    }
    const f = catalog.find((x) => x.id === selectedFn) ?? catalog[0]!;
    detail.textContent = '';
    const sig = `POLICY.${lang === 'zh-CN' ? f.names['zh-CN'] : f.id}(${f.params.map((p) => (p.repeating ? `${p.label}…` : p.optional ? `[${p.label}]` : p.label)).join(', ')})`;
    detail.append(el('h3', { text: `${f.id} · ${f.name}` }), el('code', { text: sig }), el('p', { text: f.description }));
    const table = el('table', { class: 'grid' });
    for (const p of f.params) table.append(el('tr', {}, el('td', { text: p.label }), el('td', { text: `${p.description}${p.optional ? ` (${tr('optional', lang)})` : ''}` })));
    if (f.params.length) detail.append(el('div', { class: 'muted', text: tr('params', lang) }), table);
    detail.append(el('p', { class: 'muted', text: `${tr('source', lang)}: ${f.source}` }));
    const ex = f.examples[0];
    if (ex) {
      const formula = formulaOf(f.id, ex.args);
      detail.append(el('div', { class: 'muted', text: tr('example', lang) }), el('code', { text: formula }));
      const row = el('div', { class: 'row' });
      const tryIt = el('button', { class: 'secondary', text: tr('tryIt', lang) });
      tryIt.addEventListener('click', () => {
        sessionStorage.setItem('policycell.formula', formula);
        (document.getElementById('formula') as HTMLTextAreaElement | null)?.remove();
        tab = 'evaluate';
        draw();
      });
      row.append(tryIt);
      if (inExcel()) {
        const ins = el('button', { class: 'primary', text: tr('insert', lang) });
        ins.addEventListener('click', () => {
          void Excel.run(async (ctx) => {
            ctx.workbook.getActiveCell().formulas = [[formula]];
            await ctx.sync();
          });
        });
        row.append(ins);
      }
      detail.append(row);
    }
  };
  search.addEventListener('input', render);
  render();
  return el('section', {}, search, detail, list);
}

/** Lays a template into a new worksheet of the open workbook: the same cells `policycell template` writes. */
async function insertTemplate(t: ReturnType<Api['templates']>[number]): Promise<void> {
  await Excel.run(async (ctx) => {
    const sheets = ctx.workbook.worksheets;
    sheets.load('items/name');
    await ctx.sync();
    const taken = new Set(sheets.items.map((w) => w.name));
    let name = t.sheetName;
    for (let i = 2; taken.has(name); i++) name = `${t.sheetName} ${i}`;
    const ws = sheets.add(name);
    const L = t.layout;
    ws.getRange(`A1:${t.lastColumn}${L.totalRow}`).formulas = t.grid as never;
    ws.getRange('A1').format.font.bold = true;
    const header = ws.getRange(`A${L.headerZh}:${t.lastColumn}${L.headerZh}`);
    header.format.fill.color = '#0F6CBD';
    header.format.font.color = '#FFFFFF';
    header.format.font.bold = true;
    for (const col of t.inputColumns) ws.getRange(`${col}${L.firstData}:${col}${L.lastData}`).format.fill.color = '#FFF4CE';
    ws.getRange(`A${L.totalRow}:${t.lastColumn}${L.totalRow}`).format.font.bold = true;
    ws.getRange(`A1:${t.lastColumn}${L.totalRow}`).format.autofitColumns();
    ws.activate();
    await ctx.sync();
  });
}

function settingsTab(): HTMLElement {
  const s = api.runtime.current;
  const mode = el('select', { 'data-testid': 'settings-mode' }, el('option', { value: 'local', text: tr('local', lang) }), el('option', { value: 'remote', text: tr('remote', lang) }));
  mode.value = s.mode;
  const endpoint = el('input', { type: 'text', value: s.endpoint, placeholder: 'https://policycell.example.com', 'data-testid': 'settings-endpoint' });
  const key = el('input', { type: 'password', value: s.apiKey, autocomplete: 'off', 'data-testid': 'settings-key' });
  const policy = el('select', { 'data-testid': 'settings-policy' }, el('option', { value: '', text: tr('policyLatest', lang) }), ...api.policies().map((p) => el('option', { value: p.ref, text: `${p.ref} — ${p.title}` })));
  policy.value = s.policy;
  const saved = el('span', { class: 'ok', role: 'status' });
  const save = el('button', { class: 'primary', text: tr('save', lang), 'data-testid': 'settings-save' });
  save.addEventListener('click', () => {
    api.configure({ mode: mode.value as Settings['mode'], endpoint: endpoint.value.trim(), apiKey: key.value });
    void api.setWorkbookPolicy(policy.value).then(() => {
      saved.textContent = inExcel() ? tr('savedWorkbook', lang) : tr('saved', lang);
      document.querySelector('.status')?.replaceWith(statusLine());
    });
  });
  return el(
    'section',
    {},
    el('label', { text: tr('mode', lang) }),
    mode,
    el('label', { text: tr('endpoint', lang) }),
    endpoint,
    el('label', { text: tr('apiKey', lang) }),
    key,
    el('label', { text: tr('policy', lang) }),
    policy,
    el('div', { class: 'row' }, save, saved),
    ...(inExcel() ? [el('label', { text: tr('templates', lang) }), el('div', { class: 'row' }, ...api.templates().map((t) => {
      const b = el('button', { class: 'secondary', text: t.title[lang], 'data-template': t.id });
      b.addEventListener('click', () => void insertTemplate(t));
      return b;
    }))] : []),
  );
}

function draw(): void {
  const app = document.getElementById('app')!;
  document.documentElement.lang = lang;
  document.title = tr('title', lang);
  const langSel = el('select', { 'aria-label': 'language', 'data-testid': 'language' }, el('option', { value: 'zh-CN', text: '中文' }), el('option', { value: 'en', text: 'English' }));
  langSel.value = lang;
  langSel.addEventListener('change', () => {
    lang = api.configure({ lang: langSel.value as Lang, langChosen: true }).lang;
    draw();
  });
  const tabs: [typeof tab, string][] = [
    ['evaluate', tr('tabEvaluate', lang)],
    ['functions', tr('tabFunctions', lang)],
    ['settings', tr('tabSettings', lang)],
  ];
  const nav = el('nav', { role: 'tablist' });
  for (const [id, text] of tabs) {
    const b = el('button', { role: 'tab', 'aria-selected': String(tab === id), 'data-testid': `tab-${id}`, text });
    b.addEventListener('click', () => {
      tab = id;
      draw();
    });
    nav.append(b);
  }
  const body = tab === 'evaluate' ? evaluateTab() : tab === 'functions' ? functionsTab() : settingsTab();
  app.replaceChildren(el('header', {}, el('img', { src: 'assets/icon-32.png', alt: '' }), el('h1', { text: tr('title', lang) }), langSel), statusLine(), nav, body);
}

if (typeof Office !== 'undefined') void Office.onReady(() => draw());
else draw();
