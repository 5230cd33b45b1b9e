import type { Text2 } from '../../../shared/src/index.js';
import type { ZipArchive } from './zip.js';
import { foldName, readEntry, readText } from './zip.js';
import { byteString } from './xml.js';
import { END_OF_INPUT, START_TAG, XmlTokenizer } from './xml-tokenizer.js';

/**
 * The policy a workbook names as its own: the document setting the add-in saves
 * (`Office.context.document.settings.set("policycell.policy", "id@version")`), which Excel keeps
 * in a webextension part as `<we:property name="policycell.policy" value="&quot;id@version&quot;"/>`
 * (Office stores each setting as JSON, hence the quotes). Read here for every run, and written
 * here when a run is asked to keep the policy it computed under (a what-if saved).
 */

/** The setting's name. */
export const POLICY_PROPERTY = 'policycell.policy';

const WEBEXTENSION_PART = /^xl\/webextensions\/webextension\d*\.xml$/;

/** The value of a setting as Office stores it: JSON text, or (written by hand) the bare text. */
function settingValue(raw: string): string | undefined {
  try {
    const v = JSON.parse(raw) as unknown;
    return typeof v === 'string' && v ? v : undefined;
  } catch {
    return raw || undefined;
  }
}

/** The namespace of the add-in's webextension parts. */
const WEBEXTENSION = ['http://schemas.microsoft.com/office/webextensions/webextension/2010/11'];

/** The policy the add-in saved in the workbook, if any: read as XML (xml-tokenizer.ts), so a property inside a comment is none. */
export function readPolicySetting(zip: ZipArchive): string | undefined {
  for (const e of zip.entries) {
    if (!WEBEXTENSION_PART.test(foldName(e.name))) continue;
    const tokens = new XmlTokenizer(readText(zip, e.name) ?? '', { part: e.name, namespaces: WEBEXTENSION });
    for (let kind = tokens.next(); kind !== END_OF_INPUT; kind = tokens.next()) {
      if (kind !== START_TAG || !tokens.inNamespace() || !tokens.isLocal('property') || tokens.attributes.get('name') !== POLICY_PROPERTY) continue;
      const v = settingValue(tokens.attributes.get('value') ?? '');
      if (v) return v;
    }
  }
  return undefined;
}

/** The setting's value as an XML attribute holds it: JSON text, XML-escaped. */
const attributeText = (ref: string) => JSON.stringify(ref).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export type PolicySettingWrite = { written: true; part: string; bytes: Uint8Array } | { written: false; reason: Text2 };

/**
 * The webextension part with `ref` as the workbook's policy setting, patched in its bytes: where
 * the setting exists, only its `value` attribute changes; where the part ties the workbook to the
 * add-in without the setting yet, one `<we:property>` is added as the first of its properties.
 * Every other byte of the part, and every other part, stays as it was. A workbook without the
 * add-in's part cannot carry the setting (Excel would not read it without the add-in's reference),
 * and says so.
 */
export function writePolicySetting(zip: ZipArchive, ref: string): PolicySettingWrite {
  const parts = zip.entries.filter((e) => WEBEXTENSION_PART.test(foldName(e.name)));
  const patched = (part: string, xml: string, from: number, to: number, text: string): PolicySettingWrite => ({ written: true, part, bytes: Buffer.from(xml.slice(0, from) + text + xml.slice(to), 'latin1') });
  // The part that holds the setting, else the first part with a properties element to add it to:
  // each read as XML, so a property or properties element inside a comment is none.
  let properties: { part: string; xml: string; start: number; end: number; prefix: string; selfClosing: boolean } | undefined;
  for (const e of parts) {
    const xml = byteString(readEntry(zip, e.name) ?? new Uint8Array());
    const tokens = new XmlTokenizer(xml, { part: e.name, namespaces: WEBEXTENSION });
    for (let kind = tokens.next(); kind !== END_OF_INPUT; kind = tokens.next()) {
      if (kind !== START_TAG || !tokens.inNamespace()) continue;
      const attributes = tokens.attributes;
      if (tokens.isLocal('properties')) properties ??= { part: e.name, xml, start: tokens.start, end: tokens.end, prefix: tokens.prefix(), selfClosing: attributes.selfClosing };
      if (!tokens.isLocal('property') || attributes.get('name') !== POLICY_PROPERTY) continue;
      const value = attributes.find('value');
      if (value >= 0) return patched(e.name, xml, attributes.spans[4 * value + 2]!, attributes.spans[4 * value + 3]!, attributeText(ref));
    }
  }
  if (properties) {
    const { part, xml, start, end, prefix } = properties;
    const property = `<${prefix}property name="${POLICY_PROPERTY}" value="${attributeText(ref)}"/>`;
    return properties.selfClosing ? patched(part, xml, start, end, `<${prefix}properties>${property}</${prefix}properties>`) : patched(part, xml, end, end, property);
  }
  return {
    written: false,
    reason: {
      'zh-CN': '工作簿未关联加载项（没有 xl/webextensions 部件），无法保存制度设置；请在 Excel 中用加载项打开并保存一次',
      en: 'the workbook is not tied to the add-in (no xl/webextensions part), so it cannot carry a policy setting; open it once in Excel with the add-in and save it',
    },
  };
}
