import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import type { Metadata, UserModel, WorkbookOptions } from './model.js';
import { StorageModel, WorkbookModel } from './model.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
/** The built add-in under test (another build's dist/addin to compare, e.g. an older version's). */
const DIST = process.env.POLICYCELL_ADDIN_DIST ?? `${ROOT}dist/addin`;
export const ADDIN_ORIGIN = 'https://localhost:3000';

/**
 * The metadata Excel reads for a display language: the manifest's `Functions.Metadata.Url`, with its
 * `bt:Override` for that locale where there is one (as Office resolves localised resources).
 */
export function builtMetadata(displayLanguage = 'en-US'): Metadata {
  const xml = readFileSync(`${DIST}/manifest.xml`, 'utf8');
  const entry = /<bt:Url id="Functions\.Metadata\.Url" DefaultValue="([^"]+)"\s*(?:\/>|>([\s\S]*?)<\/bt:Url>)/.exec(xml);
  if (!entry) throw new Error('model: the manifest names no Functions.Metadata.Url');
  const override = [...(entry[2] ?? '').matchAll(/<bt:Override Locale="([^"]+)" Value="([^"]+)"\/>/g)].find((m) => m[1]!.toLowerCase() === displayLanguage.toLowerCase());
  const url = override?.[2] ?? entry[1]!;
  return JSON.parse(readFileSync(`${DIST}/${url.slice(url.lastIndexOf('/') + 1)}`, 'utf8')) as Metadata;
}

export interface OpenOptions extends Omit<WorkbookOptions, 'metadata'> {
  /** Files served beside the add-in (config.json…): JSON bodies by name; anything else is 404. Other URLs (a real API server) go to Node's fetch. */
  files?: Record<string, unknown>;
  /** false: the workbook opens without running functions.js until `load()` (calls made meanwhile wait, as in Excel). */
  loadNow?: boolean;
}

export interface OpenWorkbook {
  wb: WorkbookModel;
  /** globalThis.PolicyCell of this workbook's copy of functions.js. */
  api: {
    evaluate: (id: string, args: unknown[]) => Promise<unknown>;
    configure: (s: Record<string, unknown>) => Record<string, unknown>;
    save: (s: Record<string, unknown>) => Promise<{ recalculated: boolean; recalcError?: string }>;
    settings: () => Record<string, unknown>;
    lastCall: (address: string) => { id: string; args: unknown[] } | undefined;
    runtime: { readyTimeoutMs: number; whenReady: () => Promise<boolean> };
  };
  context: vm.Context;
  /** Runs functions.js in the workbook (done at once unless `loadNow: false`). */
  load: () => OpenWorkbook['api'];
}

/**
 * Opens a workbook in the model and loads the built dist/addin/functions.js into it, in a realm of
 * its own (as Excel gives each workbook its own copy of the shared runtime), with the user's shared
 * localStorage and key store.
 */
export function openWorkbook(user: UserModel, opts: OpenOptions = {}): OpenWorkbook {
  const wb = new WorkbookModel(user, { ...opts, metadata: builtMetadata(opts.displayLanguage) });
  const files = opts.files ?? {};
  const modelFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (url.origin === ADDIN_ORIGIN) {
      const name = url.pathname.replace(/^\/addin\//, '');
      return name in files ? Response.json(files[name]) : new Response('not found', { status: 404 });
    }
    return fetch(input, init);
  };
  const context = vm.createContext({
    ...wb.globals,
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    URL,
    URLSearchParams,
    AbortController,
    TextEncoder,
    TextDecoder,
    structuredClone,
    Response,
    fetch: modelFetch,
    location: new URL(`${ADDIN_ORIGIN}/addin/taskpane.html`),
    navigator: { language: opts.displayLanguage ?? 'en-US' },
    sessionStorage: new StorageModel(),
  });
  const open: OpenWorkbook = {
    wb,
    context,
    api: undefined as unknown as OpenWorkbook['api'],
    load: () => {
      vm.runInContext(readFileSync(`${DIST}/functions.js`, 'utf8'), context, { filename: 'functions.js' });
      open.api = (context as unknown as { PolicyCell: OpenWorkbook['api'] }).PolicyCell;
      return open.api;
    },
  };
  if (opts.loadNow !== false) open.load();
  return open;
}
