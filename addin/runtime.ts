import type { CallResult, Lang } from '../shared/src/index.js';
import { CATALOG, Engine, findFunction, policyRef, shippedRegistry } from '../shared/src/index.js';
import { RemoteBatcher, explainRemote } from './remote.js';
import type { DocumentSettings, KeyStore, OrgConfig, Prefs } from './storage.js';
import { API_KEY_ITEM, loadPrefs, savePrefs } from './storage.js';

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
  /** Recalculates the workbook's POLICY cells (Excel.run → application.calculate). */
  recalculate?: () => Promise<void>;
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

const TEXT = {
  notReady: {
    'zh-CN': (s: number) => `${s} 秒内未取得本工作簿的设置（制度版本），未计算；请稍后按 Ctrl+Alt+F9 重新计算`,
    en: (s: number) => `the workbook's settings (its policy) were not available within ${s} s, so nothing was computed; recalculate with Ctrl+Alt+F9`,
  },
};

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
  }

  /** The settings as the task pane shows them. */
  get current(): Readonly<Settings> {
    return {
      mode: this.prefs.mode ?? this.org.mode ?? 'local',
      endpoint: this.prefs.endpoint ?? this.org.endpoint ?? '',
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
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), this.readyTimeoutMs)));
    const r = await Promise.race([this.ready().then(() => 'ready' as const), late]);
    clearTimeout(timer);
    if (r === 'ready') return this.isReady ? undefined : this.gate();
    return { error: { code: '#N/A', message: TEXT.notReady[this.current.lang](Math.round(this.readyTimeoutMs / 1000)) } };
  }

  /** Resolves once the workbook's settings are known (true), or after `readyTimeoutMs` (false). */
  async whenReady(): Promise<boolean> {
    return (await this.gate()) === undefined;
  }

  /** What `Office.onReady` gives: the workbook's settings, Office's language, the key store. */
  async attach(host: HostParts): Promise<void> {
    this.document = host.document;
    this.recalculate = host.recalculate;
    if (host.displayLanguage && !this.prefs.langChosen) this.prefs = { ...this.prefs, lang: uiLang(host.displayLanguage) };
    this.remote = undefined;
    if (host.keyStore) {
      this.keyStore = host.keyStore;
      try {
        if (this.apiKey) await host.keyStore.setItem(API_KEY_ITEM, this.apiKey); // moved from an old localStorage entry
        else this.apiKey = (await host.keyStore.getItem(API_KEY_ITEM)) ?? '';
      } catch {
        // the key store refused: the key stays for this session only
      }
    }
  }

  /** Organisation defaults from config.json. */
  setOrgConfig(c: OrgConfig): void {
    this.org = c;
    this.remote = undefined;
  }

  /** Inside Office: follow Office's display language unless the user chose one. */
  adoptHostLanguage(display: string | undefined): void {
    if (display && !this.prefs.langChosen) this.configure({ lang: uiLang(display) });
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
   * localStorage; the API key goes to the key store; a policy is the workbook's. Answers which of
   * them changed the values cells compute.
   */
  private apply(change: Partial<Settings> & RemoteOptions): { values: boolean; policy: boolean } {
    const before = this.current;
    const { flushMs, timeoutMs, retries, backoffMs } = change;
    for (const [k, v] of Object.entries({ flushMs, timeoutMs, retries, backoffMs })) if (v !== undefined) (this.remoteOptions as Record<string, number>)[k] = v;
    const prefs: Prefs = { ...this.prefs };
    if (change.mode === 'local' || change.mode === 'remote') prefs.mode = change.mode;
    if (typeof change.endpoint === 'string') prefs.endpoint = change.endpoint.trim();
    if (change.lang !== undefined) prefs.lang = uiLang(change.lang);
    if (change.langChosen !== undefined) prefs.langChosen = change.langChosen;
    const prefsChanged = JSON.stringify(prefs) !== JSON.stringify(this.prefs);
    if (prefsChanged) {
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

  /** Changes settings without waiting (the PolicyCell API of the page). A policy change is saved into the workbook. */
  configure(change: Partial<Settings> & RemoteOptions & Record<string, unknown>): Readonly<Settings> {
    const { policy, apiKey, ...now } = change;
    this.apply(now);
    // The policy is the workbook's and the key goes to the key store: both wait until Office has given them.
    if (policy !== undefined || apiKey !== undefined) {
      const later = () => {
        const r = this.apply({ policy, apiKey });
        if (r.policy && this.document) void this.saveDocument().catch(() => undefined);
      };
      if (this.isReady) later();
      else void this.whenReady().then(later);
    }
    return this.current;
  }

  /**
   * The task pane's Save: applies what the user changed (a policy only when it differs from the
   * workbook's), saves the workbook's settings, and recalculates the POLICY cells when their values
   * can change. Answers whether it recalculated.
   */
  async save(change: Partial<Pick<Settings, 'mode' | 'endpoint' | 'apiKey' | 'policy'>>): Promise<{ recalculated: boolean }> {
    await this.whenReady();
    const r = this.apply(change);
    if (r.policy && this.document) await this.saveDocument();
    if (r.values && this.recalculate) {
      await this.recalculate();
      return { recalculated: true };
    }
    return { recalculated: false };
  }

  /** Saves the policy into the workbook, so a colleague's Excel and the batch tool use the same one. */
  async setWorkbookPolicy(ref: string): Promise<{ recalculated: boolean }> {
    return this.save({ policy: ref });
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

  private batcher(): RemoteBatcher {
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
    if (this.remoteActive()) return this.batcher().call(findFunction(id)?.id ?? id, list, this.policy());
    return this.engine.call(id, list, { policy: this.policy(), lang: this.current.lang });
  }

  async explain(id: string, args: readonly unknown[] = []): Promise<{ result: CallResult; steps: string[] }> {
    const early = await this.gate();
    if (early) return { result: early, steps: [] };
    const list = Array.isArray(args) ? [...args] : [];
    const s = this.current;
    if (this.remoteActive()) {
      return explainRemote({ endpoint: s.endpoint, apiKey: s.apiKey || undefined, lang: s.lang, timeoutMs: this.remoteOptions.timeoutMs }, findFunction(id)?.id ?? id, list, this.policy());
    }
    return this.engine.explain(id, list, { policy: this.policy(), lang: s.lang });
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

  /** The latest shipped version of `default`: what a workbook that names no policy computes with. */
  defaultPolicy(): string {
    return this.org.policy ?? policyRef(this.engine.policy());
  }
}
