import type { CallResult, CellValue, Lang, Section } from '../../shared/src/index.js';
import type { Arg } from '../formula.js';
import { FormulaError, parseFormula } from '../formula.js';
import type { Runtime, Settings } from '../runtime.js';
import { UI, tr } from './i18n.js';

// The task pane: settings, the function browser, a formula box with its explanation, and (inside
// Excel) "explain the selected cell" and "insert into cell". It drives the runtime functions.js put
// on globalThis.PolicyCell, so the page and the cells compute with the same code and settings.

interface Template {
  id: string;
  title: { 'zh-CN': string; en: string };
  sheetName: string;
  grid: (string | number | boolean)[][];
  formats: string[][];
  lastColumn: string;
  layout: { headerZh: number; headerEn: number; firstData: number; lastData: number; totalRow: number };
  inputColumns: string[];
}

interface Api {
  runtime: Runtime;
  evaluate: (id: string, args: unknown[]) => Promise<CallResult>;
  explain: (id: string, args: unknown[]) => Promise<{ result: CallResult; steps: string[] }>;
  configure: (s: Partial<Settings>) => Settings;
  save: Runtime['save'];
  catalog: () => ReturnType<Runtime['catalog']>;
  policies: () => ReturnType<Runtime['policies']>;
  templates: () => Template[];
  lastCall: (address: string) => { id: string; args: unknown[] } | undefined;
  numberFormats: Record<string, string | undefined>;
  version: string;
}

const api = (globalThis as unknown as { PolicyCell: Api }).PolicyCell;
const inExcel = () => typeof Excel !== 'undefined' && typeof Office !== 'undefined' && Office.context?.host === Office.HostType.Excel;
type Tab = 'evaluate' | 'functions' | 'settings';
let lang: Lang = api.runtime.current.lang;
let tab: Tab = 'evaluate';
let selectedFn = 'COMMISSION';

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

async function showCall(id: string, args: unknown[], out: HTMLElement, steps: HTMLElement): Promise<void> {
  const [r, x] = await Promise.all([api.evaluate(id, args), api.explain(id, args)]);
  out.textContent = '';
  if ('error' in r) {
    out.className = 'result error';
    out.textContent = `${r.error.code} ${r.error.message}`;
  } else out.append(show(r.value));
  steps.textContent = x.steps.join('\n');
}

async function runFormula(text: string, out: HTMLElement, steps: HTMLElement): Promise<void> {
  out.className = 'result';
  out.textContent = '…';
  steps.textContent = '';
  try {
    const f = parseFormula(text);
    await showCall(f.fn, await resolveArgs(f.args), out, steps);
  } catch (e) {
    out.className = 'result error';
    out.textContent = `${tr('badFormula', lang)}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function statusLine(): HTMLElement {
  const s = api.runtime.current;
  const policy = api.runtime.policy() ?? api.runtime.defaultPolicy();
  return el('p', { class: 'status', 'data-testid': 'status' }, `${s.mode === 'remote' && s.endpoint ? tr('statusRemote', lang) : tr('statusLocal', lang)} · ${policy} · ${inExcel() ? tr('inExcel', lang) : tr('inBrowser', lang)} · v${api.version}`);
}

function evaluateTab(): HTMLElement {
  const input = el('textarea', { 'data-testid': 'formula-input', id: 'formula', spellcheck: 'false', placeholder: '=POLICY.COMMISSION(52000)', 'data-focus': 'formula' });
  input.value = (document.getElementById('formula') as HTMLTextAreaElement | null)?.value || sessionStorage.getItem('policycell.formula') || '=POLICY.COMMISSION(52000)';
  const result = el('div', { class: 'result', 'data-testid': 'formula-result', role: 'status', id: 'result' });
  const steps = el('pre', { class: 'explain', 'data-testid': 'formula-explain', id: 'explanation', tabindex: '0' });
  const go = el('button', { type: 'button', class: 'primary', 'data-testid': 'formula-evaluate', 'data-focus': 'evaluate', text: tr('evaluate', lang) });
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
    const sel = el('button', { type: 'button', class: 'secondary', 'data-testid': 'explain-selected', 'data-focus': 'explain-selected', text: tr('explainSelected', lang) });
    sel.addEventListener('click', () => void explainSelected(input, result, steps));
    row.append(sel);
  }
  const section = el(
    'div',
    {},
    el('label', { for: 'formula', text: tr('formula', lang) }),
    input,
    row,
    el('div', { class: 'card' }, el('h2', { class: 'muted', id: 'result-label', text: tr('result', lang) }), result),
    el('div', { class: 'card' }, el('h2', { class: 'muted', text: tr('steps', lang) }), steps),
  );
  queueMicrotask(run);
  return section;
}

/**
 * Explains the selected cell with the very arguments Excel last passed to its POLICY call (the
 * invocation's address tells which cell called), so nested formulas and references to other sheets
 * are explained exactly; a cell not computed since the add-in started is read from its formula.
 */
async function explainSelected(input: HTMLTextAreaElement, result: HTMLElement, steps: HTMLElement): Promise<void> {
  const cell = await Excel.run(async (ctx) => {
    const r = ctx.workbook.getSelectedRange();
    r.load(['formulas', 'address']);
    await ctx.sync();
    return { formula: String((r.formulas as unknown[][])[0]?.[0] ?? ''), address: r.address.split(':')[0]! };
  });
  if (!/POLICY/i.test(cell.formula)) {
    result.className = 'result error';
    result.textContent = tr('noFormula', lang);
    steps.textContent = '';
    return;
  }
  input.value = cell.formula;
  const last = api.lastCall(cell.address);
  if (last && cell.formula.toUpperCase().includes(last.id)) {
    result.className = 'result';
    await showCall(last.id, last.args, result, steps);
  } else await runFormula(cell.formula, result, steps);
}

/** Shows what went wrong in a status line, in the pane's language. */
function failed(note: HTMLElement, what: 'saveFailed' | 'insertFailed', e: unknown): void {
  note.className = 'error';
  note.textContent = `${tr(what, lang)}: ${(e as { message?: string } | null)?.message ?? String(e)}`;
}

function formulaOf(id: string, args: readonly unknown[]): string {
  const lit = (v: unknown): string =>
    v === null ? '' : typeof v === 'string' ? `"${v.replace(/"/g, '""')}"` : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : Array.isArray(v) ? `{${(v as unknown[][]).map((r) => r.map(lit).join(',')).join(';')}}` : String(v);
  return `=POLICY.${id}(${args.map(lit).join(', ')})`;
}

/** The number format a function's result gets when it is inserted into a cell (dates and money). */
function resultFormat(result: string): string | undefined {
  return result === 'date' || result === 'money' ? api.numberFormats[result] : undefined;
}

function functionsTab(): HTMLElement {
  const search = el('input', { type: 'search', id: 'fn-search', placeholder: tr('searchHint', lang), 'data-testid': 'function-search', 'data-focus': 'fn-search', 'aria-describedby': 'fn-count' });
  search.value = sessionStorage.getItem('policycell.search') ?? '';
  const count = el('p', { class: 'muted', id: 'fn-count', role: 'status' });
  const list = el('div', { class: 'fns', role: 'group', 'aria-label': tr('functionList', lang), 'data-testid': 'function-list' });
  const detail = el('div', { class: 'card', 'data-testid': 'function-detail', id: 'fn-detail' });
  const catalog = api.catalog();
  const buttons = () => [...list.querySelectorAll<HTMLButtonElement>('button[data-id]')];
  const renderDetail = () => {
    const f = catalog.find((x) => x.id === selectedFn) ?? catalog[0]!;
    detail.textContent = '';
    const sig = `POLICY.${lang === 'zh-CN' ? f.names['zh-CN'] : f.id}(${f.params.map((p) => (p.repeating ? `${p.label}…` : p.optional ? `[${p.label}]` : p.label)).join(', ')})`;
    detail.append(el('h2', { text: `${f.id} · ${f.name}` }), el('code', { text: sig }), el('p', { text: f.description }));
    if (f.params.length) {
      const table = el('table', { class: 'grid' }, el('caption', { class: 'muted', text: tr('params', lang) }));
      for (const p of f.params) table.append(el('tr', {}, el('th', { scope: 'row', text: p.label }), el('td', { text: `${p.description}${p.optional ? ` (${tr('optional', lang)})` : ''}` })));
      detail.append(table);
    }
    detail.append(el('p', { class: 'muted', text: `${tr('source', lang)}: ${f.source}` }));
    const ex = f.examples[0];
    if (!ex) return;
    const formula = formulaOf(f.id, ex.args);
    detail.append(el('p', { class: 'muted', text: tr('example', lang) }), el('code', { text: formula }));
    const row = el('div', { class: 'row' });
    const note = el('span', { class: 'ok', role: 'status' });
    const tryIt = el('button', { type: 'button', class: 'secondary', 'data-focus': 'try-it', text: tr('tryIt', lang) });
    tryIt.addEventListener('click', () => {
      sessionStorage.setItem('policycell.formula', formula);
      (document.getElementById('formula') as HTMLTextAreaElement | null)?.remove();
      tab = 'evaluate';
      draw('tab-evaluate');
    });
    row.append(tryIt);
    if (inExcel()) {
      const ins = el('button', { type: 'button', class: 'primary', 'data-testid': 'insert-function', 'data-focus': 'insert', text: tr('insert', lang) });
      ins.addEventListener('click', () => {
        note.className = 'ok';
        note.textContent = '…';
        Excel.run(async (ctx) => {
          const cell = ctx.workbook.getActiveCell();
          cell.formulas = [[formula]];
          const fmt = resultFormat(f.result);
          if (fmt) cell.numberFormat = [[fmt]];
          await ctx.sync();
        }).then(
          () => (note.textContent = tr('inserted', lang)),
          (e: unknown) => failed(note, 'insertFailed', e),
        );
      });
      row.append(ins);
    }
    detail.append(row, note);
  };
  const renderList = () => {
    const q = search.value.trim().toLowerCase();
    sessionStorage.setItem('policycell.search', search.value);
    list.textContent = '';
    let section: Section | undefined;
    let ul: HTMLUListElement | undefined;
    let shown = 0;
    for (const f of catalog) {
      const hay = `${f.id} ${f.names['zh-CN']} ${f.names.en} ${f.description}`.toLowerCase();
      if (q && !hay.includes(q)) continue;
      if (f.section !== section || !ul) {
        section = f.section;
        const hid = `sec-${f.section}`;
        ul = el('ul', { 'aria-labelledby': hid });
        list.append(el('h3', { id: hid, text: UI.sections[f.section][lang] }), ul);
      }
      const current = f.id === selectedFn;
      const b = el('button', { type: 'button', 'data-id': f.id, 'data-focus': `fn-${f.id}`, 'aria-controls': 'fn-detail', tabindex: current ? '0' : '-1' }, el('code', { text: f.id }), el('span', { text: f.name }));
      if (current) b.setAttribute('aria-current', 'true');
      ul.append(el('li', {}, b));
      shown++;
    }
    count.textContent = shown ? `${shown} / ${catalog.length}` : tr('noMatch', lang);
    // One button of the list is in the tab order (the current one, else the first): arrows move within it.
    const bs = buttons();
    if (bs.length && !bs.some((b) => b.tabIndex === 0)) bs[0]!.tabIndex = 0;
  };
  const choose = (id: string) => {
    selectedFn = id;
    for (const b of buttons()) {
      const on = b.dataset.id === id;
      b.tabIndex = on ? 0 : -1;
      if (on) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
    renderDetail();
  };
  list.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-id]');
    if (b) choose(b.dataset.id!);
  });
  list.addEventListener('keydown', (e) => {
    const bs = buttons();
    const i = bs.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const to = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? bs.length - 1 : -2;
    if (to === -2) return;
    e.preventDefault();
    const b = bs[Math.max(0, Math.min(bs.length - 1, to))]!;
    choose(b.dataset.id!);
    b.focus();
  });
  search.addEventListener('input', renderList);
  renderList();
  renderDetail();
  return el('div', {}, el('label', { for: 'fn-search', text: tr('search', lang) }), search, count, detail, list);
}

/** Lays a template into a new worksheet of the open workbook: the same cells and formats `policycell template` writes. */
async function insertTemplate(t: Template): Promise<void> {
  await Excel.run(async (ctx) => {
    const sheets = ctx.workbook.worksheets;
    sheets.load('items/name');
    await ctx.sync();
    const taken = new Set(sheets.items.map((w) => w.name));
    let name = t.sheetName;
    for (let i = 2; taken.has(name); i++) name = `${t.sheetName} ${i}`;
    const ws = sheets.add(name);
    const L = t.layout;
    const all = ws.getRange(`A1:${t.lastColumn}${L.totalRow}`);
    // Formats first, so that dates typed as serials show as dates from the start.
    all.numberFormat = t.formats;
    all.formulas = t.grid as never;
    ws.getRange('A1').format.font.bold = true;
    const header = ws.getRange(`A${L.headerZh}:${t.lastColumn}${L.headerZh}`);
    header.format.fill.color = '#0F6CBD';
    header.format.font.color = '#FFFFFF';
    header.format.font.bold = true;
    for (const col of t.inputColumns) ws.getRange(`${col}${L.firstData}:${col}${L.lastData}`).format.fill.color = '#FFF4CE';
    ws.getRange(`A${L.totalRow}:${t.lastColumn}${L.totalRow}`).format.font.bold = true;
    all.format.autofitColumns();
    ws.activate();
    await ctx.sync();
  });
}

function settingsTab(): HTMLElement {
  const s = api.runtime.current;
  const mode = el('select', { id: 'set-mode', 'data-testid': 'settings-mode', 'data-focus': 'set-mode' }, el('option', { value: 'local', text: tr('local', lang) }), el('option', { value: 'remote', text: tr('remote', lang) }));
  mode.value = s.mode;
  const endpoint = el('input', { id: 'set-endpoint', type: 'url', value: s.endpoint, placeholder: 'https://policycell.example.com', 'data-testid': 'settings-endpoint', 'data-focus': 'set-endpoint' });
  const key = el('input', { id: 'set-key', type: 'password', value: s.apiKey, autocomplete: 'off', 'data-testid': 'settings-key', 'data-focus': 'set-key', 'aria-describedby': 'key-where' });
  // The list shows the workbook's actual policy (even one this copy of the add-in does not ship), so
  // Save never changes it unless the user picked another.
  const own = s.policy;
  const known = api.policies();
  const options = [el('option', { value: '', text: UI.policyNone[lang](api.runtime.defaultPolicy()) }), ...known.map((p) => el('option', { value: p.ref, text: `${p.ref} — ${p.title}` }))];
  if (own && !known.some((p) => p.ref === own)) options.push(el('option', { value: own, text: `${own} ${tr('policyUnknown', lang)}` }));
  const policy = el('select', { id: 'set-policy', 'data-testid': 'settings-policy', 'data-focus': 'set-policy', 'aria-describedby': 'policy-where' }, ...options);
  policy.value = own;
  const saved = el('span', { class: 'ok', role: 'status', 'data-testid': 'settings-saved' });
  const templateNote = el('span', { class: 'ok', role: 'status', 'data-testid': 'template-note' });
  const save = el('button', { type: 'button', class: 'primary', text: tr('save', lang), 'data-testid': 'settings-save', 'data-focus': 'set-save' });
  save.addEventListener('click', () => {
    const change: Parameters<Api['save']>[0] = { mode: mode.value as Settings['mode'], endpoint: endpoint.value.trim(), apiKey: key.value };
    // Compared with the workbook's policy now (an earlier Save may have changed it), never with ''.
    if (policy.value !== api.runtime.current.policy) change.policy = policy.value;
    saved.className = 'ok';
    saved.textContent = '…';
    api.save(change).then(
      (r) => {
        saved.textContent = r.recalculated ? tr('savedRecalc', lang) : r.recalcError ? `${tr('savedNoRecalc', lang)} (${r.recalcError})` : tr('saved', lang);
        document.querySelector('.status')?.replaceWith(statusLine());
      },
      (e: unknown) => failed(saved, 'saveFailed', e),
    );
  });
  return el(
    'div',
    {},
    el('label', { for: 'set-mode', text: tr('mode', lang) }),
    mode,
    el('label', { for: 'set-endpoint', text: tr('endpoint', lang) }),
    endpoint,
    el('label', { for: 'set-key', text: tr('apiKey', lang) }),
    key,
    el('p', { class: 'muted', id: 'key-where', text: tr('apiKeyWhere', lang) }),
    el('label', { for: 'set-policy', text: inExcel() ? tr('policy', lang) : tr('policyBrowser', lang) }),
    policy,
    el('p', { class: 'muted', id: 'policy-where', text: tr('policyWhere', lang) }),
    el('div', { class: 'row' }, save, saved),
    ...(inExcel()
      ? [
          el('h2', { text: tr('templates', lang) }),
          el(
            'div',
            { class: 'row' },
            templateNote,
            ...api.templates().map((t) => {
              const b = el('button', { type: 'button', class: 'secondary', text: t.title[lang], 'data-template': t.id, 'data-focus': `tpl-${t.id}` });
              b.addEventListener('click', () => {
                templateNote.className = 'ok';
                templateNote.textContent = '…';
                insertTemplate(t).then(
                  () => (templateNote.textContent = tr('inserted', lang)),
                  (e: unknown) => failed(templateNote, 'insertFailed', e),
                );
              });
              return b;
            }),
          ),
        ]
      : []),
  );
}

const TABS: Tab[] = ['evaluate', 'functions', 'settings'];
const TAB_TEXT = { evaluate: 'tabEvaluate', functions: 'tabFunctions', settings: 'tabSettings' } as const;

/** Redraws the pane, keeping the focus (and the caret) where it was: a redraw never drops it to <body>. */
function draw(focusKey?: string): void {
  const active = document.activeElement as HTMLElement | null;
  const keep = focusKey ?? active?.dataset?.focus;
  const caret = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? ([active.selectionStart ?? 0, active.selectionEnd ?? 0] as const) : undefined;
  const app = document.getElementById('app')!;
  document.documentElement.lang = lang;
  document.title = tr('title', lang);
  const langSel = el('select', { 'aria-label': tr('language', lang), 'data-testid': 'language', 'data-focus': 'language' }, el('option', { value: 'zh-CN', lang: 'zh-CN', text: '中文' }), el('option', { value: 'en', lang: 'en', text: 'English' }));
  langSel.value = lang;
  langSel.addEventListener('change', () => {
    lang = api.configure({ lang: langSel.value as Lang, langChosen: true }).lang;
    draw();
  });
  const tablist = el('div', { role: 'tablist', 'aria-label': tr('tabs', lang) });
  for (const id of TABS) {
    const b = el('button', { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}`, 'aria-selected': String(tab === id), tabindex: tab === id ? '0' : '-1', 'data-testid': `tab-${id}`, 'data-focus': `tab-${id}`, text: tr(TAB_TEXT[id], lang) });
    b.addEventListener('click', () => {
      tab = id;
      draw(`tab-${id}`);
    });
    tablist.append(b);
  }
  tablist.addEventListener('keydown', (e) => {
    const i = TABS.indexOf(tab);
    const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : undefined;
    if (to === undefined) return;
    e.preventDefault();
    tab = TABS[(to + TABS.length) % TABS.length]!;
    draw(`tab-${tab}`);
  });
  const body = tab === 'evaluate' ? evaluateTab() : tab === 'functions' ? functionsTab() : settingsTab();
  const panel = el('section', { role: 'tabpanel', id: `panel-${tab}`, 'aria-labelledby': `tab-${tab}` }, body);
  app.replaceChildren(el('header', {}, el('img', { src: 'assets/icon-32.png', alt: '' }), el('h1', { text: tr('title', lang) }), langSel), el('main', {}, statusLine(), tablist, panel));
  const target = keep ? app.querySelector<HTMLElement>(`[data-focus="${CSS.escape(keep)}"]`) : null;
  if (target) {
    target.focus();
    if (caret && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) {
      try {
        target.setSelectionRange(caret[0], caret[1]);
      } catch {
        // some input types (url) have no caret
      }
    }
  }
}

function start(): void {
  const params = new URLSearchParams(location.search);
  const asked = params.get('lang');
  if (asked) api.configure({ lang: asked as Lang });
  lang = api.runtime.current.lang;
  draw();
}

// Inside Office the pane waits for the runtime (the workbook's settings, config.json) before it shows them.
void api.runtime.whenReady().then(start);
