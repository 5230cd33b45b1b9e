import type { Context } from 'hono';
import { addHeader } from './respond.js';

/**
 * Security headers for API answers (JSON, never meant to be rendered, framed or cached: salaries are
 * personal data). Every header costs throughput on the Node adapter, so only those that matter for
 * JSON are sent: nosniff (on every answer, see respond.ts), a CSP that forbids rendering and framing,
 * and no-store. HSTS belongs to the HTTPS front (API Gateway, a proxy), not this process. The add-in's pages
 * are left out on purpose: Excel on the web shows the task pane in a frame. Added to the plain header
 * object of respond.ts, for the adapter's fast path.
 */
export function apiSecureHeaders(c: Context): void {
  addHeader(c, 'Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  addHeader(c, 'Cache-Control', 'no-store');
}
