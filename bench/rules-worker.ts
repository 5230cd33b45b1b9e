import { parentPort, workerData } from 'node:worker_threads';
import { CATALOG, defaultEngine } from '../shared/src/index.js';

// One core's share of the mixed workload, for the two-core measurement in rules.ts.
const engine = defaultEngine();
const calls = CATALOG.flatMap((f) => f.examples.filter((e) => !e.policy).map((e) => ({ fn: f.id, args: [...e.args] as unknown[] })));
const { seconds, startAt } = workerData as { seconds: number; startAt: number };
for (let i = 0; i < 3000; i++) for (const c of calls) engine.call(c.fn, c.args); // warm-up
while (Date.now() < startAt);
let n = 0;
const end = Date.now() + seconds * 1000;
while (Date.now() < end) {
  for (const c of calls) engine.call(c.fn, c.args);
  n += calls.length;
}
parentPort!.postMessage(n);
