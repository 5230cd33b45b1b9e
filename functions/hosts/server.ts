import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createSecureContext } from 'node:tls';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { Engine } from '../../shared/src/index.js';
import type { Env, Extend } from '../http/app.js';
import { createApp } from '../http/app.js';
import { addinFiles } from '../http/addin-files.js';
import { send } from '../http/middleware/respond.js';
import { mountRecalc } from '../http/workbooks-route.js';
import type { AppConfig } from '../config.js';
import { DEFAULT_LIMITS, configFromEnv } from '../config.js';
import { loadRegistry } from '../policy-dir.js';
import { START_PAGE_HEADERS, startPage } from '../http/start-page.js';
import { VERSION } from '../version.js';

export interface ServerOptions {
  port?: number;
  host?: string;
  config?: AppConfig;
  /** The folder of the add-in's static files (default dist/addin beside the project). */
  addinDir?: string;
  extend?: Extend;
  /** PEM files for HTTPS (Office sideloading needs it): default POLICYCELL_TLS_CERT / POLICYCELL_TLS_KEY. */
  tls?: { cert: string; key: string };
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  app: Hono<Env>;
  /** Stops accepting connections and resolves once the requests in flight have finished. */
  close: () => Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export class RefusedToListen extends Error {}

/** Without API keys, only a loopback address: anything else would expose salaries to the network. */
export function checkListenable(host: string, apiKeys: readonly string[]): void {
  if (!isLoopback(host) && apiKeys.length === 0) {
    throw new RefusedToListen(
      `refusing to listen on ${host} without API keys: set POLICYCELL_API_KEYS, or use 127.0.0.1 · 未设置 POLICYCELL_API_KEYS 时只在本机地址上监听`,
    );
  }
}

/** The TLS files the environment names: both or neither (one alone would silently serve HTTP). */
export function tlsFromEnv(env: NodeJS.ProcessEnv = process.env): { cert: string; key: string } | undefined {
  const cert = env.POLICYCELL_TLS_CERT?.trim();
  const key = env.POLICYCELL_TLS_KEY?.trim();
  if (!cert && !key) return undefined;
  if (!cert || !key) {
    const [given, missing] = cert ? ['POLICYCELL_TLS_CERT', 'POLICYCELL_TLS_KEY'] : ['POLICYCELL_TLS_KEY', 'POLICYCELL_TLS_CERT'];
    throw new RefusedToListen(`${given} is set but ${missing} is not: set both to serve HTTPS, or neither for HTTP · 只设置了 ${given}，未设置 ${missing}：两者都设置才提供 HTTPS`);
  }
  return { cert, key };
}

/** The certificate and key, read and checked to be a pair, or a one-line refusal naming the file. */
export function readTls(tls: { cert: string; key: string }): { cert: Buffer; key: Buffer } {
  const read = (what: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new RefusedToListen(`cannot read the TLS ${what} ${file} (${why}) · 无法读取 TLS ${what === 'certificate' ? '证书' : '私钥'}文件 ${file}`);
    }
  };
  const pair = { cert: read('certificate', tls.cert), key: read('key', tls.key) };
  try {
    createSecureContext(pair);
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    throw new RefusedToListen(`the TLS certificate ${tls.cert} and key ${tls.key} cannot be used (${why}) · TLS 证书与私钥无法使用`);
  }
  return pair;
}

/**
 * The local server: the API, the add-in's static files under /addin and a start page at /. Without
 * API keys it listens on a loopback address only: anything else would expose salaries to the network.
 */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const given = opts.config ?? configFromEnv(process.env, VERSION);
  const host = opts.host ?? '127.0.0.1';
  checkListenable(host, given.apiKeys);
  // On loopback without keys, only requests addressed to a loopback name (DNS rebinding), and none
  // from another site's pages.
  const config = isLoopback(host) && given.apiKeys.length === 0 ? { ...given, loopbackHostsOnly: true, refuseCrossSite: true } : given;
  const tls = opts.tls ?? tlsFromEnv();
  const https = tls ? { createServer: createHttpsServer, serverOptions: readTls(tls) } : {};
  const engine = new Engine(loadRegistry());
  const addinDir = opts.addinDir ?? join(process.cwd(), 'dist/addin');
  const hasAddin = existsSync(join(addinDir, 'functions.json'));
  const app = createApp(engine, config, (a, cfg, eng) => {
    a.get('/', (c) => send(c, startPage(eng.policy(), cfg.version, hasAddin), 200, 'text/html; charset=utf-8', START_PAGE_HEADERS));
    if (hasAddin) a.all('/addin/*', addinFiles(addinDir));
    mountRecalc(a, cfg, eng);
    opts.extend?.(a, cfg, eng);
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 3000, hostname: host, ...https }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  // Connections past the cap are closed as they arrive, before anything of theirs is read: the
  // body budget and the workbook queue answer 429 to requests, this bounds the sockets themselves.
  server.maxConnections = config.limits.maxConnections ?? DEFAULT_LIMITS.maxConnections!;
  // Requests in flight, counted where Node sees them, so that close() can wait for them.
  let inFlight = 0;
  let idle: (() => void) | undefined;
  server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => {
      if (--inFlight === 0) idle?.();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    server,
    app,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        const drained = () => server.closeAllConnections();
        if (inFlight === 0) drained();
        else idle = drained;
      }),
  };
}
