import type { WorkbookBudget } from './workbook/budget/budget.js';
import { budgetFromEnv } from './workbook/budget/budget.js';

/** What a host configures, read from the environment in one place (server.ts and lambda.ts both use it). */
export interface Limits {
  /** JSON request bodies, bytes (default 1 MiB). */
  jsonBytes: number;
  /** Workbook uploads, bytes (default 5 MiB: the Lambda payload limit is 6 MB). */
  workbookBytes: number;
  /** Calls in one batch (default 10,000). */
  maxCalls: number;
  /** What recalculating one workbook may cost (workbook/budget.ts); default DEFAULT_BUDGET. */
  workbook?: WorkbookBudget;
  /** Worker threads that recalculate workbooks, per server process (default 1: npm start runs a process per core). */
  workbookWorkers?: number;
  /** Workbooks waiting for a worker, per process, before the route answers 429 (default 8); uploads still arriving count among them. */
  workbookQueue?: number;
  /** Request body bytes one process holds at once, arriving or being answered (default 64 MiB); past it 429. */
  inFlightBytes?: number;
  /** Connections one server process keeps open at once (default 256); past it a new connection is closed unanswered. */
  maxConnections?: number;
  /** Seconds a request body may go without a byte arriving before it is cut with 408 (default 10). */
  bodyIdleSeconds?: number;
}

export interface AppConfig {
  apiKeys: string[];
  allowedOrigins: string[];
  limits: Limits;
  version: string;
  /** Answer only requests whose Host is a loopback name (set by server.ts on loopback without keys: DNS rebinding). */
  loopbackHostsOnly?: boolean;
  /** Refuse browsers' requests from other sites (set by server.ts on loopback without keys: middleware/cross-site.ts). */
  refuseCrossSite?: boolean;
  /** The organisation's policy folder (POLICYCELL_POLICY_DIR), for the workbook workers' engine. */
  policyDir?: string;
  /** Structured log lines go here; never an API key or an argument value. */
  log: (line: Record<string, unknown>) => void;
}

export const DEFAULT_LIMITS: Limits = {
  jsonBytes: 1024 * 1024,
  workbookBytes: 5 * 1024 * 1024,
  maxCalls: 10_000,
  inFlightBytes: 64 * 1024 * 1024,
  maxConnections: 256,
  bodyIdleSeconds: 10,
};

function list(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function positiveInt(v: string | undefined, dflt: number): number {
  const n = Number(v);
  return v && Number.isInteger(n) && n > 0 ? n : dflt;
}

function positiveNumber(v: string | undefined, dflt: number): number {
  const n = Number(v);
  return v && Number.isFinite(n) && n > 0 ? n : dflt;
}

export function stdoutLog(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, version = '0.0.0'): AppConfig {
  return {
    apiKeys: list(env.POLICYCELL_API_KEYS),
    allowedOrigins: list(env.POLICYCELL_ALLOWED_ORIGINS),
    limits: {
      jsonBytes: positiveInt(env.POLICYCELL_MAX_JSON_BYTES, DEFAULT_LIMITS.jsonBytes),
      workbookBytes: positiveInt(env.POLICYCELL_MAX_WORKBOOK_BYTES, DEFAULT_LIMITS.workbookBytes),
      maxCalls: positiveInt(env.POLICYCELL_MAX_CALLS, DEFAULT_LIMITS.maxCalls),
      workbook: budgetFromEnv(env),
      workbookWorkers: positiveInt(env.POLICYCELL_WORKBOOK_WORKERS, 1),
      workbookQueue: positiveInt(env.POLICYCELL_WORKBOOK_QUEUE, 8),
      inFlightBytes: positiveInt(env.POLICYCELL_MAX_BYTES_IN_FLIGHT, DEFAULT_LIMITS.inFlightBytes!),
      maxConnections: positiveInt(env.POLICYCELL_MAX_CONNECTIONS, DEFAULT_LIMITS.maxConnections!),
      bodyIdleSeconds: positiveNumber(env.POLICYCELL_BODY_IDLE_SECONDS, DEFAULT_LIMITS.bodyIdleSeconds!),
    },
    version,
    ...(env.POLICYCELL_POLICY_DIR ? { policyDir: env.POLICYCELL_POLICY_DIR } : {}),
    log: env.POLICYCELL_LOG === 'off' ? () => {} : stdoutLog,
  };
}
