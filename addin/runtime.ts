import type { CallResult, Lang } from '../shared/src/index.js';
import { CATALOG, Engine, findFunction, pickLang, policyRef, shippedRegistry } from '../shared/src/index.js';
import { RemoteBatcher, batchUrl } from './remote.js';

/** The workbook setting that carries the policy a workbook computes with (read by the batch tool too). */
export const POLICY_SETTING = 'policycell.policy';
const STORAGE_KEY = 'policycell.settings';

export interface Settings {
  mode: 'local' | 'remote';
  endpoint: string;
  apiKey: string;
  /** id@version; empty: the workbook's setting, else the latest default. */
  policy: string;
  lang: Lang;
  /** True once the user picked a language: Office's display language no longer overrides it. */
  langChosen?: boolean;
}

/** What the runtime needs from Office, when it runs inside Office (absent in a plain browser). */
export interface DocumentSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  saveAsync(callback?: (r: { status: string }) => void): void;
}

function defaultLang(): Lang {
  const nav = typeof navigator !== 'undefined' ? navigator.language : undefined;
  return pickLang(nav ?? 'zh-CN');
}

function loadStored(): Partial<Settings> {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '{}') as Partial<Settings>;
  } catch {
    return {};
  }
}

/**
 * Computes catalog calls locally (the bundled rules package: no network, no latency) or remotely
 * (batched HTTP to the API), with the policy the workbook names.
 */
export class Runtime {
  readonly engine = new Engine(shippedRegistry());
  private settings: Settings;
  private remote: RemoteBatcher | undefined;
  document: DocumentSettings | undefined;
  remoteOptions: { flushMs?: number; timeoutMs?: number; retries?: number; backoffMs?: number } = {};

  constructor(initial: Partial<Settings> = {}) {
    this.settings = { mode: 'local', endpoint: '', apiKey: '', policy: '', lang: defaultLang(), ...loadStored(), ...initial };
  }

  get current(): Readonly<Settings> {
    return this.settings;
  }

  configure(change: Partial<Settings> & Record<string, unknown>): Readonly<Settings> {
    const { flushMs, timeoutMs, retries, backoffMs, ...rest } = change as Partial<Settings> & { flushMs?: number; timeoutMs?: number; retries?: number; backoffMs?: number };
    for (const [k, v] of Object.entries({ flushMs, timeoutMs, retries, backoffMs })) if (v !== undefined) (this.remoteOptions as Record<string, number>)[k] = v;
    this.settings = { ...this.settings, ...rest };
    if (this.settings.lang) this.settings.lang = pickLang(this.settings.lang);
    this.remote = undefined; // rebuilt with the new endpoint, key and language on the next call
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify({ ...this.settings, apiKey: this.settings.apiKey }));
    } catch {
      // storage may be unavailable (private mode); settings still apply to this session
    }
    return this.settings;
  }

  /** Inside Office: follow Office's display language unless the user chose one. */
  adoptHostLanguage(display: string | undefined): void {
    if (display && !this.settings.langChosen) this.configure({ lang: pickLang(display) });
  }

  /** The policy calls use: the task pane's choice, else the workbook's setting, else the latest default. */
  policy(): string | undefined {
    if (this.settings.policy) return this.settings.policy;
    const fromDoc = this.document?.get(POLICY_SETTING);
    return typeof fromDoc === 'string' && fromDoc ? fromDoc : undefined;
  }

  /** Saves the policy into the workbook, so a colleague's Excel and the batch tool use the same one. */
  async setWorkbookPolicy(ref: string): Promise<void> {
    this.configure({ policy: ref });
    const doc = this.document;
    if (!doc) return;
    doc.set(POLICY_SETTING, ref);
    await new Promise<void>((resolve, reject) => doc.saveAsync((r) => (r.status === 'failed' ? reject(new Error('settings not saved')) : resolve())));
  }

  private batcher(): RemoteBatcher {
    this.remote ??= new RemoteBatcher({ endpoint: this.settings.endpoint, apiKey: this.settings.apiKey || undefined, lang: this.settings.lang, ...this.remoteOptions });
    return this.remote;
  }

  /** Requests remote mode has sent. */
  get remoteRequests(): number {
    return this.remote?.requests ?? 0;
  }

  evaluate(id: string, args: readonly unknown[] = []): Promise<CallResult> {
    const list = Array.isArray(args) ? [...args] : [];
    if (this.settings.mode === 'remote' && this.settings.endpoint) {
      const fn = findFunction(id);
      return this.batcher().call(fn?.id ?? id, list, this.policy());
    }
    return Promise.resolve(this.engine.call(id, list, { policy: this.policy(), lang: this.settings.lang }));
  }

  async explain(id: string, args: readonly unknown[] = []): Promise<{ result: CallResult; steps: string[] }> {
    const list = Array.isArray(args) ? [...args] : [];
    if (this.settings.mode === 'remote' && this.settings.endpoint) {
      const url = batchUrl(this.settings.endpoint).replace(/\/batch$/, '/explain');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (this.settings.apiKey) headers.authorization = `Bearer ${this.settings.apiKey}`;
      try {
        const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ fn: id, args: list, policy: this.policy(), lang: this.settings.lang }) });
        const body = (await res.json()) as { value?: unknown; steps?: string[]; code?: string; detail?: string };
        if (res.ok) return { result: { value: body.value as never }, steps: body.steps ?? [] };
        return { result: { error: { code: (body.code ?? '#N/A') as '#N/A', message: body.detail ?? String(res.status) } }, steps: body.steps ?? [] };
      } catch (e) {
        return { result: { error: { code: '#N/A', message: String(e) } }, steps: [] };
      }
    }
    return this.engine.explain(id, list, { policy: this.policy(), lang: this.settings.lang });
  }

  /** The catalog as the task pane shows it, in the current language. */
  catalog() {
    const lang = this.settings.lang;
    return CATALOG.map((f) => ({
      id: f.id,
      section: f.section,
      name: f.name[lang],
      names: f.name,
      description: f.description[lang],
      source: f.source,
      params: f.params.map((p) => ({ name: p.name, zh: p.zh, label: lang === 'zh-CN' ? p.zh : p.name, optional: !!p.optional, repeating: !!p.repeating, description: p.description[lang] })),
      examples: f.examples,
    }));
  }

  policies(): { ref: string; title: string; effectiveFrom: string }[] {
    return this.engine.registry.list().map((d) => ({ ref: policyRef(d), title: d.title[this.settings.lang], effectiveFrom: d.effectiveFrom }));
  }
}
