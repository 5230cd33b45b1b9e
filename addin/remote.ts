import type { CallResult, Lang } from '../shared/src/index.js';

/**
 * Remote mode: Microsoft's batching pattern for custom functions. Every call made during one
 * recalculation is queued; a short timer flushes the queue as one `POST /v1/batch` (at most
 * `maxPerRequest` calls each), and each call's promise is resolved from its place in the answer.
 * A network failure, a timeout or a server error is retried with backoff, then becomes #N/A with a
 * message: a cell never waits forever.
 */

export interface RemoteOptions {
  /** The API's base URL (https://host/path), or the batch URL itself. */
  endpoint: string;
  apiKey?: string;
  lang: Lang;
  flushMs?: number;
  maxPerRequest?: number;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  fetch?: typeof fetch;
}

interface Pending {
  fn: string;
  args: unknown[];
  policy: string | undefined;
  resolve: (r: CallResult) => void;
}

export function batchUrl(endpoint: string): string {
  const e = endpoint.trim().replace(/\/+$/, '');
  if (/\/v1\/batch$/.test(e)) return e;
  if (/\/v1$/.test(e)) return `${e}/batch`;
  return `${e}/v1/batch`;
}

const TEXT = {
  network: { 'zh-CN': (d: string) => `无法连接计算服务：${d}`, en: (d: string) => `cannot reach the policy service: ${d}` },
  timeout: { 'zh-CN': (s: number) => `计算服务 ${s} 秒内未响应`, en: (s: number) => `the policy service did not answer within ${s} s` },
  status: { 'zh-CN': (s: number, d: string) => `计算服务返回 ${s}：${d}`, en: (s: number, d: string) => `the policy service answered ${s}: ${d}` },
  shape: { 'zh-CN': () => '计算服务的答复格式不对', en: () => 'the policy service answered in an unexpected form' },
  notFound: {
    'zh-CN': (u: string) => `在 ${u} 找不到计算服务（404）：请检查设置中的服务地址`,
    en: (u: string) => `no policy service at ${u} (404): check the service URL in the settings`,
  },
};

/** The JSON members the API answers with: a result, or RFC 9457 problem+json plus our `code`, `path`, `steps`. */
interface ApiBody {
  value?: unknown;
  results?: CallResult[];
  status?: number;
  title?: string;
  detail?: string;
  code?: string;
  path?: string;
  steps?: string[];
}

function jsonOf(text: string): ApiBody | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as ApiBody) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A failed answer as an Excel error. A problem document from our API says what went wrong: an
 * unknown policy (`$.policy`) is the workbook's mistake (#VALUE!, as locally), anything else #N/A
 * with its text. Any other 404 means the service URL is wrong (#N/A, "service not found"), never a
 * bad argument.
 */
function failure(status: number, text: string, url: string, lang: Lang): RequestFailed {
  const p = jsonOf(text);
  const ours = p !== undefined && typeof p.title === 'string' && p.status === status;
  // Our API's 404s about the call name what was not found (a policy, a function); any other 404 is no route here.
  if (status === 404 && !(ours && (p.path === '$.policy' || p.code !== undefined))) return new RequestFailed(TEXT.notFound[lang](url), false, status, '#N/A');
  const detail = (ours ? p.detail : undefined) ?? text.slice(0, 200);
  return new RequestFailed(TEXT.status[lang](status, detail), status >= 500 || status === 429, status, ours && p.path === '$.policy' ? '#VALUE!' : '#N/A');
}

class RequestFailed {
  constructor(
    readonly message: string,
    readonly retry: boolean,
    readonly status?: number,
    readonly code: '#N/A' | '#VALUE!' = '#N/A',
  ) {}
}

type PostOptions = Pick<RemoteOptions, 'apiKey' | 'lang' | 'timeoutMs' | 'fetch'>;

/**
 * One POST of JSON to the API, bounded by the timeout: the status and the body's text, or a
 * RequestFailed for the network or the timeout (both worth a retry).
 */
async function postJson(url: string, body: unknown, opts: PostOptions): Promise<{ status: number; ok: boolean; text: string }> {
  const { lang } = opts;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'accept-language': lang };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  try {
    const res = await (opts.fetch ?? fetch)(url, { method: 'POST', headers, body: JSON.stringify(body), signal: ctl.signal });
    return { status: res.status, ok: res.ok, text: await res.text() };
  } catch (e) {
    if (ctl.signal.aborted) throw new RequestFailed(TEXT.timeout[lang](timeoutMs / 1000), true);
    throw new RequestFailed(TEXT.network[lang](e instanceof Error ? e.message : String(e)), true);
  } finally {
    clearTimeout(timer);
  }
}

export class RemoteBatcher {
  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Requests sent so far (for the task pane's status line and the tests). */
  requests = 0;

  constructor(private readonly opts: RemoteOptions) {}

  call(fn: string, args: unknown[], policy: string | undefined): Promise<CallResult> {
    return new Promise((resolve) => {
      this.queue.push({ fn, args, policy, resolve });
      this.timer ??= setTimeout(() => this.flush(), this.opts.flushMs ?? 25);
    });
  }

  /** Sends everything queued now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const queued = this.queue;
    this.queue = [];
    // One policy per request: group by the policy each call names, keeping call order within a group.
    const groups = new Map<string, Pending[]>();
    for (const p of queued) {
      const key = p.policy ?? '';
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(p);
    }
    const max = this.opts.maxPerRequest ?? 10_000;
    for (const [policy, items] of groups) {
      for (let i = 0; i < items.length; i += max) void this.send(items.slice(i, i + max), policy || undefined);
    }
  }

  private async send(items: Pending[], policy: string | undefined): Promise<void> {
    const lang = this.opts.lang;
    const retries = this.opts.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        const results = await this.post(items, policy);
        items.forEach((p, i) => p.resolve(results[i]!));
        return;
      } catch (e) {
        const f = e instanceof RequestFailed ? e : new RequestFailed(TEXT.network[lang](String(e)), true);
        if (f.status === 413 && items.length > 1) {
          // Too large for the server: the halves go separately.
          const half = Math.ceil(items.length / 2);
          await Promise.all([this.send(items.slice(0, half), policy), this.send(items.slice(half), policy)]);
          return;
        }
        if (!f.retry || attempt >= retries) {
          for (const p of items) p.resolve({ error: { code: f.code, message: f.message } });
          return;
        }
        const base = this.opts.backoffMs ?? 300;
        await new Promise((r) => setTimeout(r, base * 2 ** attempt * (0.75 + Math.random() / 2)));
      }
    }
  }

  private async post(items: Pending[], policy: string | undefined): Promise<CallResult[]> {
    const lang = this.opts.lang;
    const url = batchUrl(this.opts.endpoint);
    this.requests++;
    const res = await postJson(url, { calls: items.map((p) => ({ fn: p.fn, args: p.args })), policy, lang }, this.opts);
    if (!res.ok) throw failure(res.status, res.text, url, lang);
    const body = jsonOf(res.text);
    if (!Array.isArray(body?.results) || body.results.length !== items.length) throw new RequestFailed(TEXT.shape[lang](), false);
    return body.results;
  }
}

/**
 * Remote EXPLAIN (`POST /v1/explain`), bounded by the same timeout as the batches: the task pane's
 * explanation never waits forever either.
 */
export async function explainRemote(
  opts: Pick<RemoteOptions, 'endpoint' | 'apiKey' | 'lang' | 'timeoutMs' | 'fetch'>,
  fn: string,
  args: unknown[],
  policy: string | undefined,
): Promise<{ result: CallResult; steps: string[] }> {
  const { lang } = opts;
  const url = batchUrl(opts.endpoint).replace(/\/batch$/, '/explain');
  try {
    const res = await postJson(url, { fn, args, policy, lang }, opts);
    const body = jsonOf(res.text);
    if (res.ok && body) return { result: { value: body.value as never }, steps: body.steps ?? [] };
    // A function's own error is a 422 carrying its Excel code and the steps up to it.
    if (res.status === 422 && body?.code) return { result: { error: { code: body.code as '#N/A', message: body.detail ?? '' } }, steps: body.steps ?? [] };
    const f = res.ok ? new RequestFailed(TEXT.shape[lang](), false) : failure(res.status, res.text, url, lang);
    return { result: { error: { code: f.code, message: f.message } }, steps: [] };
  } catch (e) {
    const f = e as RequestFailed;
    return { result: { error: { code: '#N/A', message: f.message } }, steps: [] };
  }
}
