import { escapeText } from './text.js';
import { encodeXml, isSpace } from './xml.js';
import { END_OF_INPUT, END_TAG, START_TAG, XmlTokenizer } from './xml-tokenizer.js';

/**
 * A sheet's cached values rewritten in place. Only the `<c>` elements of formula cells (and the
 * cells their array results spill into) are rewritten, and of those only the type attribute and
 * the cached `<v>`: every other byte of the sheet stays as it was written, the cell's prefix
 * (`<x:v>` in a cell written `<x:c>`), its quotes and its white space included. Each element is
 * read with the tokenizer the sheet scanner reads the sheet with, so the `<v>` replaced is the one
 * the readers read (not one inside a comment).
 */

export type NewValue = number | string | boolean | { error: string } | null;

/** The type attribute and the `<v>` text a value is written with. */
function written(value: NewValue, encode: (s: string) => string): { type: string; text: string | undefined } {
  if (value === null) return { type: '', text: undefined };
  if (typeof value === 'number') return { type: '', text: Number.isFinite(value) ? String(value) : undefined };
  if (typeof value === 'boolean') return { type: 'b', text: value ? '1' : '0' };
  if (typeof value === 'string') return { type: 'str', text: encode(encodeXml(escapeText(value))) };
  return { type: 'e', text: encodeXml(value.error) };
}

/**
 * The cell element from `start` to `end` of the XML with its cached value replaced: the type
 * attribute and the `<v>` element change (an inline `<is>` cached value goes); the start tag's
 * other attributes, the formula element and anything between the children are kept as written.
 */
function rewriteCell(tokens: XmlTokenizer, start: number, end: number, value: NewValue, encode: (s: string) => string): string {
  const xml = tokens.xml;
  tokens.seek(start, end);
  tokens.next();
  const prefix = tokens.prefix();
  const attributes = tokens.attributes;
  const spans = attributes.spans;
  const selfClosing = attributes.selfClosing;
  const contentStart = tokens.end;
  const { type, text } = written(value, encode);

  // The start tag, up to its `>` or `/>`, with the type attribute replaced where it stands (or added after the last attribute).
  const typeAt = attributes.find('t');
  const quote = typeAt >= 0 ? xml[spans[4 * typeAt + 2]! - 1]! : attributes.count ? xml[spans[2]! - 1]! : '"';
  const typeAttribute = type ? ` t=${quote}${type}${quote}` : '';
  const tagClose = selfClosing ? contentStart - 2 : contentStart - 1;
  let head: string;
  if (typeAt >= 0) {
    let from = spans[4 * typeAt]!;
    while (isSpace(xml.charCodeAt(from - 1))) from--;
    head = xml.slice(start, from) + typeAttribute + xml.slice(spans[4 * typeAt + 3]! + 1, tagClose);
  } else {
    const last = attributes.count ? spans[4 * attributes.count - 1]! + 1 : tokens.nameEnd;
    head = xml.slice(start, last) + typeAttribute + xml.slice(last, tagClose);
  }

  // The children: the <v> and <is> elements, and where the formula ends.
  let valueStart = -1;
  let valueEnd = -1;
  let inlineStart = -1;
  let inlineEnd = -1;
  let formulaEnd = -1;
  let contentEnd = contentStart;
  if (!selfClosing) {
    // A child written <v>text</v> (no attributes, text alone) is read whole; anything else token by token.
    for (let childStart = contentStart; ; childStart = tokens.end) {
      const plain = tokens.readPlainElement();
      const kind = plain ? START_TAG : tokens.next();
      if (kind === END_OF_INPUT) break;
      if (kind === END_TAG && tokens.level === 1) {
        contentEnd = tokens.start;
        break;
      }
      const prefixLength = tokens.colon < 0 ? 0 : tokens.colon + 1 - tokens.nameStart;
      if (kind !== START_TAG || tokens.level !== 2 || prefixLength !== prefix.length || (prefix && !xml.startsWith(prefix, tokens.nameStart))) continue;
      if (!plain) childStart = tokens.start;
      const local = tokens.isLocal('v') ? 'v' : tokens.isLocal('is') ? 'is' : tokens.isLocal('f') ? 'f' : '';
      if (!plain && !tokens.attributes.selfClosing) while (tokens.next() !== END_TAG || tokens.level !== 2);
      if (local === 'v') {
        valueStart = childStart;
        valueEnd = tokens.end;
      } else if (local === 'is') {
        inlineStart = childStart;
        inlineEnd = tokens.end;
      } else if (local === 'f') formulaEnd = tokens.end;
    }
  }

  const newValue = text === undefined ? '' : `<${prefix}v>${text}</${prefix}v>`;
  const edits: [number, number, string][] = [];
  if (inlineStart >= 0) edits.push([inlineStart, inlineEnd, '']);
  if (valueStart >= 0) edits.push([valueStart, valueEnd, newValue]);
  else if (newValue) edits.push([formulaEnd >= 0 ? formulaEnd : contentStart, formulaEnd >= 0 ? formulaEnd : contentStart, newValue]);
  edits.sort((a, b) => a[0] - b[0]);
  let body = '';
  let at = contentStart;
  for (const [from, to, replacement] of edits) {
    body += xml.slice(at, from) + replacement;
    at = to;
  }
  body += xml.slice(at, contentEnd);
  if (!body) return `${head}/>`;
  return `${head}>${body}${selfClosing ? `</${prefix}c>` : xml.slice(contentEnd, end)}`;
}

/** The sheet XML with the given cell elements (by character range) rewritten; everything between them untouched. */
export function patchSheet(xml: string, patches: { start: number; end: number; value: NewValue }[], encode: (s: string) => string = (s) => s): string {
  const sorted = patches.every((p, i) => i === 0 || patches[i - 1]!.start < p.start) ? patches : [...patches].sort((a, b) => a.start - b.start);
  const tokens = new XmlTokenizer(xml, { fragment: true });
  const parts: string[] = [];
  let at = 0;
  for (const { start, end, value } of sorted) {
    parts.push(xml.slice(at, start), rewriteCell(tokens, start, end, value, encode));
    at = end;
  }
  parts.push(xml.slice(at));
  return parts.join('');
}
