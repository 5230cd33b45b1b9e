import type { CallResult, Lang } from '../shared/src/index.js';
import { CATALOG, Engine, findFunction, policyRef, shippedRegistry } from '../shared/src/index.js';
import { RemoteBatcher, explainRemote } from './remote.js';
import type { DocumentSettings, KeyStore, OrgConfig, Prefs } from './storage.js';
import { API_KEY_ITEM, PREFS_KEY, loadPrefs, savePrefs } from './storage.js';

export type { DocumentSettings } from './storage.js';

/** The workbook setting that carries the policy a workbook computes with (read by the batch tool too). */
export const POLICY_SETTING = 'policycell.policy';

export interface Settings {
  mode: 'local' | 'remote';
  endpoint: string;
  apiKey: string;
  /** The workbook's own policy (id@version), '' when it names none. */
  policy: string;
  lang: Lang;
  langChosen?: boolean;
}

export interface RemoteOptions {
  flushMs?: number;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
}

/** What Office hands the runtime once `Office.onReady` has run. */
export interface HostParts {
  document?: DocumentSettings;
  displayLanguage?: string;
  keyStore?: KeyStore;
  /** Recalculates the workbook's POLICY cells (Excel.run → calculate). */
  recalculate?: () => Promise<void>;
}

/** What a Save did: whether the POLICY cells were recalculated, and why not when that failed. */
export interface SaveResult {
  recalculated: boolean;
  recalcError?: string;
}

/**
 * The language of the add-in's text for a language tag (Office's display language, the browser's):
 * Chinese in every Chinese Excel (zh-CN, zh-TW, zh-HK…: the manifest gives them all the Chinese
 * function names, so names and messages agree), English everywhere else.
 */
export function uiLang(tag: string | null | undefined): Lang {
  if (!tag) return 'zh-CN';
  return /^zh\b/i.test(tag.trim()) ? 'zh-CN' : 'en';
}

const BUILT_IN: Required<Pick<Prefs, 'mode' | 'endpoint'>> = { mode: 'local', endpoint: '' };
/** How long a remote call waits for the API key from OfficeRuntime.storage. */
const KEY_WAIT_MS = 5000;

const TEXT = {
  notReady: {
    'zh-CN': (s: number) => `${s} 秒内未取得本工作簿的设置（制度版本），未计算；请稍后按 Ctrl+Alt+F9 重新计算`,
    en: (s: number) => `the workbook's settings (its policy) were not available within ${s} s, so nothing was computed; recalculate with Ctrl+Alt+F9`,
  },
  notSaved: {
    'zh-CN': '尚未取得本工作簿的设置，未保存；请稍后再试',
    en: "the workbook's settings are not available yet, so nothing was saved; try again in a moment",
  },
};

function bounded<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]).finally(() => clearTimeout(timer));
}

/**
 * Computes catalog calls locally (the bundled rules package: no network, no latency) or remotely
 * (batched HTTP to the API), with the workbook's own policy.
 *
 * Inside Excel a call may arrive before `Office.onReady` has attached the workbook's settings:
 * it waits for them (at most `readyTimeoutMs`) instead of computing with a default policy.
 */
export class Runtime {
  readonly engine = new Engine(shippedRegistry());
  private prefs: Prefs;
  private org: OrgConfig = {};
  private apiKey = '';
  private keyStore: KeyStore | undefined;
  /** Settles once the key store has answered (or refused); remote calls wait for it, briefly. */
  private keyLoaded: Promise<void> = Promise.resolve();
  /** The playground's policy, where there is no workbook to hold one. */
  private sessionPolicy = '';
  private remote: RemoteBatcher | undefined;
  private waits: Promise<unknown>[] = [];
  private readyAll: Promise<unknown> | undefined;
  private isReady = true;
  document: DocumentSettings | undefined;
  recalculate: (() => Promise<void>) | undefined;
  remoteOptions: RemoteOptions = {};
  readyTimeoutMs = 20_000;

  constructor(initial: Partial<Settings> = {}) {
    const { prefs, legacyApiKey } = loadPrefs();
    this.prefs = prefs;
    // A key left in localStorage by an earlier version moves to the key store once there is one.
    if (legacyApiKey) this.apiKey = legacyApiKey;
    this.apply(initial);
    // Another workbook's copy of the add-in saved new preferences: follow them.
    if (typeof addEventListener === 'function') {
      addEventListener('storage', (e: Event) => {
        if ((e as StorageEvent).key === PREFS_KEY) this.reloadPrefs();
      });
    }
  }

  /** The settings as the task pane shows them. */
  get current(): Readonly<Settings> {
    return {
      mode: this.prefs.mode ?? this.org.mode ?? BUILT_IN.mode,
      endpoint: this.prefs.endpoint ?? this.org.endpoint ?? BUILT_IN.endpoint,
      apiKey: this.apiKey,
      policy: this.workbookPolicy(),
      lang: this.prefs.lang ?? uiLang(typeof navigator !== 'undefined' ? navigator.language : undefined),
      langChosen: this.prefs.langChosen,
    };
  }

  /** Defaults deployed for the organisation; the user's own choices still win. */
  get orgConfig(): Readonly<OrgConfig> {
    return this.org;
  }

  /** Calls wait for `p` (Office.onReady, config.json) before they compute. */
  waitFor(p: PromiseLike<unknown>): void {
    this.isReady = false;
    this.readyAll = undefined;
    this.waits.push(Promise.resolve(p).catch(() => undefined));
  }

  private ready(): Promise<unknown> {
    if (!this.readyAll) {
      const n = this.waits.length;
      this.readyAll = Promise.all(this.waits).then(() => {
        if (this.waits.length === n) this.isReady = true;
      });
    }
    return this.readyAll;
  }

  /** Undefined once ready; an #N/A answer if the wait ran past its bound. */
  private async gate(): Promise<CallResult | undefined> {
    if (this.isReady) return undefined;
    const r = await bounded(this.ready().then(() => 'ready' as const), this.readyTimeoutMs);
    if (r === 'ready') return this.isReady ? undefined : this.gate();
    return { error: { code: '#N/A', message: TEXT.notReady[this.current.lang](Math.round(this.readyTimeoutMs / 1000)) } };
  }

  /** Resolves once the workbook's settings are known (true), or after `readyTimeoutMs` (false). */
  async whenReady(): Promise<boolean> {
    return (await this.gate()) === undefined;
  }

  /**
   * What `Office.onReady` gives: the workbook's settings (calls may compute from now on), Office's
   * language, and the key store, read in the background (only remote calls need the key).
   */
  attach(host: HostParts): void {
    this.document = host.document;
    this.recalculate = host.recalculate;
    if (host.displayLanguage && !this.prefs.langChosen) this.prefs = { ...this.prefs, lang: uiLang(host.displayLanguage) };
    this.remote = undefined;
    const store = host.keyStore;
    if (!store) return;
    this.keyStore = store;
    const moved = this.apiKey; // from an old localStorage entry
    this.keyLoaded = (async () => {
      try {
        if (moved) await store.setItem(API_KEY_ITEM, moved);
        else {
          const key = (await store.getItem(API_KEY_ITEM)) ?? '';
          if (!this.apiKey) this.apiKey = key; // unless the user typed one meanwhile
        }
      } catch {
        // the key store refused: the key stays for this session only
      }
      this.remote = undefined;
    })();
  }

  /** Organisation defaults from config.json. */
  setOrgConfig(c: OrgConfig): void {
    this.org = c;
    this.remote = undefined;
  }

  /** The preferences as another workbook's copy of the add-in has just saved them. */
  private reloadPrefs(): void {
    this.prefs = { ...loadPrefs().prefs, lang: this.prefs.lang, langChosen: this.prefs.langChosen };
    this.remote = undefined;
  }

  /** The policy the workbook itself names ('' when none). In a plain browser, the page's choice. */
  workbookPolicy(): string {
    if (this.document) {
      const v = this.document.get(POLICY_SETTING);
      return typeof v === 'string' ? v : '';
    }
    return this.sessionPolicy;
  }

  /** The policy calls use: the workbook's own, else the organisation's default, else the latest default. */
  policy(): string | undefined {
    return this.workbookPolicy() || this.org.policy || undefined;
  }

  /**
   * Changes settings now. Preferences (mode, service URL, language) are the user's and kept in
   * localStorage, and only where they differ from the organisation's defaults (so a redeployed
   * config.json still reaches a user who once pressed Save); the API key goes to the key store; a
   * policy is the workbook's. Answers whether the values cells compute may have changed.
   */
  private apply(change: Partial<Settings> & RemoteOptions): { values: boolean; policy: boolean } {
    const before = this.current;
    const { flushMs, timeoutMs, retries, backoffMs } = change;
    for (const [k, v] of Object.entries({ flushMs, timeoutMs, retries, backoffMs })) if (v !== undefined) (this.remoteOptions as Record<string, number>)[k] = v;
    const prefs: Prefs = { ...this.prefs };
    const setPref = <K extends 'mode' | 'endpoint'>(k: K, v: Prefs[K]) => {
      if ((this.org[k] ?? BUILT_IN[k]) === v) delete prefs[k];
      else prefs[k] = v;
    };
    if (change.mode === 'local' || change.mode === 'remote') setPref('mode', change.mode);
    if (typeof change.endpoint === 'string') setPref('endpoint', change.endpoint.trim());
    if (change.lang !== undefined) prefs.lang = uiLang(change.lang);
    if (change.langChosen !== undefined) prefs.langChosen = change.langChosen;
    if (JSON.stringify(prefs) !== JSON.stringify(this.prefs)) {
      this.prefs = prefs;
      savePrefs(prefs);
    }
    let keyChanged = false;
    if (typeof change.apiKey === 'string' && change.apiKey !== this.apiKey) {
      this.apiKey = change.apiKey;
      keyChanged = true;
      void (change.apiKey ? this.keyStore?.setItem(API_KEY_ITEM, change.apiKey) : this.keyStore?.removeItem(API_KEY_ITEM))?.catch(() => undefined);
    }
    let policyChanged = false;
    if (typeof change.policy === 'string' && change.policy !== before.policy) {
      policyChanged = true;
      if (!this.document) this.sessionPolicy = change.policy;
      else if (change.policy) this.document.set(POLICY_SETTING, change.policy);
      else this.document.remove(POLICY_SETTING);
    }
    this.remote = undefined; // rebuilt with the new endpoint, key, language and options on the next call
    const after = this.current;
    const remoteNow = after.mode === 'remote' && !!after.endpoint;
    const values = policyChanged || before.mode !== after.mode || (remoteNow && (before.endpoint !== after.endpoint || keyChanged || before.lang !== after.lang));
    return { values, policy: policyChanged };
  }

  /**
   * Changes settings without waiting (the PolicyCell API of the page). Preferences apply at once; a
   * policy or a key goes through `save` once Office has given the workbook's settings, so the
   * workbook is saved and its cells recalculated as from the task pane.
   */
  configure(change: Partial<Settings> & RemoteOptions & Record<string, unknown>): Readonly<Settings> {
    const { policy, apiKey, ...now } = change;
    this.apply(now);
    if (policy !== undefined || apiKey !== undefined) {
      const later = { ...(policy !== undefined ? { policy } : {}), ...(apiKey !== undefined ? { apiKey } : {}) };
      if (this.isReady && !this.document) this.apply(later); // the playground: nothing to save or recalculate
      else void this.save(later).catch(() => undefined);
    }
    return this.current;
  }

  /**
   * The task pane's Save: applies what the user changed (a policy only when it differs from the
   * workbook's), saves the workbook's settings, and recalculates the POLICY cells when their values
   * can change. A failed recalculation does not undo the save: it is reported beside it.
   */
  async save(change: Partial<Pick<Settings, 'mode' | 'endpoint' | 'apiKey' | 'policy'>>): Promise<SaveResult> {
    if (!(await this.whenReady())) throw new Error(TEXT.notSaved[this.current.lang]);
    const r = this.apply(change);
    if (r.policy && this.document) await this.saveDocument();
    if (!r.values || !this.recalculate) return { recalculated: false };
    try {
      await this.recalculate();
      return { recalculated: true };
    } catch (e) {
      return { recalculated: false, recalcError: (e as { message?: string } | null)?.message ?? String(e) };
    }
  }

  /** Saves the policy into the workbook, so a colleague's Excel and the batch tool use the same one. */
  setWorkbookPolicy(ref: string): Promise<SaveResult> {
    return this.save({ policy: ref });
  }

  /** Another co-author saved the workbook's settings: read them and recompute. */
  async settingsChanged(refresh: () => Promise<void>): Promise<void> {
    const before = this.workbookPolicy();
    await refresh();
    if (this.workbookPolicy() !== before) await this.recalculate?.().catch(() => undefined);
  }

  private saveDocument(): Promise<void> {
    const doc = this.document!;
    const failed: unknown = typeof Office !== 'undefined' ? (Office.AsyncResultStatus?.Failed ?? 'failed') : 'failed';
    return new Promise<void>((resolve, reject) =>
      doc.saveAsync((r) => (r.status === failed || r.status === 'failed' ? reject(new Error(r.error?.message ?? 'settings not saved')) : resolve())),
    );
  }

  private remoteActive(): boolean {
    const s = this.current;
    return s.mode === 'remote' && !!s.endpoint;
  }

  private async batcher(): Promise<RemoteBatcher> {
    await bounded(this.keyLoaded, KEY_WAIT_MS);
    const s = this.current;
    this.remote ??= new RemoteBatcher({ endpoint: s.endpoint, apiKey: s.apiKey || undefined, lang: s.lang, ...this.remoteOptions });
    return this.remote;
  }

  /** Requests remote mode has sent. */
  get remoteRequests(): number {
    return this.remote?.requests ?? 0;
  }

  async evaluate(id: string, args: readonly unknown[] = []): Promise<CallResult> {
    const early = await this.gate();
    if (early) return early;
    const list = Array.isArray(args) ? [...args] : [];
    if (this.remoteActive()) return (await this.batcher()).call(findFunction(id)?.id ?? id, list, this.policy());
    return this.engine.call(id, list, { policy: this.policy(), lang: this.current.lang });
  }

  async explain(id: string, args: readonly unknown[] = []): Promise<{ result: CallResult; steps: string[] }> {
    const early = await this.gate();
    if (early) return { result: early, steps: [] };
    const list = Array.isArray(args) ? [...args] : [];
    if (this.remoteActive()) {
      await bounded(this.keyLoaded, KEY_WAIT_MS);
      const s = this.current;
      return explainRemote({ endpoint: s.endpoint, apiKey: s.apiKey || undefined, lang: s.lang, timeoutMs: this.remoteOptions.timeoutMs }, findFunction(id)?.id ?? id, list, this.policy());
    }
    return this.engine.explain(id, list, { policy: this.policy(), lang: this.current.lang });
  }

  /** The catalog as the task pane shows it, in the current language. */
  catalog() {
    const lang = this.current.lang;
    return CATALOG.map((f) => ({
      id: f.id,
      section: f.section,
      name: f.name[lang],
      names: f.name,
      description: f.description[lang],
      source: f.source,
      result: f.result,
      params: f.params.map((p) => ({ name: p.name, zh: p.zh, label: lang === 'zh-CN' ? p.zh : p.name, optional: !!p.optional, repeating: !!p.repeating, description: p.description[lang] })),
      examples: f.examples,
    }));
  }

  policies(): { ref: string; title: string; effectiveFrom: string }[] {
    const lang = this.current.lang;
    return this.engine.registry.list().map((d) => ({ ref: policyRef(d), title: d.title[lang], effectiveFrom: d.effectiveFrom }));
  }

  /** What a workbook that names no policy computes with: the organisation's default, else the latest shipped `default`. */
  defaultPolicy(): string {
    return this.org.policy ?? policyRef(this.engine.policy());
  }
}
