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
};

class RequestFailed {
  constructor(
    readonly message: string,
    readonly retry: boolean,
    readonly status?: number,
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
          const code = f.status === 404 ? '#VALUE!' : '#N/A';
          for (const p of items) p.resolve({ error: { code, message: f.message } });
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
      if (!res.ok) {
        let detail = text.slice(0, 200);
        try {
          detail = (JSON.parse(text) as { detail?: string }).detail ?? detail;
        } catch {
          // not JSON: keep the text
        }
        throw new RequestFailed(TEXT.status[lang](res.status, detail), res.status >= 500 || res.status === 429, res.status);
      }
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
