/** Small helpers the benchmarks share: timing loops and a table printer. Benchmarks print; tests never assert a time. */

export interface Rate {
  name: string;
  ops: number;
  seconds: number;
  perSecond: number;
}

/** Runs `round()` (which performs `perRound` operations) for about `seconds`, after a warm-up. */
export function measure(name: string, perRound: number, round: () => void, seconds = 1.5): Rate {
  const warmEnd = performance.now() + 300;
  while (performance.now() < warmEnd) round();
  let rounds = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    round();
    rounds++;
    now = performance.now();
  }
  const s = (now - start) / 1000;
  return { name, ops: rounds * perRound, seconds: s, perSecond: (rounds * perRound) / s };
}

export function fmtRate(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join('  ')).join('\n');
}
