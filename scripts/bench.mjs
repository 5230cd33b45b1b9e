// `npm run bench [-- rules|api|hardening|lambda|recalc|fanout]`: bundles bench/run.ts with esbuild (as the hosts run the
// rules package: bundled) and runs it with the given arguments.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench/out/run.mjs');
await build({
  entryPoints: [join(root, 'bench/run.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, ['--expose-gc', out, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
