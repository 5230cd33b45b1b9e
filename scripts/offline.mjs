// `npm run offline`: the deployment of serverless.yml on this machine (scripts/offline-stack.mjs),
// until Ctrl-C. Prints the base URL and the API key to use with it. POLICYCELL_API_KEYS chooses the
// keys (else one random key); POLICYCELL_OFFLINE_LOG=1 shows serverless-offline's own output.
import { startOfflineStack } from './offline-stack.mjs';

const given = (process.env.POLICYCELL_API_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean);
const verbose = process.env.POLICYCELL_OFFLINE_LOG === '1';
const stack = await startOfflineStack({ ...(given.length ? { apiKeys: given } : {}), log: verbose ? (line) => process.stderr.write(`${line}\n`) : () => {} });
process.stdout.write(
  [
    `PolicyCell offline stack · 本地部署已启动: ${stack.url}`,
    `  API key · API 密钥:  ${stack.apiKey}`,
    `  local S3 store · 本地存储: ${stack.s3Endpoint} (bucket ${stack.bucket})`,
    `  try · 试用: POLICYCELL_API_KEY=${stack.apiKey} npx policycell recalc BOOK.xlsx --remote ${stack.url}`,
    '  Ctrl-C stops it · 按 Ctrl-C 停止',
    '',
  ].join('\n'),
);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void stack.stop().then(() => process.exit(0));
  });
}
