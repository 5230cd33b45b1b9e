import { escapeText } from './text.js';
import { encodeXml } from './xml.js';

/**
 * A sheet's cached values rewritten in place. Only the `<c>` elements of formula cells (and the
 * cells their array results spill into) are rewritten, and of those only the type attribute and
 * the cached `<v>`: every other byte of the sheet stays as Excel wrote it.
 */

export type NewValue = number | string | boolean | { error: string } | null;

/**
 * A cell element with its cached value replaced: the type attribute and the `<v>` element change
 * (an inline `<is>` cached value goes); the start tag's other attributes, the formula element and
 * any whitespace between the children are kept exactly as written.
 */
export function rewriteCell(el: string, value: NewValue, encode: (s: string) => string = (s) => s): string {
  const tagEnd = el.indexOf('>');
  const selfClosing = el.charCodeAt(tagEnd - 1) === 47;
  const head = el.slice(0, selfClosing ? tagEnd - 1 : tagEnd).replace(/\s+t="[^"]*"/, '').trimEnd();
  let t = '';
  let v: string | undefined;
  if (value === null) v = undefined;
  else if (typeof value === 'number') v = Number.isFinite(value) ? String(value) : undefined;
  else if (typeof value === 'boolean') {
    t = ' t="b"';
    v = value ? '1' : '0';
  } else if (typeof value === 'string') {
    t = ' t="str"';
    v = encode(encodeXml(escapeText(value)));
  } else {
    t = ' t="e"';
    v = encodeXml(value.error);
  }
  const newV = v === undefined ? '' : `<v>${v}</v>`;
  let body = selfClosing ? '' : el.slice(tagEnd + 1, el.lastIndexOf('</'));
  body = body.replace(/<is\b[\s\S]*?<\/is>|<is\/>/, '');
  const old = /<v>[\s\S]*?<\/v>|<v\/>/.exec(body);
  if (old) body = body.slice(0, old.index) + newV + body.slice(old.index + old[0].length);
  else {
    const fEnd = /<f\b[^>]*\/>|<f\b[\s\S]*?<\/f>/.exec(body);
    const at = fEnd ? fEnd.index + fEnd[0].length : 0;
    body = body.slice(0, at) + newV + body.slice(at);
  }
  return body ? `${head}${t}>${body}</c>` : `${head}${t}/>`;
}

/** The sheet XML with the given cell elements (by character range) rewritten; everything between them untouched. */
export function patchSheet(xml: string, patches: { start: number; end: number; value: NewValue }[], encode?: (s: string) => string): string {
  const sorted = patches.every((p, i) => i === 0 || patches[i - 1]!.start < p.start) ? patches : [...patches].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const { start, end, value } of sorted) {
    parts.push(xml.slice(at, start), rewriteCell(xml.slice(start, end), value, encode));
    at = end;
  }
  parts.push(xml.slice(at));
  return parts.join('');
}
