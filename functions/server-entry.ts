import { RefusedToListen, startServer } from './server.js';

// `npm start`: serve on 127.0.0.1:3000 (PORT, HOST), say what to open, finish in-flight requests on SIGTERM/SIGINT.
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
try {
  const s = await startServer({ port, host });
  const keys = (process.env.POLICYCELL_API_KEYS ?? '').trim() !== '';
  process.stderr.write(
    [
      `PolicyCell 已启动 · listening on ${s.url}`,
      `  打开 Open:      ${s.url}/`,
      `  计算器 Playground: ${s.url}/addin/taskpane.html`,
      `  API:            ${s.url}/v1/functions`,
      keys ? '  需要 API 密钥 · API keys required (Authorization: Bearer …)' : `  未设置 API 密钥，仅监听本机 · no API keys set: listening on ${host} only`,
      s.url.startsWith('https:')
        ? `  Excel 旁加载 · sideload: manifest.xml (${s.url}/addin/manifest.xml)`
        : '  Excel 旁加载需要 HTTPS：见 README「Sideloading」· to sideload into Excel (HTTPS) see the README',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: 正在完成进行中的请求 · finishing requests in flight…\n`);
    s.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (e) {
  process.stderr.write(`${e instanceof RefusedToListen ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
}
