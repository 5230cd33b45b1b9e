import type { Text2 } from '../../../shared/src/index.js';
import type { ZipArchive } from './zip.js';
import { foldName, readEntry, readText } from './zip.js';
import { byteString, decodeXml } from './xml.js';

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
const PROPERTY_TAG = /<we:property\b[^>]*>/g;

const propertyName = (tag: string) => decodeXml(/\bname="([^"]*)"/.exec(tag)?.[1] ?? '');

/** The value of a setting as Office stores it: JSON text, or (written by hand) the bare text. */
function settingValue(raw: string): string | undefined {
  try {
    const v = JSON.parse(raw) as unknown;
    return typeof v === 'string' && v ? v : undefined;
  } catch {
    return raw || undefined;
  }
}

/** The policy the add-in saved in the workbook, if any. */
export function readPolicySetting(zip: ZipArchive): string | undefined {
  for (const e of zip.entries) {
    if (!WEBEXTENSION_PART.test(foldName(e.name))) continue;
    const xml = readText(zip, e.name) ?? '';
    for (const m of xml.matchAll(PROPERTY_TAG)) {
      if (propertyName(m[0]) !== POLICY_PROPERTY) continue;
      const v = settingValue(decodeXml(/\bvalue="([^"]*)"/.exec(m[0])?.[1] ?? ''));
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
  // The part that holds the setting, else the first part with a properties element to add it to.
  for (const e of parts) {
    const xml = byteString(readEntry(zip, e.name) ?? new Uint8Array());
    for (const m of xml.matchAll(PROPERTY_TAG)) {
      if (propertyName(m[0]) !== POLICY_PROPERTY) continue;
      const value = /(\bvalue=")([^"]*)"/.exec(m[0]);
      if (!value) continue;
      const at = m.index + value.index + value[1]!.length;
      return { written: true, part: e.name, bytes: Buffer.from(xml.slice(0, at) + attributeText(ref) + xml.slice(at + value[2]!.length), 'latin1') };
    }
  }
  const property = `<we:property name="${POLICY_PROPERTY}" value="${attributeText(ref)}"/>`;
  for (const e of parts) {
    const xml = byteString(readEntry(zip, e.name) ?? new Uint8Array());
    const open = /<we:properties\s*>/.exec(xml);
    if (open) return { written: true, part: e.name, bytes: Buffer.from(xml.slice(0, open.index + open[0].length) + property + xml.slice(open.index + open[0].length), 'latin1') };
    const empty = /<we:properties\s*\/>/.exec(xml);
    if (empty) return { written: true, part: e.name, bytes: Buffer.from(`${xml.slice(0, empty.index)}<we:properties>${property}</we:properties>${xml.slice(empty.index + empty[0].length)}`, 'latin1') };
  }
  return {
    written: false,
    reason: {
      'zh-CN': '工作簿未关联加载项（没有 xl/webextensions 部件），无法保存制度设置；请在 Excel 中用加载项打开并保存一次',
      en: 'the workbook is not tied to the add-in (no xl/webextensions part), so it cannot carry a policy setting; open it once in Excel with the add-in and save it',
    },
  };
}
