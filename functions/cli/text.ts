import type { Lang } from '../../shared/src/index.js';

/** The command line's own words, in zh-CN and en. */
export const CLI_TEXT = {
  help: {
    'zh-CN': `policycell：把客户经理管理制度变成电子表格函数

用法：
  policycell eval 函数 参数…           计算一个函数，如 policycell eval COMMISSION 52000
      --policy id@version             使用指定制度版本（默认 default 的最新版）
      --explain                       同时输出计算步骤
      --json                          以 JSON 输出 {"value": …} 或 {"error": …}
  policycell eval --batch 文件|-       读取 /v1/batch 请求体（- 为标准输入），输出与 API 相同的 JSON
  policycell functions [--json]        列出全部函数
  policycell policy check 文件          校验制度文件，逐条列出问题及其 JSON 路径
  policycell policy publish 文件        把该版本的摘要记入同目录的 published.json（已发布版本不可更改）
  policycell policy list               列出可用的制度版本
  policycell policy diff A B [--json]  列出两个制度（版本或文件）之间不同的每个参数：JSON 路径、旧值、新值、
                                       所依据的条款、读取它的函数
  policycell recalc 工作簿.xlsx|目录…    重算工作簿中的全部公式（POLICY.* 与普通 Excel 函数），只改缓存值
      -o 目录                          输出目录（默认 ./recalculated/），保留输入的相对路径（含子目录）；
                                       --in-place 覆盖原文件（保留权限，符号链接写到其目标）
      --policy id@version              工作簿未指定制度时使用的版本
      --concurrency N                  同时处理 N 个工作簿（1–64，默认 1）
      --remote URL                     交给 URL/v1/workbooks/recalc 计算；超过 4 MiB 的工作簿经任务
                                       （/v1/jobs，存储桶上传下载，最长 15 分钟）计算
      --job-over 字节数                 与 --remote 同用：超过此大小的工作簿经任务发送（0 为全部）
      --json                           每个工作簿输出一行 JSON
      --evaluator hyperformula         不走快速路径，全部交给 HyperFormula（用于核对）
      --strict                         有公式无法重算（保留原缓存值）或结果不确定时判该工作簿失败
      --what-if id@version             假设分析：不论工作簿自身的制度，一律按此版本计算；工作簿的制度设置不变
      --save-policy                    把计算所用的制度写入工作簿的设置（与 --what-if 同用即采用新制度）
      --changes 报告.json|.csv|.html    列出值有变化的每个公式单元格（工作表、单元格、公式、原值、新值、原因）；
                                       扩展名决定格式，路径的文件夹必须已存在，否则不做任何计算、退出状态为 2
  再次运行时，输出目录中已是最新的工作簿（输入、制度版本与工具版本都未变）跳过不算；
  中断的运行再次执行会接着完成其余的工作簿（记录在输出目录的 .policycell-recalc.jsonl）。
  policycell template 名称 -o 文件.xlsx  写出模板工作簿：payroll、due-diligence、tiering、overdue

通用选项：
  --lang zh-CN|en                      输出语言（默认取 LANG 环境变量，否则中文）
  --help                               显示本帮助

参数先按 JSON 解析（52000、true、'[[10],[45]]'），否则按文本。
环境变量 POLICYCELL_POLICY_DIR 指向机构自己的制度文件目录。
出错时（包括 --changes 的路径不可用、选项无法识别）退出状态为 1。`,
    en: `policycell: customer-manager policies as spreadsheet functions

Usage:
  policycell eval ID ARGS…              compute one function, e.g. policycell eval COMMISSION 52000
      --policy id@version             use that policy version (default: the latest default)
      --explain                       also print the steps of the computation
      --json                          print {"value": …} or {"error": …} as JSON
  policycell eval --batch FILE|-        read a /v1/batch request body (- for stdin), print the API's JSON answer
  policycell functions [--json]         list every function
  policycell policy check FILE          validate a policy file, listing every problem with its JSON path
  policycell policy publish FILE        record the version's digest in published.json beside it (a published version never changes)
  policycell policy list                list the policy versions available
  policycell policy diff A B [--json]   every parameter that differs between two policies (versions or files): JSON path,
                                        old, new, the clause it implements, the functions that read it
  policycell recalc BOOK.xlsx|DIR…      recalculate every formula (POLICY.* and ordinary Excel functions), changing only cached values
      -o DIR                          output folder (default ./recalculated/), mirroring the inputs' paths (subfolders too);
                                      --in-place overwrites the input (its mode kept; a symbolic link is written through)
      --policy id@version             the policy for workbooks that name none
      --concurrency N                 N workbooks at a time (1–64, default 1)
      --remote URL                    compute at URL/v1/workbooks/recalc; workbooks over 4 MiB go through a
                                      job (/v1/jobs: up and down through the store, up to 15 minutes)
      --job-over BYTES                with --remote: workbooks over this size go through a job (0: all of them)
      --json                          one JSON line per workbook
      --evaluator hyperformula        skip the fast path, HyperFormula for everything (to cross-check)
      --strict                        fail a workbook whose formulas cannot all be recomputed (instead of keeping their cached values)
                                      or whose new values are uncertain
      --what-if id@version            what-if: compute every workbook under that policy whatever it names; its setting stays
      --save-policy                   write the policy computed under as each workbook's setting (with --what-if: adopt it)
      --changes REPORT.json|.csv|.html  list every formula cell whose value changed (sheet, cell, formula, old, new, because);
                                      the extension picks the format; its folder must exist, else nothing is done
  Run again, a workbook already up to date in the output folder (same input, policy and tool
  version) is skipped; an interrupted run, run again, finishes the rest (the output folder's
  .policycell-recalc.jsonl records what was written).
  policycell template NAME -o FILE.xlsx write a template workbook: payroll, due-diligence, tiering, overdue

Common options:
  --lang zh-CN|en                       language of the output (default from LANG, else Chinese)
  --help                                show this help

Arguments are read as JSON where they parse (52000, true, '[[10],[45]]'), else as text.
POLICYCELL_POLICY_DIR names a folder of the organisation's own policy files.
Exit status 1 on an error (an unusable --changes path and an unknown option among them).`,
  },
  unknownCommand: { 'zh-CN': (c: string) => `未知命令「${c}」，见 policycell --help`, en: (c: string) => `unknown command "${c}"; see policycell --help` },
  missingFunction: { 'zh-CN': () => '缺少函数名，如 policycell eval COMMISSION 52000', en: () => 'missing function id, e.g. policycell eval COMMISSION 52000' },
  missingFile: { 'zh-CN': () => '缺少文件名', en: () => 'missing file name' },
  unknownOption: { 'zh-CN': (o: string) => `无法识别的选项：${o}（以 -- 开头的文件名请放在单独的 -- 之后）`, en: (o: string) => `unknown option: ${o} (put a file name that begins with -- after a lone --)` },
  badOption: { 'zh-CN': (o: string) => `选项值无效：${o}`, en: (o: string) => `not a valid option value: ${o}` },
  concurrency: { 'zh-CN': (v: string) => `--concurrency 应为 1 到 64 的整数，收到「${v}」`, en: (v: string) => `--concurrency must be a whole number from 1 to 64, not "${v}"` },
  cannotRead: { 'zh-CN': (f: string, m: string) => `无法读取 ${f}：${m}`, en: (f: string, m: string) => `cannot read ${f}: ${m}` },
  policyOk: { 'zh-CN': (r: string) => `✓ ${r} 校验通过`, en: (r: string) => `✓ ${r} is valid` },
  policyBad: { 'zh-CN': (f: string, n: number) => `✗ ${f}：${n} 个问题`, en: (f: string, n: number) => `✗ ${f}: ${n} problem(s)` },
  published: {
    'zh-CN': (r: string, d: string, added: boolean) => (added ? `已发布 ${r}：${d}` : `${r} 已发布，摘要未变：${d}`),
    en: (r: string, d: string, added: boolean) => (added ? `published ${r}: ${d}` : `${r} was already published with this digest: ${d}`),
  },
  policyLoad: { 'zh-CN': (m: string) => `制度文件有误：${m}`, en: (m: string) => `a policy file is wrong: ${m}` },
  unknownTemplate: { 'zh-CN': (n: string) => `没有模板「${n}」，可用：`, en: (n: string) => `no template "${n}"; there are:` },
  templateWritten: { 'zh-CN': (id: string, f: string) => `已写出模板 ${id}：${f}（用 policycell recalc 填入计算结果）`, en: (id: string, f: string) => `wrote the ${id} template: ${f} (policycell recalc fills in the results)` },
  policyDiffArgs: {
    'zh-CN': () => 'policy diff 需要两个制度：版本（id@version）或文件，如 policycell policy diff default@2019.05 default@2025.09',
    en: () => 'policy diff takes two policies, versions (id@version) or files, e.g. policycell policy diff default@2019.05 default@2025.09',
  },
  optionValue: { 'zh-CN': (o: string) => `选项 ${o} 需要一个值`, en: (o: string) => `option ${o} needs a value` },
} as const;

export function cliLang(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const hint = explicit ?? env.POLICYCELL_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return /^en/i.test(hint) ? 'en' : 'zh-CN';
}
