import { Engine, shippedRegistry } from '../../shared/src/index.js';
import { createApp } from '../../functions/http/app.js';
import type { AppConfig } from '../../functions/config.js';
import { DEFAULT_LIMITS } from '../../functions/config.js';

/** An app with its log lines captured, for route tests through app.request(). */
export function testApp(over: Partial<AppConfig> = {}) {
  const logs: Record<string, unknown>[] = [];
  const config: AppConfig = { apiKeys: [], allowedOrigins: [], limits: DEFAULT_LIMITS, version: '9.9.9', log: (l) => logs.push(l), ...over };
  const app = createApp(new Engine(shippedRegistry()), config);
  return { app, logs, config };
}

export const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});
