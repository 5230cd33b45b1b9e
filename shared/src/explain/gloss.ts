import { cachedPerPolicy } from '../policy/labels.js';
import type { Fmt } from './format.js';
import { fmt } from './format.js';
import type { PolicyDoc } from '../policy/schema.js';

/**
 * English glosses of the policy's Chinese labels, for English explanations: "次级 (substandard)".
 * The labels stay the source's own terms (they are what results hold); the gloss comes from the
 * policy: its glossary and the English alias of every labelled table.
 */
const glossary = cachedPerPolicy((p): ReadonlyMap<string, string> => {
  const m = new Map<string, string>(Object.entries(p.glossary));
  const add = (table: Record<string, { en: string }>) => {
    for (const [zh, { en }] of Object.entries(table)) if (!m.has(zh)) m.set(zh, en);
  };
  add(p.guarantee.collateral);
  add(p.guarantee.modes);
  add(p.marketing.leaveTypes);
  add(p.marketing.compItems);
  add(p.marketing.compItemNames);
  add(p.tobacco.areas);
  for (const b of [...p.guarantee.ageing.bands.map((x) => x.value), p.guarantee.ageing.otherwise]) if (!m.has(b.label)) m.set(b.label, b.en);
  return m;
});

function glossOne(p: PolicyDoc, label: string): string {
  const en = glossary(p).get(label);
  if (en !== undefined) return `${label} (${en})`;
  // A tier is an area and a grade (城C): gloss the area.
  for (const [area, { en: areaEn }] of Object.entries(p.tobacco.areas)) {
    if (label.length > area.length && label.startsWith(area)) return `${label} (${areaEn} ${label.slice(area.length)})`;
  }
  return label;
}

/** The English gloss function for a policy; a list of flags joined by "；" is glossed flag by flag. */
export function glossFor(p: PolicyDoc): (label: string) => string {
  return (label) => (label.includes('；') ? label.split('；').map((x) => glossOne(p, x)).join('; ') : glossOne(p, label));
}

/** How English steps show values under a policy: the shared formats, with the policy's glosses of its labels. Made once per document. */
export const englishFormat = cachedPerPolicy((p): Fmt => ({ ...fmt, g: glossFor(p) }));
