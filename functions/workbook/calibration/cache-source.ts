import type { Text2 } from '../../../shared/src/index.js';
import type { Producer } from '../xlsx/producer.js';

/**
 * Whose answers a workbook's cached values are. Excel saves every formula cell with its result
 * for the inputs the file holds: where the file was last saved by Excel, each cached value is
 * Excel's own answer, against which this engine's answer can be checked cell by cell. Other
 * programs' values (LibreOffice, WPS, libraries that write files) are theirs, or placeholders,
 * and are not taken as Excel's.
 */
export interface CacheSource {
  /** Whether the cached values are taken as Excel's own answers. */
  excel: boolean;
  /** The application the file names, as written. */
  application?: string;
  /** Why, in both languages. */
  reason: Text2;
}

/** Programs that name themselves as Excel in docProps/app.xml but are not (their calcPr gives them away). */
const PHPSPREADSHEET_CALC_ID = '999999';

export function cacheSourceOf(p: Producer): CacheSource {
  const app = p.application;
  const named = app ? { application: app } : {};
  const not = (zh: string, en: string): CacheSource => ({ excel: false, ...named, reason: { 'zh-CN': zh, en } });
  if (p.calc?.fullCalcOnLoad) return not('保存文件的程序要求打开时全部重算（calcPr fullCalcOnLoad）：缓存值不是 Excel 的结果', "the program that saved the file asks for a full calculation on load (calcPr fullCalcOnLoad): its cached values are not Excel's results");
  if (p.calc?.calcMode === 'manual') return not('工作簿为手动计算模式：缓存值可能不是当前输入的结果', 'the workbook calculates manually: its cached values may not be the results of the inputs it holds');
  if (p.calc?.calcId === PHPSPREADSHEET_CALC_ID) return not('由 PhpSpreadsheet 保存（calcId 999999）', 'saved by PhpSpreadsheet (calcId 999999)');
  if (!p.hasAppProperties || !app) return not('文件没有写明保存它的程序（无 docProps/app.xml 的 Application）：可能由程序库生成', 'the file does not name the program that saved it (no Application in docProps/app.xml): likely written by a library');
  if (!/^Microsoft (Macintosh )?Excel\b/.test(app)) return not(`由 ${app} 保存：缓存值是该程序的结果，不是 Excel 的`, `saved by ${app}: its cached values are that program's results, not Excel's`);
  if (!p.calc) return not('由自称 Excel 的程序保存，但没有 calcPr：Excel 总会写出计算设置', 'saved by a program naming itself Excel but with no calcPr, which Excel always writes');
  const version = p.appVersion ? ` ${p.appVersion}` : '';
  return { excel: true, application: app, reason: { 'zh-CN': `由 ${app}${version} 保存（calcId ${p.calc.calcId ?? '—'}）：缓存值是 Excel 对文件中输入的结果`, en: `saved by ${app}${version} (calcId ${p.calc.calcId ?? '—'}): its cached values are Excel's results for the inputs the file holds` } };
}
