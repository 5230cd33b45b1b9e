import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { CATALOG, defaultEngine, runBatch } from '../shared/src/index.js';
import { fmtRate, measure, table } from './harness.js';

/** The same mixed workload on every core at once (worker threads in this process), calls per second in all. */
async function allCores(seconds: number): Promise<{ cores: number; perSecond: number }> {
  const cores = availableParallelism();
  // Workers load plain JavaScript: bundle the worker once with esbuild.
  const here = new URL('.', import.meta.url).pathname.replace(/\/out\/$/, '/');
  const file = new URL(`file://${here}out/rules-worker.mjs`);
  await build({ entryPoints: [`${here}rules-worker.ts`], outfile: file.pathname, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
  const startAt = Date.now() + 1500;
  const counts = await Promise.all(
    Array.from(
      { length: cores },
      () =>
        new Promise<number>((resolve, reject) => {
          const w = new Worker(file, { workerData: { seconds, startAt } });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  return { cores, perSecond: counts.reduce((s, c) => s + c, 0) / seconds };
}

/**
 * In-process throughput of the rules package: a mixed workload of every catalog function (each
 * declared example once, errors included), plain and with explanations, beside a plain
 * JavaScript-number COMMISSION measured in the same run.
 */
export async function benchRules(seconds = 3): Promise<string> {
  const engine = defaultEngine();
  const calls = CATALOG.flatMap((f) => f.examples.filter((e) => !e.policy).map((e) => ({ fn: f.id, args: [...e.args] as unknown[] })));
  const n = calls.length;

  const mixed = measure('mixed, engine.call', n, () => {
    for (let i = 0; i < n; i++) engine.call(calls[i]!.fn, calls[i]!.args);
  }, seconds);
  const body = { calls };
  const batch = measure('mixed, one batch', n, () => {
    runBatch(engine, body);
  }, seconds);
  const explained = measure('mixed, with explanations', n, () => {
    for (let i = 0; i < n; i++) engine.explain(calls[i]!.fn, calls[i]!.args, { lang: 'en' });
  }, seconds);

  const revenues = Array.from({ length: 1000 }, (_, i) => 30000 + i * 37.5);
  const commission = measure('COMMISSION, engine (decimal)', revenues.length, () => {
    for (const r of revenues) engine.call('COMMISSION', [r]);
  }, seconds);
  let sink = 0;
  // The naive implementation: binary floats, policy numbers in code. Wrong for 40000.5; here only for speed.
  const plain = (r: number) => (r > 40000 ? Math.round((r - 40000) * 0.03 * 100) / 100 : 0);
  const js = measure('COMMISSION, plain JS numbers', revenues.length, () => {
    for (const r of revenues) sink += plain(r);
  }, seconds);
  if (sink === -1) console.log(sink);

  const machine = await allCores(seconds * 2);
  const rows: (string | number)[][] = [['workload', 'calls/s', 'vs plain-JS COMMISSION']];
  for (const r of [mixed, batch, explained, commission, js]) rows.push([r.name, fmtRate(r.perSecond), `${(r.perSecond / js.perSecond).toFixed(4)}×`]);
  rows.push([`mixed, engine.call, ${machine.cores} cores (worker threads)`, fmtRate(machine.perSecond), `${(machine.perSecond / js.perSecond).toFixed(4)}×`]);
  return [
    `rules package, in-process, one core (${n} calls per round over ${CATALOG.length} functions)`,
    table(rows),
    `explanations on cost ${(mixed.perSecond / explained.perSecond).toFixed(2)}× the plain call; the decimal COMMISSION runs at 1/${(js.perSecond / commission.perSecond).toFixed(0)} of plain JS numbers`,
    `target: ≥ 1,000,000 exact mixed calls/s on one core → ${mixed.perSecond >= 1_000_000 ? 'met' : 'NOT met'} (${fmtRate(machine.perSecond)} on ${machine.cores} cores; ${fmtRate(mixed.perSecond)} on one)`,
  ].join('\n');
}
