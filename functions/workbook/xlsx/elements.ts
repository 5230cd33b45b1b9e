import type { Text2 } from '../../../shared/src/index.js';
import { WorkbookError } from '../model/workbook-error.js';

/**
 * Elements that never nest in themselves (a shared string's `<si>`, its runs and phonetic runs, a
 * `<definedName>`): in a part, each must close before the next of its name opens, and every one
 * must close. Checked in one pass before the part's readers match them: a reader looking for the
 * end of each unclosed element would read the rest of the part once per element, so a part of a
 * few kilobytes held a worker for its whole time budget. A part that breaks the rule is corrupt,
 * refused at once. `part` says where the XML is, in both languages, for the message.
 */
export function checkFlatElements(xml: string, part: Text2, names: readonly string[]): void {
  const tags = new RegExp(`<(/?)(?:\\w+:)?(${names.join('|')})(?=[\\s/>])`, 'g');
  const open = new Set<string>();
  for (const m of xml.matchAll(tags)) {
    const name = m[2]!;
    const end = xml.indexOf('>', m.index);
    const next = xml.indexOf('<', m.index + 1);
    if (end < 0 || (next >= 0 && next < end)) throw notClosed(part, name);
    if (m[1] === '/') {
      if (!open.delete(name)) throw notClosed(part, name);
    } else if (xml.charCodeAt(end - 1) !== 47) {
      if (open.has(name)) throw notClosed(part, name);
      open.add(name);
    }
  }
  const left = open.values().next();
  if (!left.done) throw notClosed(part, left.value);
}

const notClosed = (part: Text2, name: string) => new WorkbookError('corrupt', { 'zh-CN': `${part['zh-CN']}中有未正确结束的 <${name}> 元素`, en: `${part.en} has a <${name}> element that is not closed where it must be` });
