/** Small helpers the benchmarks share: timing loops and a table printer. Benchmarks print; tests never assert a time. */

export interface Rate {
  name: string;
  ops: number;
  seconds: number;
  perSecond: number;
}

/**
 * Runs `round()` (which performs `perRound` operations) for about `seconds`, after a warm-up, as
 * five slices, and reports the median slice: this VM's speed wanders by tens of percent.
 */
export function measure(name: string, perRound: number, round: () => void, seconds = 1.5): Rate {
  const warmEnd = performance.now() + 500;
  while (performance.now() < warmEnd) round();
  const rates: number[] = [];
  let ops = 0;
  for (let slice = 0; slice < 5; slice++) {
    let rounds = 0;
    const start = performance.now();
    const end = start + (seconds * 1000) / 5;
    let now = start;
    while (now < end) {
      round();
      rounds++;
      now = performance.now();
    }
    ops += rounds * perRound;
    rates.push((rounds * perRound) / ((now - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { name, ops, seconds, perSecond: rates[2]! };
}

export function fmtRate(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** The middle of the runs' times (the upper middle of an even count); NaN when a run was refused. */
export function median(xs: number[]): number {
  if (xs.some((x) => Number.isNaN(x))) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join('  ')).join('\n');
}
