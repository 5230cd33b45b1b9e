// Builds what the hosts run, with esbuild: `node scripts/build.mjs [target…]` (default: all).
//   cli     → dist/cli.mjs      the policycell command (dependencies stay in node_modules)
//   server  → dist/server.mjs   the local server behind `npm start`
//   addin   → dist/addin/       functions.js, taskpane.js, the metadata in both languages, icons, the page
//   lambda  → dist/lambda.mjs   the AWS Lambda entry: one minified, self-contained bundle
//   lambda-workbooks → dist/lambda-workbooks.mjs  the second function, with the spreadsheet engine
//   lambda-jobs, lambda-job-runner → dist/lambda-jobs.mjs, dist/lambda-job-runner.mjs  the job routes and their runner
//   worker  → dist/recalc-worker.mjs  the worker thread that recalculates workbooks, self-contained:
//             the hosts that recalculate (cli, server, lambda-workbooks) start it from beside their
//             own bundle, so building one of them builds it too, and the Lambda's zip carries it
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** esbuild, loaded when a target is built: a run that only checks that the bundles are current (every `policycell` command) never loads it. */
const esbuild = async (options) => (await import('esbuild')).build(options);

// Node 20.10+ reads import attributes; without saying so esbuild drops `with { type: 'json' }` from a
// JSON import it leaves external (the holiday dataset of chinese-days), and Node refuses the import.
// charset utf8: Chinese text as it is, not \uXXXX escapes (which triple its bytes in every bundle).
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', legalComments: 'none', charset: 'utf8', supported: { 'import-attributes': true } };
// A CommonJS package bundled into ESM may call require(): give it one.
const requireShim = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };

/**
 * An AWS Lambda entry (functions/hosts/<name>.ts → dist/<name>.mjs and its zip): one minified bundle for
 * node22. Node's own modules stay imports; every package is inside the bundle. A CommonJS package
 * bundled into ESM may call require(): give it one.
 */
function lambdaTarget(name, needs = [], entry = `hosts/${name}`) {
  return {
    out: `dist/${name}.mjs`,
    sources: ['shared', 'functions'],
    needs,
    run: () =>
      esbuild({
        ...common,
        entryPoints: [join(ROOT, `functions/${entry}.ts`)],
        outfile: join(ROOT, `dist/${name}.mjs`),
        target: 'node22',
        minify: true,
        banner: requireShim,
      }).then(() => zipLambda(name, needs.map((n) => TARGETS[n].out))),
  };
}

/** A program run by Node from this checkout (functions/<entry>.ts → dist/<name>.mjs): packages stay in node_modules. */
function nodeTarget(name, entry, needs = []) {
  return {
    out: `dist/${name}.mjs`,
    sources: ['shared', 'functions'],
    needs,
    run: () =>
      esbuild({
        ...common,
        entryPoints: [join(ROOT, `functions/${entry}.ts`)],
        outfile: join(ROOT, `dist/${name}.mjs`),
        packages: 'external',
        sourcemap: 'linked',
      }),
  };
}

export const TARGETS = {
  cli: nodeTarget('cli', 'cli/entry', ['worker']),
  server: nodeTarget('server', 'hosts/server-entry', ['worker']),
  worker: {
    out: 'dist/recalc-worker.mjs',
    sources: ['shared', 'functions'],
    run: () =>
      esbuild({
        ...common,
        entryPoints: [join(ROOT, 'functions/workbook/pool/worker.ts')],
        outfile: join(ROOT, 'dist/recalc-worker.mjs'),
        minify: true,
        banner: requireShim,
      }),
  },
  addin: {
    out: 'dist/addin/functions.js',
    // scripts: the reference page (docs-gen); functions/workbook: the task pane reads formulas with the batch tool's parser (formula/parser.ts)
    sources: ['shared', 'addin', 'scripts', 'functions/workbook'],
    run: async () => {
      const browser = { ...common, platform: 'browser', format: 'iife', target: ['chrome100', 'safari15', 'edge100'], minify: true, sourcemap: 'linked' };
      await esbuild({ ...browser, entryPoints: [join(ROOT, 'addin/functions.ts')], outfile: join(ROOT, 'dist/addin/functions.js') });
      await esbuild({ ...browser, entryPoints: [join(ROOT, 'addin/taskpane/taskpane.ts')], outfile: join(ROOT, 'dist/addin/taskpane.js') });
      // The generated files (metadata, icons, the page) come from TypeScript: bundle that step and run it.
      const tool = join(ROOT, 'dist/.build/addin-assets.mjs');
      await esbuild({ ...common, entryPoints: [join(ROOT, 'addin/assets.ts')], outfile: tool, packages: 'external' });
      const { writeAddinAssets } = await import(`${pathToFileURL(tool).href}?t=${Date.now()}`);
      writeAddinAssets(ROOT, join(ROOT, 'dist/addin'));
    },
  },
  lambda: lambdaTarget('lambda'),
  'lambda-workbooks': lambdaTarget('lambda-workbooks', ['worker']),
  // The job routes (with the AWS SDK) and the job runner (the spreadsheet engine, 15 minutes): hosts/jobs/.
  'lambda-jobs': lambdaTarget('lambda-jobs', [], 'hosts/jobs/lambda-jobs'),
  'lambda-job-runner': lambdaTarget('lambda-job-runner', ['worker'], 'hosts/jobs/lambda-job-runner'),
};

/** dist/<name>.zip: the bundle (and the bundles it starts, such as the worker) at the root of the zip, as serverless.yml's package artifact. */
async function zipLambda(name, extra = []) {
  const { zipSync } = await import('fflate');
  // A fixed timestamp keeps the zip the same for the same bundle.
  const entry = (file) => [readFileSync(join(ROOT, file)), { mtime: new Date('2020-01-01T00:00:00Z'), level: 9 }];
  const files = { [`${name}.mjs`]: entry(`dist/${name}.mjs`) };
  for (const f of extra) files[basename(f)] = entry(f);
  writeFileSync(join(ROOT, `dist/${name}.zip`), zipSync(files));
}

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Whether a target's output is missing or older than any of its sources. */
export function stale(name) {
  const t = TARGETS[name];
  let out;
  try {
    out = statSync(join(ROOT, t.out)).mtimeMs;
  } catch {
    return true;
  }
  return t.sources.some((s) => newest(join(ROOT, s)) > out);
}

export async function build(names = Object.keys(TARGETS), { onlyStale = false } = {}) {
  // What a target starts is built before it (and its zip).
  const order = [];
  const add = (name) => {
    if (!TARGETS[name]) throw new Error(`unknown build target ${name}`);
    for (const n of TARGETS[name].needs ?? []) add(n);
    if (!order.includes(name)) order.push(name);
  };
  for (const name of names) add(name);
  const built = new Set();
  for (const name of order) {
    const needsRebuilt = (TARGETS[name].needs ?? []).some((n) => built.has(n));
    if (onlyStale && !needsRebuilt && !stale(name)) continue;
    await TARGETS[name].run();
    built.add(name);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  await build(args.length ? args : undefined, { onlyStale: process.argv.includes('--if-stale') });
}
