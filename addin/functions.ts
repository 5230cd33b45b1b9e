import type { CallResult } from '../shared/src/index.js';
import { CATALOG } from '../shared/src/index.js';
import { VERSION_INFO } from './version-info.js';
import { TEMPLATES, columnLetter, templateGrid, templateLayout } from '../shared/src/templates.js';
import { parseIsoDate } from '../shared/src/index.js';
import { Runtime } from './runtime.js';

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

/** Registers every catalog function with Excel. Exported for the registration tests. */
export function registerAll(cf: Pick<typeof CustomFunctions, 'associate'>, rt: Runtime = runtime): string[] {
  const ids: string[] = [];
  for (const f of CATALOG) {
    const repeating = f.params.at(-1)?.repeating === true;
    cf.associate(f.id, async (...raw: unknown[]) => {
      // A repeating last parameter arrives as one array of its values.
      const args = repeating ? [...raw.slice(0, f.params.length - 1), ...((raw[f.params.length - 1] as unknown[] | undefined) ?? [])] : raw;
      return toExcel(await rt.evaluate(f.id, args.map((a) => (a === undefined ? null : a))));
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
  settings: () => runtime.current,
  catalog: () => runtime.catalog(),
  policies: () => runtime.policies(),
  setWorkbookPolicy: (ref: string) => runtime.setWorkbookPolicy(ref),
  /** The template workbooks (the same data `policycell template` writes), as cells for the open workbook. */
  templates: () =>
    TEMPLATES.map((t) => ({
      id: t.id,
      title: t.title,
      sheetName: t.sheetName,
      grid: templateGrid(t, (iso) => parseIsoDate(iso)),
      lastColumn: columnLetter(t.columns.length - 1),
      layout: templateLayout(t),
      inputColumns: t.columns.flatMap((c, i) => (c.kind === 'input' ? [columnLetter(i)] : [])),
    })),
  get remoteRequests() {
    return runtime.remoteRequests;
  },
  runtime,
};
(globalThis as unknown as { PolicyCell: typeof api }).PolicyCell = api;

if (typeof CustomFunctions !== 'undefined') registerAll(CustomFunctions);
if (typeof Office !== 'undefined') {
  void Office.onReady(() => {
    runtime.document = Office.context?.document?.settings as unknown as Runtime['document'];
    runtime.adoptHostLanguage(Office.context?.displayLanguage);
  });
}
