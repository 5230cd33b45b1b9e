import type { WorkbookOptions } from './model.js';
import { KeyStoreModel, StorageModel, WorkbookModel } from './model.js';

// office.js for the browser tests: the model of test/office/model.ts standing in for Microsoft's
// script (the tests route https://appsforoffice.microsoft.com/lib/1/hosted/office.js to this bundle).
// Each page is one workbook; the pages of one browser context share localStorage, as workbooks do.
// The test describes the workbook in window.__officeModel before the page loads.

declare global {
  interface Window {
    __officeModel?: Omit<WorkbookOptions, 'metadata'>;
    __workbook?: WorkbookModel;
  }
}

const cfg = window.__officeModel ?? {};
const lang = cfg.displayLanguage ?? 'en-US';
const wb = new WorkbookModel(
  { localStorage: window.localStorage as unknown as StorageModel, keyStore: new KeyStoreModel() },
  { ...cfg, metadata: () => fetch(/^zh\b/i.test(lang) ? 'functions.zh-CN.json' : 'functions.json').then((r) => r.json()) },
);
const g = wb.globals;
Object.assign(window, { Office: g.Office, CustomFunctions: g.CustomFunctions, Excel: g.Excel, OfficeRuntime: g.OfficeRuntime });
window.__workbook = wb;
