import type { CallResult, FunctionDecl } from '../shared/src/index.js';
import { CATALOG, findFunction } from '../shared/src/index.js';
import { VERSION_INFO } from './version-info.js';
import { NUMBER_FORMATS, TEMPLATES, templateFormatGrid, templateGrid, templateLayout } from '../shared/src/templates.js';
import { columnLetter } from '../shared/src/values/columns.js';
import { parseIsoDate } from '../shared/src/index.js';
import { Runtime } from './runtime.js';
import { parseOrgConfig } from './storage.js';

// dist/addin/functions.js: the POLICY.* custom functions. Inside Excel (shared runtime) every catalog
// id is associated with CustomFunctions; in a plain browser the same runtime is globalThis.PolicyCell.

const runtime = new Runtime();

/** An answer as Excel wants it: the value, or a CustomFunctions.Error of the rule's error. */
function toExcel(r: CallResult): unknown {
  if ('value' in r) return r.value;
  const CF = (globalThis as unknown as { CustomFunctions: typeof CustomFunctions }).CustomFunctions;
  const E = CF.ErrorCode;
  // Excel shows a message only for #VALUE! and #N/A; #NAME? is not allowed as a result.
  switch (r.error.code) {
    case '#NUM!':
      throw new CF.Error(E.invalidNumber);
    case '#DIV/0!':
      throw new CF.Error(E.divisionByZero);
    case '#VALUE!':
      throw new CF.Error(E.invalidValue, r.error.message);
    default:
      throw new CF.Error(E.notAvailable, r.error.message);
  }
}

/** What Excel passed besides the formula's arguments (Microsoft's `CustomFunctions.Invocation`). */
interface Invocation {
  address?: string;
  functionName?: string;
}

/**
 * The formula's arguments out of Excel's argument list. Excel calls a custom function with one
 * argument per declared parameter (`null` for an optional one the formula leaves out; a repeating
 * last parameter as one array of its values) and then, always, the Invocation object — even when the
 * function does not declare it (Microsoft's custom-functions docs, "Invocation parameter" and
 * "Optional parameters"). Declared parameters are taken by position, so the invocation never reaches
 * the rules as an extra argument.
 */
export function excelArgs(f: FunctionDecl, raw: readonly unknown[]): { args: unknown[]; invocation: Invocation | undefined } {
  const n = f.params.length;
  // A cell value is never a plain object, so a trailing one is the invocation wherever it stands
  // (a host that leaves trailing optional parameters out instead of passing null, too).
  const last = raw.at(-1);
  const invocation = typeof last === 'object' && last !== null && !Array.isArray(last) ? (last as Invocation) : undefined;
  const given = invocation ? raw.slice(0, -1) : raw;
  const declared = Array.from({ length: n }, (_, i) => (given[i] === undefined ? null : given[i]));
  if (f.params.at(-1)?.repeating) {
    const rest = declared.pop();
    // A repeating parameter the formula leaves out arrives as null (or an empty array).
    declared.push(...(Array.isArray(rest) ? rest : []));
  }
  return { args: declared, invocation };
}

/** The last call of each cell (from the invocation's address), for "explain the selected cell". */
const MAX_REMEMBERED = 10_000;
const lastCalls = new Map<string, { id: string; args: unknown[] }>();

function remember(address: string | undefined, id: string, args: unknown[]): void {
  if (!address) return;
  lastCalls.delete(address);
  lastCalls.set(address, { id, args });
  if (lastCalls.size > MAX_REMEMBERED) lastCalls.delete(lastCalls.keys().next().value!);
}

/** Registers every catalog function with Excel. Exported for the registration tests. */
export function registerAll(cf: Pick<typeof CustomFunctions, 'associate'>, rt: Runtime = runtime): string[] {
  const ids: string[] = [];
  for (const f of CATALOG) {
    cf.associate(f.id, async (...raw: unknown[]) => {
      const { args, invocation } = excelArgs(f, raw);
      remember(invocation?.address, f.id, args);
      return toExcel(await rt.evaluate(f.id, args));
    });
    ids.push(f.id);
  }
  return ids;
}

const api = {
  version: VERSION_INFO,
  evaluate: (id: string, args: unknown[] = []) => runtime.evaluate(id, args),
  explain: (id: string, args: unknown[] = []) => runtime.explain(id, args),
  configure: (s: Record<string, unknown>) => runtime.configure(s),
  save: (s: Parameters<Runtime['save']>[0]) => runtime.save(s),
  settings: () => runtime.current,
  catalog: () => runtime.catalog(),
  policies: () => runtime.policies(),
  setWorkbookPolicy: (ref: string) => runtime.setWorkbookPolicy(ref),
  /** The arguments Excel last passed to the POLICY call in a cell ("Sheet1!B2"), when Excel gave its address. */
  lastCall: (address: string) => lastCalls.get(address) ?? lastCalls.get(address.replace(/\$/g, '')),
  numberFormats: NUMBER_FORMATS,
  /** The template workbooks (the same data `policycell template` writes), as cells for the open workbook. */
  templates: () =>
    TEMPLATES.map((t) => ({
      id: t.id,
      title: t.title,
      sheetName: t.sheetName,
      grid: templateGrid(t, (iso) => parseIsoDate(iso)),
      formats: templateFormatGrid(t),
      lastColumn: columnLetter(t.columns.length - 1),
      layout: templateLayout(t),
      inputColumns: t.columns.flatMap((c, i) => (c.kind === 'input' ? [columnLetter(i)] : [])),
    })),
  get remoteRequests() {
    return runtime.remoteRequests;
  },
  runtime,
  findFunction,
};
(globalThis as unknown as { PolicyCell: typeof api }).PolicyCell = api;

if (typeof CustomFunctions !== 'undefined') registerAll(CustomFunctions);

/** Organisation defaults deployed beside the add-in (`npm run manifest -- --service-url …`); none is fine. */
async function loadOrgConfig(): Promise<void> {
  if (typeof fetch === 'undefined' || typeof location === 'undefined' || !/^https?:$/.test(location.protocol)) return;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), 5000);
  try {
    const res = await fetch(new URL('config.json', location.href).href, { signal: ctl.signal, cache: 'no-cache' });
    if (res.ok) runtime.setOrgConfig(parseOrgConfig(await res.json()));
  } catch {
    // no config.json (or unreadable): the built-in defaults apply
  } finally {
    clearTimeout(timer);
  }
}
runtime.waitFor(loadOrgConfig());

/**
 * Recalculates this workbook's formulas after a settings change. A settings change leaves no cell
 * dirty, so each sheet is calculated with every formula marked dirty (ExcelApi 1.6); where that set
 * is missing, a full calculation, which Excel applies to every open workbook.
 */
function recalculateWorkbook(): Promise<void> {
  return Excel.run(async (ctx) => {
    if (Office.context.requirements?.isSetSupported?.('ExcelApi', '1.6')) {
      const sheets = ctx.workbook.worksheets;
      sheets.load('items/name');
      await ctx.sync();
      for (const ws of sheets.items) ws.calculate(true);
    } else ctx.workbook.application.calculate(Excel.CalculationType.full);
    await ctx.sync();
  });
}

if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') {
  // Functions are associated at once; the workbook's settings come with Office.onReady. Calls that
  // arrive in between wait for them (Runtime.gate) instead of computing with a default policy.
  runtime.waitFor(
    Office.onReady().then(() => {
      const settings = Office.context?.document?.settings;
      const inExcel = typeof Excel !== 'undefined' && Office.context?.host === Office.HostType.Excel;
      runtime.attach({
        document: (settings as unknown as Parameters<Runtime['attach']>[0]['document']) ?? undefined,
        displayLanguage: Office.context?.displayLanguage,
        keyStore: typeof OfficeRuntime !== 'undefined' ? OfficeRuntime.storage : undefined,
        recalculate: inExcel ? recalculateWorkbook : undefined,
      });
      // A co-author saved other settings (another policy): read them and recompute.
      if (settings?.addHandlerAsync && Office.EventType?.SettingsChanged) {
        settings.addHandlerAsync(Office.EventType.SettingsChanged, () =>
          void runtime.settingsChanged(() => new Promise<void>((resolve) => settings.refreshAsync(() => resolve()))),
        );
      }
    }),
  );
}
