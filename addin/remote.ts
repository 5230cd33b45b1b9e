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

/** The problem+json members the API answers with (RFC 9457, plus our `code`, `path` and `steps`). */
interface ProblemBody {
  detail?: string;
  code?: string;
  path?: string;
  steps?: string[];
}

function problemOf(text: string): ProblemBody | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as ProblemBody) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A failed answer as an Excel error. Only our API's "unknown policy" (a 404 about `$.policy`) is the
 * workbook's mistake (#VALUE!, as locally); any other 404 means the service URL is wrong (#N/A,
 * "service not found"), never a bad argument.
 */
function failure(status: number, text: string, url: string, lang: Lang): RequestFailed {
  const p = problemOf(text);
  if (status === 404 && p?.path !== '$.policy') return new RequestFailed(TEXT.notFound[lang](url), false, status, '#N/A');
  const detail = p?.detail ?? text.slice(0, 200);
  return new RequestFailed(TEXT.status[lang](status, detail), status >= 500 || status === 429, status, status === 404 ? '#VALUE!' : '#N/A');
}

class RequestFailed {
  constructor(
    readonly message: string,
    readonly retry: boolean,
    readonly status?: number,
    readonly code: '#N/A' | '#VALUE!' = '#N/A',
  ) {}
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
    const timeoutMs = this.opts.timeoutMs ?? 30_000;
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'accept-language': lang };
    if (this.opts.apiKey) headers.authorization = `Bearer ${this.opts.apiKey}`;
    this.requests++;
    let res: Response;
    try {
      res = await (this.opts.fetch ?? fetch)(batchUrl(this.opts.endpoint), {
        method: 'POST',
        headers,
        body: JSON.stringify({ calls: items.map((p) => ({ fn: p.fn, args: p.args })), policy, lang }),
        signal: ctl.signal,
      });
      const text = await res.text();
      if (!res.ok) throw failure(res.status, text, batchUrl(this.opts.endpoint), lang);
      const body = JSON.parse(text) as { results?: CallResult[] };
      if (!Array.isArray(body.results) || body.results.length !== items.length) throw new RequestFailed(TEXT.shape[lang](), false);
      return body.results;
    } catch (e) {
      if (e instanceof RequestFailed) throw e;
      if (ctl.signal.aborted) throw new RequestFailed(TEXT.timeout[lang](timeoutMs / 1000), true);
      throw new RequestFailed(TEXT.network[lang](e instanceof Error ? e.message : String(e)), true);
    } finally {
      clearTimeout(timer);
    }
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
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'accept-language': lang };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  try {
    const res = await (opts.fetch ?? fetch)(url, { method: 'POST', headers, body: JSON.stringify({ fn, args, policy, lang }), signal: ctl.signal });
    const text = await res.text();
    const body = problemOf(text) as (ProblemBody & { value?: unknown }) | undefined;
    if (res.ok && body) return { result: { value: body.value as never }, steps: body.steps ?? [] };
    // A function's own error is a 422 carrying its Excel code and the steps up to it.
    if (res.status === 422 && body?.code) return { result: { error: { code: body.code as '#N/A', message: body.detail ?? '' } }, steps: body.steps ?? [] };
    const f = res.ok ? new RequestFailed(TEXT.shape[lang](), false) : failure(res.status, text, url, lang);
    return { result: { error: { code: f.code, message: f.message } }, steps: [] };
  } catch (e) {
    const message = ctl.signal.aborted ? TEXT.timeout[lang](timeoutMs / 1000) : TEXT.network[lang](e instanceof Error ? e.message : String(e));
    return { result: { error: { code: '#N/A', message } }, steps: [] };
  } finally {
    clearTimeout(timer);
  }
}
