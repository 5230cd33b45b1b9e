import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { percentiles, singleCalls, startLoad } from '../test/helpers/fairness.js';
import * as H from '../test/helpers/hostile.js';
import { startBuiltServer } from '../test/helpers/server-process.js';
import { table } from './harness.js';
import { payrollWorkbook } from './workbooks.js';
import { treeRss } from './recalc.js';

const root = join(dirname(new URL(import.meta.url).pathname).replace(/\/out$/, ''), '..');

const server = startBuiltServer;

const ms = (x: number) => x.toFixed(1);

/** Single-call latency unloaded, then under 4 clients of 10,000-explanation batches and a workbook client. */
async function fairness(): Promise<string[]> {
  const rows: (string | number)[][] = [['server', 'single call p50 ms', 'p99 ms', 'max ms', 'under load p50 ms', 'p99 ms', 'max ms', 'p99 ratio', 'batch s (p50)', 'batches, workbooks']];
  const verdicts: string[] = [];
  for (const [name, workers] of [['1 process', '1'], ['npm start (a process per core)', '']] as const) {
    const s = await server(workers ? { POLICYCELL_WORKERS: workers } : {});
    try {
      await singleCalls(s.url, 50);
      const unloaded = percentiles(await singleCalls(s.url, 300));
      const load = await startLoad(s.url, { batchClients: 4, bookClients: 1, seconds: 14 });
      await new Promise((r) => setTimeout(r, 1000));
      const loaded = percentiles(await singleCalls(s.url, 300, 20));
      const figures = await load.done;
      const batch = percentiles(figures.batch);
      const ratio = loaded.p99 / unloaded.p99;
      rows.push([name, ms(unloaded.p50), ms(unloaded.p99), ms(unloaded.max), ms(loaded.p50), ms(loaded.p99), ms(loaded.max), `${ratio.toFixed(1)}×`, (batch.p50 / 1000).toFixed(2), `${figures.batch.length}, ${figures.book.length}`]);
      verdicts.push(`${name}: single-call p99 under load ${ms(loaded.p99)} ms = ${ratio.toFixed(1)}× unloaded (target ≤ 10× or < 100 ms → ${ratio <= 10 || loaded.p99 < 100 ? 'met' : 'NOT met'}); every batch and workbook answered ${Object.keys(figures.status).join('/')}`);
    } finally {
      s.child.kill('SIGTERM');
    }
  }
  return ['fairness: single calls (POST /v1/functions/COMMISSION, one at a time) unloaded, then while 4 clients send 10,000-explanation batches and one client a 5,000-row workbook only HyperFormula computes', table(rows), ...verdicts];
}

/** npm start's memory (all its processes and threads) while every hostile workbook of issues 10 and 22 arrives, beside a real payroll. */
async function badWorkbooks(): Promise<string[]> {
  const cases: [string, () => Uint8Array][] = [
    ['cells at A1 and XFD1048576', H.farCorners],
    ['cells at A1 and XFD30000', H.farColumn],
    ['=SUM(A1:XFD1000) + TEXT', H.hugeRange],
    ['circular C1=SUM(A1:XFD1000)', H.circularHugeRange],
    ['=SUM(A1:Z100000)', H.bigSum],
    ['r="XFE1"', () => H.outOfGridCell('XFE1')],
    ['=XFE1+1', H.outOfGridFormula],
    ['20 KB error code', () => H.strangeErrorCode(`#${'X'.repeat(20_000)}`)],
    ['unclosed <c>', H.unclosedCell],
    ['two parts of one name', H.duplicateParts],
    ['1 MB → 480 MiB zip bomb', () => H.zipBomb(480)],
    ['zip bomb, lying directory', () => H.zipBomb(480, 1000)],
    ['300 directory records aliasing one stored 4 MiB part', () => H.aliasedParts(300)],
    ['overlapping parts', H.overlappingParts],
    ['a stored part lying about its size', () => H.storedSizeLie()],
    ['40,000 rows for HyperFormula', () => H.heavyForHyperFormula(40_000)],
  ];
  const s = await server({});
  const pid = s.child.pid!;
  const rows: (string | number)[][] = [['workbook', 'upload KiB', 'status', 'seconds', 'peak RSS MiB (all processes)']];
  let peakAll = 0;
  const base = treeRss(pid);
  try {
    const send = async (bytes: Uint8Array) => {
      const t = performance.now();
      const r = await fetch(`${s.url}/v1/workbooks/recalc`, { method: 'POST', body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
      await r.arrayBuffer();
      return { status: r.status, seconds: (performance.now() - t) / 1000 };
    };
    const sampled = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
      let peak = treeRss(pid);
      const iv = setInterval(() => (peak = Math.max(peak, treeRss(pid))), 25);
      try {
        return [await f(), peak];
      } finally {
        clearInterval(iv);
      }
    };
    const legit = payrollWorkbook(50_000);
    const [r0, p0] = await sampled(() => send(legit));
    rows.push(['a real payroll, 50,000 rows (for scale)', Math.round(legit.length / 1024), r0.status, r0.seconds.toFixed(2), p0.toFixed(0)]);
    for (const [name, make] of cases) {
      const bytes = make();
      const [r, peak] = await sampled(() => send(bytes));
      peakAll = Math.max(peakAll, peak);
      rows.push([name, Math.round(bytes.length / 1024), r.status, r.seconds.toFixed(2), peak.toFixed(0)]);
    }
    const [burst, pb] = await sampled(() => Promise.all([...cases, ...cases].map(([, make]) => send(make()))));
    peakAll = Math.max(peakAll, pb);
    rows.push([`all of them at once, twice (${burst.length})`, '', [...new Set(burst.map((b) => b.status))].sort().join('/'), Math.max(...burst.map((b) => b.seconds)).toFixed(2), pb.toFixed(0)]);
    await new Promise((r) => setTimeout(r, 2000));
    const after = treeRss(pid);
    // Idle workers stop after 10 s and give their memory back.
    await new Promise((r) => setTimeout(r, 11_000));
    const idle = treeRss(pid);
    const alive = (await fetch(`${s.url}/healthz`)).status === 200 && s.child.exitCode === null;
    return [
      'npm start under the bad workbooks of issue 10 (POST /v1/workbooks/recalc, one after another, then all at once; RSS of the server and its processes, sampled every 25 ms)',
      table(rows),
      `RSS before ${base.toFixed(0)} MiB, peak during the bad workbooks ${peakAll.toFixed(0)} MiB, 2 s after ${after.toFixed(0)} MiB, 13 s after (idle workers stopped) ${idle.toFixed(0)} MiB; server alive and answering: ${alive ? 'yes' : 'NO'}; no 5xx: ${rows.every((r) => !String(r[2]).split('/').some((x) => Number(x) >= 500)) ? 'yes' : 'NO'}`,
    ];
  } finally {
    s.child.kill('SIGTERM');
  }
}

/**
 * npm start's memory while 200 clients each send all but the last byte of a 5 MiB upload and then
 * stall (issue 22): bodies count against the body budget and the workbook queue as they arrive, and
 * a body that stalls is cut after the idle time.
 */
async function stalledUploads(): Promise<string[]> {
  const clients = 200;
  const size = 5 * 1024 * 1024;
  const s = await server({ POLICYCELL_WORKERS: '1' });
  const pid = s.child.pid!;
  const port = Number(new URL(s.url).port);
  const base = treeRss(pid);
  let peak = base;
  const iv = setInterval(() => (peak = Math.max(peak, treeRss(pid))), 50);
  const statuses: Record<string, number> = {};
  const body = Buffer.alloc(size - 1, 0x20);
  const sockets = Array.from({ length: clients }, () => {
    const socket = connect(port, '127.0.0.1');
    let answered = false;
    socket.on('error', () => {});
    socket.on('data', (d: Buffer) => {
      if (answered) return;
      answered = true;
      const status = /^HTTP\/1\.1 (\d+)/.exec(d.toString('latin1'))?.[1] ?? '?';
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
    socket.write(`POST /v1/workbooks/recalc HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\nContent-Length: ${size}\r\n\r\n`);
    socket.write(body);
    return socket;
  });
  try {
    await new Promise((r) => setTimeout(r, 15_000));
    const held = treeRss(pid);
    const t = performance.now();
    const health = (await fetch(`${s.url}/healthz`)).status;
    const healthMs = performance.now() - t;
    return [
      `npm start (1 process) while ${clients} clients each send ${size - 1} of a ${size}-byte upload and stall`,
      `RSS before ${base.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB, after 15 s ${held.toFixed(0)} MiB; answers ${JSON.stringify(statuses)}; /healthz ${health} in ${healthMs.toFixed(0)} ms`,
    ];
  } finally {
    clearInterval(iv);
    for (const socket of sockets) socket.destroy();
    s.child.kill('SIGTERM');
  }
}

export async function benchHardening(): Promise<string> {
  const { build } = await import(join(root, 'scripts/build.mjs'));
  await build(['server'], { onlyStale: true });
  return [...(await fairness()), '', ...(await badWorkbooks()), '', ...(await stalledUploads())].join('\n');
}
