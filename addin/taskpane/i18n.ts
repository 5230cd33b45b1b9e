import type { Lang } from '../../shared/src/index.js';

/** Every word the task pane shows, in zh-CN and en. */
export const UI = {
  title: { 'zh-CN': 'PolicyCell 制度计算器', en: 'PolicyCell policy calculator' },
  language: { 'zh-CN': '界面语言', en: 'Language' },
  tabs: { 'zh-CN': '功能', en: 'Sections' },
  tabEvaluate: { 'zh-CN': '计算', en: 'Evaluate' },
  tabFunctions: { 'zh-CN': '函数', en: 'Functions' },
  tabSettings: { 'zh-CN': '设置', en: 'Settings' },
  formula: { 'zh-CN': '公式', en: 'Formula' },
  evaluate: { 'zh-CN': '计算', en: 'Evaluate' },
  explainSelected: { 'zh-CN': '说明所选单元格', en: 'Explain the selected cell' },
  result: { 'zh-CN': '结果', en: 'Result' },
  steps: { 'zh-CN': '计算说明', en: 'Explanation' },
  search: { 'zh-CN': '搜索函数', en: 'Search the functions' },
  searchHint: { 'zh-CN': '按函数名或中英文名称搜索', en: 'Search by id or name (Chinese or English)' },
  functionList: { 'zh-CN': '函数列表（方向键选择）', en: 'Function list (arrow keys to move)' },
  noMatch: { 'zh-CN': '没有匹配的函数', en: 'No function matches' },
  params: { 'zh-CN': '参数', en: 'Parameters' },
  source: { 'zh-CN': '原文', en: 'Source' },
  example: { 'zh-CN': '示例', en: 'Example' },
  tryIt: { 'zh-CN': '试算', en: 'Try it' },
  insert: { 'zh-CN': '插入到单元格', en: 'Insert into cell' },
  inserted: { 'zh-CN': '已插入到所选单元格', en: 'Inserted into the selected cell' },
  optional: { 'zh-CN': '可选', en: 'optional' },
  mode: { 'zh-CN': '计算方式', en: 'Where to compute' },
  local: { 'zh-CN': '本机（默认，无需联网）', en: 'Locally (default, no network)' },
  remote: { 'zh-CN': '远程服务（批量 HTTP）', en: 'Remote service (batched HTTP)' },
  endpoint: { 'zh-CN': '服务地址', en: 'Service URL' },
  apiKey: { 'zh-CN': 'API 密钥', en: 'API key' },
  apiKeyWhere: {
    'zh-CN': '密钥保存在 Office 的加载项存储（OfficeRuntime.storage，仅本用户，不加密）中，不写入工作簿；在浏览器试算页中只保存在本页内存中。',
    en: "The key is kept in Office's add-in storage (OfficeRuntime.storage: this user's, unencrypted), never in the workbook; in the browser playground, in this page's memory only.",
  },
  policy: { 'zh-CN': '本工作簿的制度版本', en: "This workbook's policy version" },
  policyBrowser: { 'zh-CN': '制度版本（本页）', en: 'Policy version (this page)' },
  policyNone: { 'zh-CN': (ref: string) => `未指定：使用 ${ref}`, en: (ref: string) => `none set: ${ref} applies` },
  policyUnknown: { 'zh-CN': '（本机无此版本）', en: '(not available here)' },
  policyWhere: {
    'zh-CN': '制度版本保存在工作簿中，同事的 Excel 与批量重算工具都按它计算；其他设置只属于你本人。',
    en: "The policy version is saved in the workbook, so a colleague's Excel and the batch tool compute with it; the other settings are yours alone.",
  },
  save: { 'zh-CN': '保存', en: 'Save' },
  saved: { 'zh-CN': '已保存', en: 'Saved' },
  savedRecalc: { 'zh-CN': '已保存，并已重新计算工作簿中的 POLICY 单元格', en: 'Saved, and the POLICY cells of the workbook were recalculated' },
  saveFailed: { 'zh-CN': '保存失败', en: 'Could not save' },
  savedNoRecalc: { 'zh-CN': '已保存；Excel 未能重新计算，请按 Ctrl+Alt+F9', en: 'Saved; Excel could not recalculate, press Ctrl+Alt+F9' },
  insertFailed: { 'zh-CN': '未能插入', en: 'Could not insert' },
  templates: { 'zh-CN': '在本工作簿中插入模板', en: 'Insert a template into this workbook' },
  statusLocal: { 'zh-CN': '本机计算', en: 'computing locally' },
  statusRemote: { 'zh-CN': '远程计算', en: 'computing remotely' },
  inExcel: { 'zh-CN': '在 Excel 中', en: 'in Excel' },
  inBrowser: { 'zh-CN': '浏览器试算页', en: 'browser playground' },
  needExcel: { 'zh-CN': '单元格引用只能在 Excel 中解析；在此请直接写数值', en: 'cell references resolve only inside Excel; type values here' },
  noFormula: { 'zh-CN': '所选单元格没有 POLICY 公式', en: 'the selected cell has no POLICY formula' },
  badFormula: { 'zh-CN': '公式无法识别', en: 'cannot read the formula' },
  unknownFn: { 'zh-CN': '未知函数', en: 'unknown function' },
  sections: {
    marketing: { 'zh-CN': '营销部工资与纪律', en: 'Marketing pay and discipline' },
    guarantee: { 'zh-CN': '担保尽职调查', en: 'Guarantee due diligence' },
    tobacco: { 'zh-CN': '烟草客户细分', en: 'Tobacco customer tiering' },
    bank: { 'zh-CN': '银行客户风险与价值', en: 'Bank customer risk and value' },
    policy: { 'zh-CN': '制度与说明', en: 'Policy and explanation' },
  },
} as const;

type Plain = { [K in keyof typeof UI]: (typeof UI)[K] extends { 'zh-CN': string } ? K : never }[keyof typeof UI];
export type UiKey = Plain;

export function tr(key: UiKey, lang: Lang): string {
  return (UI[key] as { 'zh-CN': string; en: string })[lang];
}
