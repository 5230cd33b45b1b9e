/**
 * A model of the Office runtime as Excel gives it to an add-in with a shared runtime: enough of
 * office.js (`Office`, `Excel`, `OfficeRuntime`) and of the custom-functions runtime
 * (`CustomFunctions`) to run the built functions.js and taskpane.js outside Excel.
 *
 * It is modelled on Microsoft's published types (@types/office-js, @types/office-runtime,
 * @types/custom-functions-runtime) and documentation, not on what PolicyCell expects:
 * - every workbook open in Excel runs its own copy of the add-in; they share one `localStorage`
 *   (one per origin) and one `OfficeRuntime.storage` (one per user), while each has its own
 *   `Office.context.document.settings`, which reach the file only through `saveAsync`;
 * - `Office.onReady` resolves when Office is ready, possibly well after the scripts ran;
 * - a custom function is called with one argument per declared parameter (null for an optional one
 *   the formula leaves out; a 2-D array for a `matrix` parameter, even for one value; a repeating
 *   parameter as one array of its values) and then, always, the `Invocation` object, which carries
 *   the calling cell's address when the metadata asks for it ("Invocation parameter", "Optional
 *   parameters", "Repeating parameters" in Microsoft's custom-functions docs);
 *   a call made before its id is associated waits (Excel shows #BUSY!);
 * - a thrown `CustomFunctions.Error` becomes that error in the cell, with its message only for
 *   #VALUE! and #N/A; any other throw is #VALUE!;
 * - `Excel.run` queues commands and property writes on proxy objects; `context.sync()` runs them and
 *   fills what was `load`ed; reading a property that was not loaded throws, as Office does.
 *
 * It has no Node imports: the same module runs in vitest and, bundled as office.js, in Chromium.
 */

export interface MetaParam {
  name: string;
  dimensionality?: 'scalar' | 'matrix';
  optional?: boolean;
  repeating?: boolean;
}
export interface MetaFunction {
  id: string;
  name: string;
  parameters: MetaParam[];
  result: { dimensionality?: 'scalar' | 'matrix' };
  options?: { requiresAddress?: boolean };
}
export interface Metadata {
  functions: MetaFunction[];
}

export type CellValue = number | string | boolean | null;
export type CellError = { error: string; message?: string };
export type Result = CellValue | CellValue[][] | CellError;

/** `OfficeRuntime.storage`: asynchronous, per user, shared by every workbook's add-in. */
export class KeyStoreModel {
  readonly items = new Map<string, string>();
  getItem = async (k: string) => this.items.get(k) ?? null;
  setItem = async (k: string, v: string) => void this.items.set(k, String(v));
  removeItem = async (k: string) => void this.items.delete(k);
  getItems = async (keys: string[]) => Object.fromEntries(keys.map((k) => [k, this.items.get(k) ?? null]));
  setItems = async (kv: Record<string, string>) => void Object.entries(kv).forEach(([k, v]) => this.items.set(k, v));
  removeItems = async (keys: string[]) => void keys.forEach((k) => this.items.delete(k));
  getKeys = async () => [...this.items.keys()];
}

/** A Storage (the Web API), for the `localStorage` every copy of the add-in shares. */
export class StorageModel {
  private readonly m = new Map<string, string>();
  get length(): number {
    return this.m.size;
  }
  key(i: number): string | null {
    return [...this.m.keys()][i] ?? null;
  }
  getItem(k: string): string | null {
    return this.m.get(String(k)) ?? null;
  }
  setItem(k: string, v: string): void {
    this.m.set(String(k), String(v));
  }
  removeItem(k: string): void {
    this.m.delete(String(k));
  }
  clear(): void {
    this.m.clear();
  }
}

/** What the user of this machine shares between workbooks. */
export interface UserModel {
  localStorage: StorageModel;
  keyStore: KeyStoreModel;
  /** The workbooks open in this Excel (Application.calculate recalculates all of them). */
  workbooks?: WorkbookModel[];
}

export function newUser(): UserModel {
  return { localStorage: new StorageModel(), keyStore: new KeyStoreModel(), workbooks: [] };
}

export interface WorkbookOptions {
  name?: string;
  /** Settings saved in the file (`<we:property>` of the webextension part), by name. */
  settings?: Record<string, unknown>;
  /** Office's display language (`Office.context.displayLanguage`). */
  displayLanguage?: string;
  /** null: office.js outside Office (a plain browser page): onReady gives no host and no document. */
  host?: 'Excel' | null;
  /** When Office.onReady resolves: after this many ms, or only when `ready()` is called. */
  readyAfterMs?: number | 'manual';
  /** Requirement sets this Excel supports (default ExcelApi 1.1–1.17 and SharedRuntime 1.1). */
  apiSets?: Record<string, string>;
  /** settings.saveAsync fails with this message (a read-only or locked file). */
  failSaves?: string;
  /** Excel.run rejects with this message (Excel in cell-edit mode). */
  failRuns?: string;
  /** The metadata Excel read for the display language (functions.json or functions.zh-CN.json). */
  metadata: Metadata | (() => Promise<Metadata>);
  /** Cells: { 'Sheet1': { A1: 52000, B1: '=POLICY.COMMISSION(A1)' } }. */
  sheets?: Record<string, Record<string, CellValue>>;
  namespace?: string;
}

interface Cell {
  value: Result;
  formula?: string;
  numberFormat: string;
  fill?: string;
  bold?: boolean;
  fontColor?: string;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

const COL = (s: string) => [...s.toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
const LETTERS = (n: number) => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

function parseCell(a: string): { row: number; col: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(a);
  if (!m) throw new Error(`model: not a cell address: ${a}`);
  return { col: COL(m[1]!), row: Number(m[2]) };
}

/** A range address ("Sheet1!A1:B2", "B2") as its sheet and corners. */
function parseRange(address: string, defaultSheet: string): { sheet: string; r0: number; c0: number; r1: number; c1: number } {
  const bang = address.lastIndexOf('!');
  const sheet = bang >= 0 ? address.slice(0, bang).replace(/^'|'$/g, '').replace(/''/g, "'") : defaultSheet;
  const [a, b] = address.slice(bang + 1).split(':');
  const p = parseCell(a!);
  const q = b ? parseCell(b) : p;
  return { sheet, r0: Math.min(p.row, q.row), c0: Math.min(p.col, q.col), r1: Math.max(p.row, q.row), c1: Math.max(p.col, q.col) };
}

const quoteSheet = (s: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : `'${s.replace(/'/g, "''")}'`);

/** An argument as the model's formula reader sees it. */
type FormulaArg = { kind: 'empty' } | { kind: 'value'; value: CellValue | CellValue[][] } | { kind: 'ref'; ref: string };

/**
 * Reads `=POLICY.NAME(arg, …)` where each argument is a number, "text", TRUE/FALSE, an array
 * constant {1,2;3,4}, a cell or range reference, or nothing. The model computes only such cells;
 * any other formula is kept as typed, with no value.
 */
function readFormula(formula: string, namespace: string): { name: string; args: FormulaArg[] } | undefined {
  const m = new RegExp(`^=\\s*${namespace}\\.([^(\\s]+)\\((.*)\\)\\s*$`, 'is').exec(formula);
  if (!m) return undefined;
  const body = m[2]!;
  const args: FormulaArg[] = [];
  let i = 0;
  const ws = () => {
    while (/\s/.test(body[i] ?? '')) i++;
  };
  const scalar = (): CellValue => {
    ws();
    if (body[i] === '"') {
      let s = '';
      for (i++; i < body.length; i++) {
        if (body[i] === '"') {
          if (body[i + 1] === '"') {
            s += '"';
            i++;
            continue;
          }
          i++;
          return s;
        }
        s += body[i];
      }
      throw new Error('model: unclosed string');
    }
    const w = /^[^,;{}()\s]+/.exec(body.slice(i))?.[0] ?? '';
    i += w.length;
    if (/^true$/i.test(w)) return true;
    if (/^false$/i.test(w)) return false;
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(w)) return Number(w);
    throw new Error(`model: cannot read "${w}" in ${formula}`);
  };
  if (!body.trim()) return { name: m[1]!, args };
  for (;;) {
    ws();
    if (body[i] === ',' || i >= body.length) args.push({ kind: 'empty' });
    else if (body[i] === '{') {
      i++;
      const rows: CellValue[][] = [[]];
      for (;;) {
        ws();
        if (body[i] === '}') {
          i++;
          break;
        }
        if (body[i] === ',') i++;
        else if (body[i] === ';') {
          i++;
          rows.push([]);
        } else rows.at(-1)!.push(scalar());
      }
      args.push({ kind: 'value', value: rows });
    } else {
      const ref = /^((?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?[A-Za-z]{1,3}\$?\d+(:\$?[A-Za-z]{1,3}\$?\d+)?(?=\s*(,|$))/.exec(body.slice(i));
      if (ref) {
        i += ref[0].length;
        args.push({ kind: 'ref', ref: ref[0] });
      } else args.push({ kind: 'value', value: scalar() });
    }
    ws();
    if (i >= body.length) return { name: m[1]!, args };
    if (body[i] !== ',') throw new Error(`model: unexpected "${body[i]}" in ${formula}`);
    i++;
  }
}

export class CustomFunctionsError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message);
    this.name = 'CustomFunctions.Error';
    if (message === undefined) (this as { message?: string }).message = undefined;
  }
}

const ERROR_CODE = { invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!', invalidNumber: '#NUM!', nullReference: '#NULL!', invalidName: '#NAME?', invalidReference: '#REF!' } as const;

/** One workbook open in Excel, with its copy of the add-in's runtime globals. */
export class WorkbookModel {
  readonly name: string;
  readonly host: 'Excel' | null;
  /** The settings saved in the file; `live` is what the add-in sees until it saves. */
  readonly savedSettings: Map<string, string>;
  private readonly liveSettings: Map<string, unknown>;
  readonly sheets = new Map<string, Map<string, Cell>>();
  activeSheet: string;
  selection = 'A1';
  readonly calculations: string[] = [];
  readonly saves: number[] = [];
  /** Every argument list a custom function received, for the tests. */
  readonly received: { id: string; args: unknown[] }[] = [];
  private readonly associated = new Map<string, (...a: unknown[]) => unknown>();
  private readonly settingsHandlers: ((e: unknown) => void)[] = [];
  private readonly waitingFor = new Map<string, (() => void)[]>();
  private readyResolve!: () => void;
  private readonly readyPromise: Promise<void>;
  private metadataCache: Promise<Metadata> | undefined;
  private pending = new Set<Promise<unknown>>();
  readonly namespace: string;
  /** The globals this workbook's copy of the add-in sees. */
  readonly globals: Record<string, unknown>;

  constructor(
    readonly user: UserModel,
    private readonly opts: WorkbookOptions,
  ) {
    this.name = opts.name ?? 'Book1';
    this.host = opts.host === undefined ? 'Excel' : opts.host;
    this.namespace = opts.namespace ?? 'POLICY';
    // Excel keeps settings as JSON text in the file and hands back the parsed value.
    this.savedSettings = new Map(Object.entries(opts.settings ?? {}).map(([k, v]) => [k, JSON.stringify(v)]));
    this.liveSettings = new Map([...this.savedSettings].map(([k, v]) => [k, JSON.parse(v) as unknown]));
    for (const [sheet, cells] of Object.entries(opts.sheets ?? { Sheet1: {} })) {
      const m = new Map<string, Cell>();
      this.sheets.set(sheet, m);
      for (const [a, v] of Object.entries(cells)) {
        const key = a.toUpperCase();
        if (typeof v === 'string' && v.startsWith('=')) m.set(key, { value: null, formula: v, numberFormat: 'General' });
        else m.set(key, { value: v, numberFormat: 'General' });
      }
    }
    this.activeSheet = [...this.sheets.keys()][0]!;
    this.readyPromise = new Promise((r) => (this.readyResolve = r));
    if (opts.readyAfterMs !== 'manual') setTimeout(() => this.readyResolve(), opts.readyAfterMs ?? 0);
    this.globals = this.makeGlobals();
    user.workbooks?.push(this);
  }

  /**
   * A co-author saved a setting into the shared file: the saved settings change and the add-in's
   * settingsChanged handlers run (its in-memory copy changes only on refreshAsync).
   */
  coauthorSaves(name: string, value: unknown): void {
    this.savedSettings.set(name, JSON.stringify(value));
    for (const h of this.settingsHandlers) h({ type: 'settingsChanged' });
  }

  /** Office has finished loading: Office.onReady resolves. */
  ready(): void {
    this.readyResolve();
  }

  private metadata(): Promise<Metadata> {
    const m = this.opts.metadata;
    this.metadataCache ??= typeof m === 'function' ? m() : Promise.resolve(m);
    return this.metadataCache;
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => undefined);
    return p;
  }

  /** Resolves when every calculation started so far has finished. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** The settings as they would be written into the file now. */
  fileSettings(): Record<string, unknown> {
    return Object.fromEntries([...this.savedSettings].map(([k, v]) => [k, JSON.parse(v) as unknown]));
  }

  private cells(sheet: string): Map<string, Cell> {
    const m = this.sheets.get(sheet);
    if (!m) throw new Error(`model: no sheet ${sheet}`);
    return m;
  }

  cell(address: string): Cell | undefined {
    const r = parseRange(address, this.activeSheet);
    return this.sheets.get(r.sheet)?.get(`${LETTERS(r.c0)}${r.r0}`);
  }

  /** A cell's value as Excel shows it: a value, a spilled array, or { error, message }. */
  value(address: string): Result {
    return this.cell(address)?.value ?? null;
  }

  private rangeValues(address: string): CellValue[][] {
    const r = parseRange(address, this.activeSheet);
    const cells = this.cells(r.sheet);
    const rows: CellValue[][] = [];
    for (let row = r.r0; row <= r.r1; row++) {
      const out: CellValue[] = [];
      for (let col = r.c0; col <= r.c1; col++) {
        const v = cells.get(`${LETTERS(col)}${row}`)?.value ?? null;
        out.push(v !== null && typeof v === 'object' ? null : (v as CellValue));
      }
      rows.push(out);
    }
    return rows;
  }

  /** Sets a cell as a user would type it ("=POLICY.X(…)" or a constant) and recalculates what depends on it. */
  async type(address: string, input: CellValue): Promise<void> {
    const r = parseRange(address, this.activeSheet);
    const key = `${LETTERS(r.c0)}${r.r0}`;
    const cells = this.cells(r.sheet);
    const old = cells.get(key);
    if (typeof input === 'string' && input.startsWith('=')) cells.set(key, { ...(old ?? { numberFormat: 'General' }), value: null, formula: input });
    else cells.set(key, { ...(old ?? { numberFormat: 'General' }), value: input, formula: undefined });
    await this.calculate('Recalculate', [`${r.sheet}!${key}`]);
  }

  /**
   * Excel's calculation: "Full" and "FullRebuild" compute every formula; "Recalculate" only those
   * given (dirty) ones. Custom functions run concurrently, as Excel calls them.
   */
  calculate(type: string, dirty?: string[], onlySheet?: string): Promise<void> {
    const jobs: Promise<void>[] = [];
    for (const [sheet, cells] of this.sheets) {
      if (onlySheet !== undefined && sheet !== onlySheet) continue;
      for (const [a, c] of cells) {
        if (!c.formula) continue;
        if (type === 'Recalculate' && dirty && !dirty.includes(`${sheet}!${a}`)) continue;
        if (type === 'Recalculate' && !dirty) continue;
        jobs.push(this.track(this.evaluateCell(sheet, a, c)));
      }
    }
    return Promise.all(jobs).then(() => undefined);
  }

  private async evaluateCell(sheet: string, address: string, c: Cell): Promise<void> {
    const f = readFormula(c.formula!, this.namespace);
    if (!f) return;
    c.value = await this.invoke(f.name, f.args, `${quoteSheet(sheet)}!${address}`, sheet);
  }

  /** Calls a custom function by its name in the formula (id or localised name), as Excel does. */
  async call(name: string, formulaArgs: (CellValue | CellValue[][] | undefined)[], address = `${quoteSheet(this.activeSheet)}!Z99`): Promise<Result> {
    return this.invoke(
      name,
      formulaArgs.map((a) => (a === undefined ? { kind: 'empty' } : { kind: 'value', value: a })),
      address,
      this.activeSheet,
    );
  }

  private async invoke(name: string, formulaArgs: FormulaArg[], address: string, sheet: string): Promise<Result> {
    const meta = await this.metadata();
    const f = meta.functions.find((x) => x.name.toUpperCase() === name.toUpperCase() || x.id.toUpperCase() === name.toUpperCase());
    if (!f) return { error: '#NAME?' };
    const params = f.parameters;
    const repeating = params.at(-1)?.repeating === true;
    const fixed = repeating ? params.length - 1 : params.length;
    if (!repeating && formulaArgs.length > params.length) throw new Error(`model: Excel refuses ${name} with ${formulaArgs.length} arguments (it declares ${params.length})`);
    const required = params.filter((p) => !p.optional && !p.repeating).length;
    if (formulaArgs.length < required) throw new Error(`model: Excel refuses ${name} with ${formulaArgs.length} arguments (it needs ${required})`);
    const one = (a: FormulaArg | undefined, p: MetaParam): unknown => {
      if (!a || a.kind === 'empty') return null;
      const v = a.kind === 'ref' ? this.rangeValues(a.ref.includes('!') ? a.ref : `${quoteSheet(sheet)}!${a.ref}`) : a.value;
      if (p.dimensionality === 'matrix') return Array.isArray(v) ? v : [[v]];
      if (Array.isArray(v)) return v.length === 1 && v[0]!.length === 1 ? v[0]![0] : { implicitIntersectionFailed: true };
      return v;
    };
    const args: unknown[] = [];
    for (let i = 0; i < fixed; i++) args.push(one(formulaArgs[i], params[i]!));
    if (repeating) args.push(formulaArgs.slice(fixed).map((a) => one(a, params.at(-1)!)));
    if (args.some((a) => typeof a === 'object' && a !== null && 'implicitIntersectionFailed' in a)) return { error: '#VALUE!' };
    const invocation: { functionName: string; address?: string } = { functionName: `${this.namespace}.${f.id}` };
    if (f.options?.requiresAddress) invocation.address = address;
    args.push(invocation);
    const fn = await this.associatedFn(f.id);
    this.received.push({ id: f.id, args });
    let out: Settled<unknown>;
    try {
      out = { ok: true, value: await fn(...args) };
    } catch (error) {
      out = { ok: false, error };
    }
    if (!out.ok) {
      const e = out.error as { code?: unknown; message?: unknown };
      if (e instanceof CustomFunctionsError) return e.code === '#VALUE!' || e.code === '#N/A' ? { error: e.code, message: e.message } : { error: e.code };
      return { error: '#VALUE!' };
    }
    const v = out.value;
    if (v === undefined) return { error: '#VALUE!' };
    return v as Result;
  }

  private associatedFn(id: string): Promise<(...a: unknown[]) => unknown> {
    const fn = this.associated.get(id.toUpperCase());
    if (fn) return Promise.resolve(fn);
    return new Promise((resolve) => {
      const list = this.waitingFor.get(id.toUpperCase()) ?? [];
      list.push(() => resolve(this.associated.get(id.toUpperCase())!));
      this.waitingFor.set(id.toUpperCase(), list);
    });
  }

  private associate(idOrMap: string | Record<string, (...a: unknown[]) => unknown>, fn?: (...a: unknown[]) => unknown): void {
    const entries = typeof idOrMap === 'string' ? [[idOrMap, fn!] as const] : Object.entries(idOrMap);
    for (const [id, f] of entries) {
      if (typeof f !== 'function') throw new Error(`model: associate(${id}) needs a function`);
      const key = id.toUpperCase();
      this.associated.set(key, f);
      for (const w of this.waitingFor.get(key) ?? []) w();
      this.waitingFor.delete(key);
    }
  }

  /** Ids associated so far. */
  associatedIds(): string[] {
    return [...this.associated.keys()];
  }

  private makeGlobals(): Record<string, unknown> {
    const succeeded = 'succeeded';
    const settings = {
      get: (name: string) => (this.liveSettings.has(name) ? this.liveSettings.get(name) : null),
      set: (name: string, value: unknown) => void this.liveSettings.set(name, JSON.parse(JSON.stringify(value)) as unknown),
      remove: (name: string) => void this.liveSettings.delete(name),
      saveAsync: (a?: unknown, b?: unknown) => {
        const cb = (typeof a === 'function' ? a : b) as ((r: { status: string; value: undefined; error?: { message: string } }) => void) | undefined;
        setTimeout(() => {
          if (this.opts.failSaves) return cb?.({ status: 'failed', value: undefined, error: { message: this.opts.failSaves } });
          this.savedSettings.clear();
          for (const [k, v] of this.liveSettings) this.savedSettings.set(k, JSON.stringify(v));
          this.saves.push(Date.now());
          cb?.({ status: succeeded, value: undefined });
        }, 1);
      },
      refreshAsync: (cb?: (r: { status: string; value: unknown }) => void) => {
        this.liveSettings.clear();
        for (const [k, v] of this.savedSettings) this.liveSettings.set(k, JSON.parse(v) as unknown);
        setTimeout(() => cb?.({ status: succeeded, value: settings }), 1);
      },
      addHandlerAsync: (type: unknown, handler: (e: unknown) => void, cb?: (r: { status: string }) => void) => {
        if (type === 'settingsChanged') this.settingsHandlers.push(handler);
        setTimeout(() => cb?.({ status: succeeded }), 1);
      },
    };
    const context = {
      host: this.host,
      displayLanguage: this.opts.displayLanguage ?? 'en-US',
      contentLanguage: this.opts.displayLanguage ?? 'en-US',
      document: this.host ? { settings, url: `https://example.sharepoint.com/${this.name}.xlsx` } : undefined,
      requirements: {
        isSetSupported: (name: string, version?: string) => {
          const have = (this.opts.apiSets ?? { ExcelApi: '1.17', SharedRuntime: '1.1' })[name];
          if (!this.host || have === undefined) return false;
          const v = (x: string) => x.split('.').map(Number);
          const [a, b] = [v(have), v(version ?? '1.1')];
          return a[0]! > b[0]! || (a[0] === b[0] && (a[1] ?? 0) >= (b[1] ?? 0));
        },
      },
    };
    const Office = {
      HostType: { Word: 'Word', Excel: 'Excel', PowerPoint: 'PowerPoint', Outlook: 'Outlook', OneNote: 'OneNote', Project: 'Project', Access: 'Access' },
      PlatformType: { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac', iOS: 'iOS', Android: 'Android', Universal: 'Universal' },
      AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
      EventType: { SettingsChanged: 'settingsChanged', DocumentSelectionChanged: 'documentSelectionChanged' },
      context: undefined as unknown,
      onReady: (cb?: (info: { host: string | null; platform: string | null }) => unknown) =>
        this.readyPromise.then(() => {
          // Office.context is there once Office has initialised.
          Office.context = context;
          const info = { host: this.host, platform: this.host ? 'PC' : null };
          cb?.(info);
          return info;
        }),
    };
    const CustomFunctions = {
      associate: (a: string | Record<string, (...x: unknown[]) => unknown>, f?: (...x: unknown[]) => unknown) => this.associate(a, f),
      Error: CustomFunctionsError,
      ErrorCode: ERROR_CODE,
    };
    const Excel = {
      CalculationType: { recalculate: 'Recalculate', full: 'Full', fullRebuild: 'FullRebuild' },
      run: <T>(batch: (ctx: RequestContext) => Promise<T>): Promise<T> => {
        if (!this.host) return Promise.reject(new Error('Excel.run outside Excel'));
        if (this.opts.failRuns) return Promise.reject(Object.assign(new Error(this.opts.failRuns), { code: 'InvalidOperation' }));
        return batch(new RequestContext(this));
      },
    };
    return { Office, CustomFunctions, Excel, OfficeRuntime: { storage: this.user.keyStore }, localStorage: this.user.localStorage };
  }

  /** Applies a command queued by a RequestContext (the model's Excel side of `context.sync()`). */
  apply(op: Op): void {
    switch (op.kind) {
      case 'calculate':
        // Application.calculate: "Recalculate all currently opened workbooks in Excel" (ExcelApi).
        for (const wb of this.user.workbooks ?? [this]) {
          wb.calculations.push(op.type);
          void wb.track(wb.calculate(op.type));
        }
        return;
      case 'calculateSheet':
        this.calculations.push(`sheet:${op.sheet}`);
        void this.track(this.calculate('Full', undefined, op.sheet));
        return;
      case 'check':
        op.check();
        return;
      case 'addSheet':
        if (this.sheets.has(op.name)) throw new Error(`model: sheet ${op.name} exists`);
        this.sheets.set(op.name, new Map());
        return;
      case 'activate':
        this.activeSheet = op.sheet;
        return;
      case 'set': {
        const r = parseRange(op.address, this.activeSheet);
        const cells = this.cells(r.sheet);
        const dirty: string[] = [];
        for (let row = r.r0; row <= r.r1; row++) {
          for (let col = r.c0; col <= r.c1; col++) {
            const key = `${LETTERS(col)}${row}`;
            const c = cells.get(key) ?? { value: null, numberFormat: 'General' };
            const v = op.grid ? op.grid[row - r.r0]?.[col - r.c0] : op.value;
            if (op.grid && v === undefined) throw new Error(`model: ${op.prop} for ${op.address} has the wrong shape`);
            if (op.prop === 'formulas' || op.prop === 'values') {
              if (typeof v === 'string' && v.startsWith('=') && op.prop === 'formulas') {
                c.formula = v;
                c.value = null;
                dirty.push(`${r.sheet}!${key}`);
              } else {
                c.formula = undefined;
                c.value = v as CellValue;
              }
            } else if (op.prop === 'numberFormat') c.numberFormat = String(v);
            else if (op.prop === 'fill') c.fill = String(v);
            else if (op.prop === 'bold') c.bold = Boolean(v);
            else if (op.prop === 'fontColor') c.fontColor = String(v);
            cells.set(key, c);
          }
        }
        // Automatic calculation: what was just entered computes.
        if (dirty.length) void this.track(this.calculate('Recalculate', dirty));
        return;
      }
    }
  }

  /** The values of a loaded range property. */
  read(address: string, prop: string): unknown {
    const r = parseRange(address, this.activeSheet);
    if (prop === 'address') return `${quoteSheet(r.sheet)}!${LETTERS(r.c0)}${r.r0}${r.r1 !== r.r0 || r.c1 !== r.c0 ? `:${LETTERS(r.c1)}${r.r1}` : ''}`;
    const cells = this.cells(r.sheet);
    const rows: unknown[][] = [];
    for (let row = r.r0; row <= r.r1; row++) {
      const out: unknown[] = [];
      for (let col = r.c0; col <= r.c1; col++) {
        const c = cells.get(`${LETTERS(col)}${row}`);
        const v = c?.value;
        if (prop === 'values') out.push(v === null || v === undefined ? '' : typeof v === 'object' && !Array.isArray(v) ? (v as CellError).error : Array.isArray(v) ? v[0]?.[0] : v);
        else if (prop === 'formulas') out.push(c?.formula ?? (v === null || v === undefined ? '' : v));
        else if (prop === 'numberFormat') out.push(c?.numberFormat ?? 'General');
        else throw new Error(`model: range property ${prop} is not modelled`);
      }
      rows.push(out);
    }
    return rows;
  }
}

type Op =
  | { kind: 'calculate'; type: string }
  | { kind: 'calculateSheet'; sheet: string }
  | { kind: 'check'; check: () => void }
  | { kind: 'addSheet'; name: string }
  | { kind: 'activate'; sheet: string }
  | { kind: 'set'; address: string; prop: 'formulas' | 'values' | 'numberFormat' | 'fill' | 'bold' | 'fontColor'; grid?: unknown[][]; value?: unknown };

/** Office's error for a property read before `load` + `sync`. */
function notLoaded(prop: string): Error {
  return Object.assign(new Error(`The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`), {
    code: 'PropertyNotLoaded',
  });
}

class RequestContext {
  private ops: Op[] = [];
  private loads: (() => void)[] = [];
  readonly workbook: ReturnType<RequestContext['makeWorkbook']>;

  constructor(private readonly wb: WorkbookModel) {
    this.workbook = this.makeWorkbook();
  }

  queue(op: Op): void {
    this.ops.push(op);
  }

  onSync(f: () => void): void {
    this.loads.push(f);
  }

  async sync(): Promise<void> {
    await new Promise((r) => setTimeout(r, 0));
    const ops = this.ops;
    const loads = this.loads;
    this.ops = [];
    this.loads = [];
    for (const op of ops) this.wb.apply(op);
    for (const l of loads) l();
  }

  range(address: string): RangeProxy {
    return new RangeProxy(this, this.wb, address);
  }

  private makeWorkbook() {
    const wb = this.wb;
    const sheet = (name: () => string) => ({
      getRange: (a: string) => this.range(`${quoteSheet(name())}!${a}`),
      activate: () => this.queue({ kind: 'activate', sheet: name() }),
      /** Worksheet.calculate(markAllDirty) (ExcelApi 1.6): this sheet only. */
      calculate: (_markAllDirty: boolean) => this.queue({ kind: 'calculateSheet', sheet: name() }),
      get name() {
        return name();
      },
    });
    return {
      application: {
        calculate: (type: string) => this.queue({ kind: 'calculate', type }),
      },
      worksheets: {
        items: undefined as unknown as ReturnType<typeof sheet>[],
        load: (_props?: unknown) => {
          this.onSync(() => (this.workbook.worksheets.items = [...wb.sheets.keys()].map((n) => sheet(() => n))));
        },
        getActiveWorksheet: () => {
          const name = wb.activeSheet;
          return sheet(() => name);
        },
        getItem: (name: string) => {
          // Like every call, it is queued: a missing sheet fails the next sync, not the call.
          this.queue({
            kind: 'check',
            check: () => {
              if (!wb.sheets.has(name)) throw Object.assign(new Error(`The requested resource doesn't exist: ${name}`), { code: 'ItemNotFound' });
            },
          });
          return sheet(() => name);
        },
        add: (name: string) => {
          this.queue({ kind: 'addSheet', name });
          return sheet(() => name);
        },
      },
      getSelectedRange: () => this.range(`${quoteSheet(wb.activeSheet)}!${wb.selection}`),
      getActiveCell: () => this.range(`${quoteSheet(wb.activeSheet)}!${wb.selection.split(':')[0]}`),
    };
  }
}

class RangeProxy {
  private loaded = new Map<string, unknown>();
  readonly format: {
    fill: { color: string };
    font: { bold: boolean; color: string };
    autofitColumns: () => void;
  };

  constructor(
    private readonly ctx: RequestContext,
    private readonly wb: WorkbookModel,
    private readonly addr: string,
  ) {
    const setter = (prop: 'fill' | 'bold' | 'fontColor') => (v: unknown) => ctx.queue({ kind: 'set', address: addr, prop, value: v });
    const fill = { set color(v: string) { setter('fill')(v); }, get color(): string { throw notLoaded('color'); } };
    const font = {
      set bold(v: boolean) { setter('bold')(v); },
      get bold(): boolean { throw notLoaded('bold'); },
      set color(v: string) { setter('fontColor')(v); },
      get color(): string { throw notLoaded('color'); },
    };
    this.format = { fill, font, autofitColumns: () => undefined };
  }

  load(props: string | string[]): this {
    const list = (Array.isArray(props) ? props : props.split(',')).map((p) => p.trim()).filter(Boolean);
    this.ctx.onSync(() => {
      for (const p of list) this.loaded.set(p, this.wb.read(this.addr, p));
    });
    return this;
  }

  private get(prop: string): unknown {
    if (!this.loaded.has(prop)) throw notLoaded(prop);
    return this.loaded.get(prop);
  }

  private set(prop: 'formulas' | 'values' | 'numberFormat', v: unknown): void {
    if (!Array.isArray(v) || !v.every(Array.isArray)) throw new Error(`model: ${prop} takes a 2-D array`);
    const r = parseRange(this.addr, this.wb.activeSheet);
    if (v.length !== r.r1 - r.r0 + 1 || v.some((row) => (row as unknown[]).length !== r.c1 - r.c0 + 1)) {
      throw Object.assign(new Error(`The number of rows or columns in the input array doesn't match the size or dimensions of the range (${this.addr}).`), { code: 'InvalidArgument' });
    }
    this.ctx.queue({ kind: 'set', address: this.addr, prop, grid: v as unknown[][] });
  }

  get values(): unknown {
    return this.get('values');
  }
  set values(v: unknown) {
    this.set('values', v);
  }
  get formulas(): unknown {
    return this.get('formulas');
  }
  set formulas(v: unknown) {
    this.set('formulas', v);
  }
  get numberFormat(): unknown {
    return this.get('numberFormat');
  }
  set numberFormat(v: unknown) {
    this.set('numberFormat', v);
  }
  get address(): string {
    return this.get('address') as string;
  }
  calculate(): void {
    this.ctx.queue({ kind: 'calculate', type: 'Recalculate' });
  }
}

export type { RequestContext };
