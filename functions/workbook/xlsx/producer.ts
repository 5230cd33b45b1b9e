import type { ZipArchive } from './zip.js';
import { readText } from './zip.js';
import { decodeXml, xmlAttr } from './xml.js';

/**
 * What a package says of the program that saved it: the application and version in
 * docProps/app.xml, and how the workbook asks to be calculated (`<calcPr>` of xl/workbook.xml:
 * the calculation engine's id, automatic or manual, and whether the producer asked for a full
 * calculation on load because it wrote no results of its own).
 */
export interface Producer {
  /** `<Application>` of docProps/app.xml ("Microsoft Excel", "WPS 表格", "LibreOffice/7.4…"); undefined without the part or the element. */
  application?: string;
  /** `<AppVersion>` ("16.0300"). */
  appVersion?: string;
  /** Whether the package has docProps/app.xml at all. */
  hasAppProperties: boolean;
  /** `<calcPr>` as written, undefined without one. */
  calc?: { calcId?: string; calcMode?: string; fullCalcOnLoad: boolean };
}

const element = (xml: string, name: string): string | undefined => {
  const m = new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`).exec(xml);
  return m ? decodeXml(m[1]!).trim() : undefined;
};

export function readProducer(zip: ZipArchive, workbookXml: string): Producer {
  const app = readText(zip, 'docProps/app.xml');
  const calcTag = /<(?:\w+:)?calcPr\b[^>]*>/.exec(workbookXml)?.[0];
  const fullCalc = calcTag ? xmlAttr(calcTag, 'fullCalcOnLoad') : undefined;
  const application = app === undefined ? undefined : element(app, 'Application');
  const appVersion = app === undefined ? undefined : element(app, 'AppVersion');
  return {
    ...(application ? { application } : {}),
    ...(appVersion ? { appVersion } : {}),
    hasAppProperties: app !== undefined,
    ...(calcTag
      ? {
          calc: {
            ...(xmlAttr(calcTag, 'calcId') !== undefined ? { calcId: xmlAttr(calcTag, 'calcId') } : {}),
            ...(xmlAttr(calcTag, 'calcMode') !== undefined ? { calcMode: xmlAttr(calcTag, 'calcMode') } : {}),
            fullCalcOnLoad: fullCalc === '1' || fullCalc === 'true',
          },
        }
      : {}),
  };
}
