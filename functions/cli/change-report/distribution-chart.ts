import type { Lang } from '../../../shared/src/index.js';

/**
 * A histogram of how much the numeric cells changed (new − old), as inline SVG: a simple picture
 * with no script and no outside file, named for assistive technology (role="img", a title and a
 * description that say what the bars say), each bar titled with its range and count.
 */

export interface Bin {
  from: number;
  to: number;
  count: number;
}

/** Bars at most: enough to show a shape, few enough to read each label. */
const MAX_BINS = 10;

/** The changes in equal-width bins from the smallest to the largest; one bin when they are all equal. */
export function binsOf(deltas: readonly number[]): Bin[] {
  if (deltas.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const d of deltas) {
    if (d < min) min = d;
    if (d > max) max = d;
  }
  if (min === max) return [{ from: min, to: max, count: deltas.length }];
  const n = Math.min(MAX_BINS, deltas.length);
  const width = (max - min) / n;
  const bins: Bin[] = Array.from({ length: n }, (_, i) => ({ from: min + i * width, to: i === n - 1 ? max : min + (i + 1) * width, count: 0 }));
  for (const d of deltas) bins[Math.min(n - 1, Math.floor((d - min) / width))]!.count++;
  return bins;
}

const T = {
  title: { 'zh-CN': '数值变化的分布（新值 − 原值）', en: 'Distribution of the numeric changes (new − old)' },
  desc: {
    'zh-CN': (n: number, bins: string) => `${n} 个数值单元格的变化分为 ${bins}`,
    en: (n: number, bins: string) => `${n} numeric changes, in bins: ${bins}`,
  },
  bin: { 'zh-CN': (r: string, c: number) => `${r}：${c} 个`, en: (r: string, c: number) => `${r}: ${c}` },
  cells: { 'zh-CN': '单元格数', en: 'cells' },
};

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The chart's SVG, or undefined when there is nothing numeric to draw. */
export function distributionSvg(deltas: readonly number[], lang: Lang, format: (n: number) => string): string | undefined {
  const bins = binsOf(deltas);
  if (bins.length === 0) return undefined;
  const range = (b: Bin) => (b.from === b.to ? format(b.from) : `${format(b.from)} … ${format(b.to)}`);
  const width = 640;
  const height = 260;
  const left = 48;
  const bottom = 200;
  const top = 20;
  const most = Math.max(...bins.map((b) => b.count));
  const slot = (width - left - 8) / bins.length;
  const bars = bins
    .map((b, i) => {
      const h = Math.round(((bottom - top) * b.count) / most);
      const x = Math.round(left + i * slot + slot * 0.1);
      const w = Math.max(1, Math.round(slot * 0.8));
      const label = escape(T.bin[lang](range(b), b.count));
      const cx = Math.round(left + i * slot + slot / 2);
      return `<g><title>${label}</title><rect x="${x}" y="${bottom - h}" width="${w}" height="${h}" fill="#1f4e79"/><text x="${cx}" y="${bottom - h - 4}" text-anchor="middle">${b.count}</text><text x="${cx}" y="${bottom + 16}" text-anchor="middle" font-size="10">${escape(format(b.from))}</text></g>`;
    })
    .join('');
  const summary = bins.map((b) => T.bin[lang](range(b), b.count)).join(lang === 'zh-CN' ? '；' : '; ');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" font-family="sans-serif" font-size="12" fill="#1a1a1a">`,
    `<title id="chart-title">${escape(T.title[lang])}</title>`,
    `<desc id="chart-desc">${escape(T.desc[lang](deltas.length, summary))}</desc>`,
    `<line x1="${left}" y1="${bottom}" x2="${width - 8}" y2="${bottom}" stroke="#1a1a1a"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#1a1a1a"/>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${most}</text>`,
    `<text x="${left - 6}" y="${bottom}" text-anchor="end">0</text>`,
    `<text x="12" y="${(top + bottom) / 2}" transform="rotate(-90 12 ${(top + bottom) / 2})" text-anchor="middle">${escape(T.cells[lang])}</text>`,
    bars,
    `<text x="${(left + width) / 2}" y="${height - 8}" text-anchor="middle">${escape(T.title[lang])}</text>`,
    '</svg>',
  ].join('');
}
