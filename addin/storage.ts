import type { Lang } from '../shared/src/index.js';

/**
 * What the add-in keeps, and where. Every workbook open in Excel runs its own copy of the add-in,
 * but they share one `localStorage` (one per origin), so only what belongs to the *user* may live
 * there; what belongs to a *workbook* (its policy) lives in the workbook
 * (`Office.context.document.settings`), and a secret (the API key) in `OfficeRuntime.storage`.
 *
 * | what                           | where                                              |
 * |--------------------------------|----------------------------------------------------|
 * | mode, service URL, language    | localStorage `policycell.prefs` (per user)         |
 * | API key                        | OfficeRuntime.storage `policycell.apiKey` (per user, in Excel); memory only in a browser |
 * | the workbook's policy          | document settings `policycell.policy` (per workbook, saved in the .xlsx) |
 * | organisation defaults          | `config.json` beside the add-in's files (read-only) |
 */

export interface Prefs {
  mode?: 'local' | 'remote';
  endpoint?: string;
  lang?: Lang;
  /** True once the user picked a language: Office's display language no longer overrides it. */
  langChosen?: boolean;
}

export const PREFS_KEY = 'policycell.prefs';
/** Before issue 11 the whole settings object (policy and API key included) lived here. */
const LEGACY_KEY = 'policycell.settings';
export const API_KEY_ITEM = 'policycell.apiKey';

/** `OfficeRuntime.storage` as the add-in uses it (the published type, narrowed). */
export interface KeyStore {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

/** `Office.context.document.settings` as the add-in uses it (the published type, narrowed). */
export interface DocumentSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback?: (r: { status: string; error?: { message?: string } }) => void): void;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined; // a sandboxed frame may forbid even reading the property
  }
}

function pickPrefs(o: Record<string, unknown>): Prefs {
  const p: Prefs = {};
  if (o.mode === 'local' || o.mode === 'remote') p.mode = o.mode;
  if (typeof o.endpoint === 'string') p.endpoint = o.endpoint;
  if (o.lang === 'zh-CN' || o.lang === 'en') p.lang = o.lang;
  if (typeof o.langChosen === 'boolean') p.langChosen = o.langChosen;
  return p;
}

function parse(text: string | null): Record<string, unknown> {
  try {
    const v = JSON.parse(text ?? '{}') as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The user's preferences. A store written by an earlier version is migrated once: its preferences
 * are kept, its policy dropped (it was one workbook's and leaked into every other), and its API key
 * handed back so the caller can move it to the key store; the old entry is removed.
 */
export function loadPrefs(): { prefs: Prefs; legacyApiKey?: string } {
  const ls = storage();
  if (!ls) return { prefs: {} };
  try {
    const prefs = pickPrefs(parse(ls.getItem(PREFS_KEY)));
    const legacyText = ls.getItem(LEGACY_KEY);
    if (legacyText === null) return { prefs };
    const legacy = parse(legacyText);
    ls.removeItem(LEGACY_KEY);
    const merged = { ...pickPrefs(legacy), ...prefs };
    ls.setItem(PREFS_KEY, JSON.stringify(merged));
    return { prefs: merged, legacyApiKey: typeof legacy.apiKey === 'string' && legacy.apiKey ? legacy.apiKey : undefined };
  } catch {
    return { prefs: {} };
  }
}

export function savePrefs(prefs: Prefs): void {
  try {
    storage()?.setItem(PREFS_KEY, JSON.stringify(pickPrefs(prefs as Record<string, unknown>)));
  } catch {
    // storage may be unavailable (private mode, quota): the preferences still apply to this session
  }
}

/** Organisation defaults, deployed as `config.json` beside the add-in (see `npm run manifest`). */
export interface OrgConfig {
  mode?: 'local' | 'remote';
  endpoint?: string;
  /** The policy of a workbook that names none. */
  policy?: string;
}

export function parseOrgConfig(o: unknown): OrgConfig {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return {};
  const r = o as Record<string, unknown>;
  const c: OrgConfig = {};
  if (typeof r.endpoint === 'string' && r.endpoint.trim()) c.endpoint = r.endpoint.trim();
  if (r.mode === 'local' || r.mode === 'remote') c.mode = r.mode;
  else if (c.endpoint) c.mode = 'remote';
  if (typeof r.policy === 'string' && /^[^@\s]+@[^@\s]+$/.test(r.policy)) c.policy = r.policy;
  return c;
}
