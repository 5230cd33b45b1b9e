import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { table } from './harness.js';

const root = join(dirname(new URL(import.meta.url).pathname).replace(/\/out$/, ''), '..');

/** Milliseconds for a fresh `node` to run `code`, median of `n` runs. */
function nodeMs(code: string, n: number): number {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root });
    if (r.status !== 0) throw new Error(r.stderr.toString());
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)]!;
}

/** The Lambda bundle's size and what importing it costs a cold process (the cold start's share that is ours). */
export async function benchLambda(runs = 15): Promise<string> {
  const { build } = await import(join(root, 'scripts/build.mjs'));
  await build(['lambda'], { onlyStale: true });
  const file = join(root, 'dist/lambda.mjs');
  const bytes = statSync(file).size;
  const gz = gzipSync(readFileSync(file)).length;
  const zip = statSync(join(root, 'dist/lambda.zip')).size;
  const empty = nodeMs('', runs);
  const imported = nodeMs(`await import(${JSON.stringify(file)});`, runs);
  const handled = nodeMs(
    `const { handler } = await import(${JSON.stringify(file)}); const r = await handler({ version: '2.0', rawPath: '/v1/functions/COMMISSION', rawQueryString: '', headers: { 'content-type': 'application/json' }, requestContext: { http: { method: 'POST', path: '/v1/functions/COMMISSION', sourceIp: '127.0.0.1' } }, body: '{"args":[52000]}', isBase64Encoded: false }, {}); if (r.statusCode !== 200) process.exit(1);`,
    runs,
  );
  return [
    'Lambda bundle (dist/lambda.mjs)',
    table([
      ['measure', 'value'],
      ['bundle size', `${(bytes / 1024).toFixed(0)} KiB (${(gz / 1024).toFixed(0)} KiB gzipped, zip artifact ${(zip / 1024).toFixed(0)} KiB)`],
      ['node start, empty script (median)', `${empty.toFixed(0)} ms`],
      ['node start + import the bundle', `${imported.toFixed(0)} ms (import ≈ ${(imported - empty).toFixed(0)} ms)`],
      ['… + first request through the handler', `${handled.toFixed(0)} ms (≈ ${(handled - empty).toFixed(0)} ms over an empty node)`],
    ]),
  ].join('\n');
}
