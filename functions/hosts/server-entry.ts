import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { PolicyLoadError } from '../../shared/src/index.js';
import { configFromEnv } from '../config.js';
import { RefusedToListen, checkListenable, readTls, startServer, tlsFromEnv } from './server.js';
import { VERSION } from '../version.js';

// `npm start`: serve on 127.0.0.1:3000 (PORT, HOST) with one server process per core
// (POLICYCELL_WORKERS, default: the cores), say what to open once, and on SIGTERM/SIGINT let every
// worker finish its requests in flight before exiting.

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const workers = Math.max(1, Number(process.env.POLICYCELL_WORKERS ?? availableParallelism()) || 1);

function banner(url: string): string {
  const keys = (process.env.POLICYCELL_API_KEYS ?? '').trim() !== '';
  return [
    `PolicyCell 已启动 · listening on ${url} (${workers} ${workers === 1 ? 'process' : 'processes'})`,
    `  打开 Open:      ${url}/`,
    `  计算器 Playground: ${url}/addin/playground.html`,
    `  API:            ${url}/v1/functions`,
    keys ? '  需要 API 密钥 · API keys required (Authorization: Bearer …)' : `  未设置 API 密钥，仅监听本机 · no API keys set: listening on ${host} only`,
    url.startsWith('https:')
      ? `  Excel 旁加载 · sideload: manifest.xml (${url}/addin/manifest.xml)`
      : '  Excel 旁加载需要 HTTPS：见 docs/addin.md · to sideload into Excel (HTTPS) see docs/addin.md',
    '',
  ].join('\n');
}

/** A server that cannot start says why in one line: its own refusal, or a policy file's problems with their JSON paths. */
function fail(e: unknown): never {
  const known = e instanceof RefusedToListen || e instanceof PolicyLoadError;
  process.stderr.write(`${known ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
}

/** One server in this process; tells the primary (if any) where it listens. */
async function serveHere(): Promise<void> {
  const s = await startServer({ port, host }).catch(fail);
  if (process.send) process.send({ listening: s.url });
  else process.stderr.write(banner(s.url));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!process.send) process.stderr.write(`${signal}: 正在完成进行中的请求 · finishing requests in flight…\n`);
    void s.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (workers === 1 || !cluster.isPrimary) {
  await serveHere();
} else {
  // Refuse here, once, rather than in every worker.
  try {
    checkListenable(host, configFromEnv(process.env, VERSION).apiKeys);
    const tls = tlsFromEnv();
    if (tls) readTls(tls);
  } catch (e) {
    fail(e);
  }
  let stopping = false;
  let announced = false;
  const fork = () => {
    const w = cluster.fork();
    w.on('message', (m: { listening?: string }) => {
      if (m.listening && !announced) {
        announced = true;
        process.stderr.write(banner(m.listening));
      }
    });
  };
  for (let i = 0; i < workers; i++) fork();
  cluster.on('exit', (w, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (code === 1 && !announced) process.exit(1); // could not start at all (port taken, bad policy file)
    process.stderr.write(`worker ${w.process.pid} exited (${code}); starting another · 进程退出，已重启\n`);
    fork();
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: 正在完成进行中的请求 · finishing requests in flight…\n`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
