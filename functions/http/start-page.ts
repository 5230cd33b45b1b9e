import { createHash } from 'node:crypto';
import type { PolicyDoc } from '../../shared/src/index.js';
import { CATALOG, policyRef } from '../../shared/src/index.js';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
body{font-family:"Segoe UI","Microsoft YaHei",system-ui,sans-serif;margin:0;background:#faf9f8;color:#323130}
header{background:#0f6cbd;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px;font-weight:600}
main{max-width:960px;margin:0 auto;padding:16px 24px}section{background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.14);padding:12px 20px;margin:16px 0}
h2{font-size:16px;font-weight:600}code{background:#f3f2f1;padding:1px 4px;border-radius:4px}table{border-collapse:collapse;font-size:13px}td{padding:2px 12px 2px 0}
a{color:#0f6cbd}
`;

/**
 * The start page's own headers (nosniff comes with every answer): a CSP that allows its one inline
 * style by hash and nothing else (no script, no plug-in, no form, no framing), and frame
 * protection for browsers that predate frame-ancestors. It is never framed: the add-in's task pane
 * is another page.
 */
export const START_PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** The page at `/`: what this server is and what to open, in zh-CN and en. */
export function startPage(policy: PolicyDoc, version: string, hasAddin: boolean): string {
  const rows = CATALOG.map((f) => `<tr><td><code>${f.id}</code></td><td>${esc(f.name['zh-CN'])}</td><td>${esc(f.name.en)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>PolicyCell</title>
<style>${STYLE}</style></head><body>
<header><h1>PolicyCell 制度计算器 · policy calculator</h1><div>v${esc(version)} · ${esc(policyRef(policy))}</div></header>
<main>
<section><h2>这是什么 · What this is</h2>
<p>把客户经理管理制度变成 Excel 函数：<code>=POLICY.COMMISSION(B2)</code>，中文 Excel 中为 <code>=POLICY.提成金额(B2)</code>。本服务提供 HTTP API、Excel 加载项文件与计算器页面。</p>
<p>Customer-manager policies as Excel functions. This server answers the HTTP API and serves the Excel add-in's files and a playground.</p></section>
<section><h2>打开 · Open</h2><ul>
${hasAddin ? '<li><a href="/addin/playground.html">计算器与函数浏览 · Playground and function browser</a></li>' : '<li>加载项尚未构建 · The add-in is not built yet (<code>npm run build</code>)</li>'}
<li><a href="/v1/functions">/v1/functions</a> 函数目录 · the catalog (JSON)</li>
<li><a href="/v1/policies">/v1/policies</a> 制度版本 · policy versions</li>
<li><a href="/healthz">/healthz</a></li>
<li><code>POST /v1/batch</code> <code>{"calls":[{"fn":"COMMISSION","args":[52000]}]}</code></li>
</ul></section>
<section><h2>函数 · Functions (${CATALOG.length})</h2><table>${rows}</table></section>
</main></body></html>`;
}
