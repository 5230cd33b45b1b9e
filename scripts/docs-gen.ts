import * as z from 'zod/mini';
import type { FunctionDecl, ParamDecl } from '../shared/src/catalog/declare.js';
import { SECTIONS } from '../shared/src/catalog/sections.js';
import { CATALOG, defaultEngine, policySchema, resolvePath } from '../shared/src/index.js';
import type { PolicyDoc } from '../shared/src/index.js';

// The function reference (docs/functions.md) and the policy JSON Schema, generated from the catalog
// and the shipped policy: `npm run docs`. A test fails when the committed files are stale.

const TYPE_TEXT: Record<string, string> = {
  number: '数字 number',
  amount: '金额 amount',
  integer: '整数 integer',
  boolean: '逻辑值 boolean',
  text: '文本 text',
  entry: '单元格内容（文本或数字） text or a number in one cell',
  digits: '数字文本 digits as text',
  label: '标签 label',
  date: '日期 date',
  datetime: '日期时间 date-time',
  numbers: '数字区域 range of numbers',
  numberCells: '数字区域 range of numbers',
  labelCells: '标签区域 range of labels',
  booleanCells: '逻辑值区域 range of TRUE/FALSE',
  dateCells: '日期区域 range of dates',
  texts: '文本区域 range of text',
  time: '时刻 time of day',
  expiry: '日期或“长期” date or 长期 (no end)',
  any: '任意 any',
};

const RESULT_TEXT: Record<string, string> = {
  money: '金额（四舍五入到分） money, rounded half-up to 0.01',
  ratio: '比率（不舍入） ratio, unrounded',
  number: '数字 number',
  boolean: '逻辑值 boolean',
  label: '标签 label',
  text: '文本 text',
  entry: '单元格内容（文本或数字） text or a number in one cell',
  digits: '数字文本 digits as text',
  date: '日期序号 date serial',
  matrix: '二维数组（溢出） 2-D array (spills)',
  any: '值 value',
};

/** A cell value as it is written in an Excel formula: 52000, "住宅", TRUE, {10,45;…}. */
export function formulaArg(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (Array.isArray(v)) {
    if (v.every(Array.isArray)) return `{${(v as unknown[][]).map((r) => r.map(formulaArg).join(',')).join(';')}}`;
    return `{${v.map(formulaArg).join(',')}}`;
  }
  return String(v);
}

function resultText(r: unknown): string {
  if (r && typeof r === 'object' && !Array.isArray(r)) {
    if ('error' in r) return String((r as { error: string }).error);
    if ('contains' in r) return `文本，含 text containing ${(r as { contains: string[] }).contains.map((c) => `“${c}”`).join(' ')}`;
  }
  return formulaArg(r);
}

function defaultText(p: ParamDecl, policy: PolicyDoc): string {
  if (!p.optional) return '必填 required';
  const d = typeof p.default === 'function' ? p.default(policy) : p.default;
  return d === null || d === undefined ? '可选 optional' : `可选，默认 ${formulaArg(d)} · optional, default ${formulaArg(d)}`;
}

function domainText(p: ParamDecl): string {
  const d = p.domain;
  if (!d) return '';
  if (d.divisor) return ' (> 0; 0 → #DIV/0!)';
  const parts: string[] = [];
  if (d.min !== undefined) parts.push(`${d.minExclusive ? '>' : '≥'} ${d.min}`);
  if (d.max !== undefined) parts.push(`${d.maxExclusive ? '<' : '≤'} ${d.max}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function fnSection(f: FunctionDecl, policy: PolicyDoc): string {
  const names = (lang: 'zh' | 'en') => f.params.map((p) => `${p.repeating ? '' : p.optional ? '[' : ''}${lang === 'zh' ? p.zh : p.name}${p.repeating ? '…' : p.optional ? ']' : ''}`).join(', ');
  const lines = [
    `### ${f.id} — ${f.name['zh-CN']} · ${f.name.en}`,
    '',
    `\`=POLICY.${f.id}(${names('en')})\` · 中文 Excel: \`=POLICY.${f.name['zh-CN']}(${names('zh')})\` → ${RESULT_TEXT[f.result]}`,
    '',
    `${f.description['zh-CN']}`,
    '',
    `${f.description.en}`,
    '',
  ];
  if (f.params.length) {
    lines.push('| 参数 parameter | 名称 name | 类型 type | 必填/默认 | 说明 description |', '|---|---|---|---|---|');
    for (const p of f.params) {
      lines.push(
        `| \`${p.name}\`${p.repeating ? '…' : ''} | ${p.zh} | ${TYPE_TEXT[p.type]}${domainText(p)} | ${esc(defaultText(p, policy))} | ${esc(p.description['zh-CN'])}<br>${esc(p.description.en)} |`,
      );
    }
    lines.push('');
  }
  lines.push(`**原文 Source:** ${f.source}`, '');
  lines.push('| 示例 example | 结果 result |', '|---|---|');
  for (const ex of f.examples) {
    lines.push(`| \`${f.id}(${ex.args.map(formulaArg).join(', ')})\`${ex.policy ? ` (${ex.policy})` : ''} | ${esc(resultText(ex.result))} |`);
  }
  lines.push('');
  return lines.join('\n');
}

function policyParameters(policy: PolicyDoc): string {
  const supplemented = new Map(defaultEngine().registry.completedBy(policy).flatMap((c) => c.paths.map((p) => [p, c.ref] as const)));
  const refs = [...new Set(supplemented.values())];
  const lines = [
    '## 制度参数 Policy parameters',
    '',
    `The values below are those of \`${policy.id}@${policy.version}\`. † marks an illustrative value: it is not in the source documents, and an organisation replaces it in its own policy file. † 为示例值：源制度未规定，机构应在自己的制度文件中替换。`,
    '',
    ...(refs.length
      ? [
          `A published version never changes. Parameters added after \`${policy.id}@${policy.version}\` was published come from ${refs.map((r) => `\`${r}\``).join(', ')} (\`shared/policies/supplement-*.json\`, its digest recorded like a policy's), marked ⁺ below; a policy file that sets one keeps its own value. 已发布的制度版本不再改动；发布后新增的参数由补充参数文件补齐（下表标 ⁺），制度文件自己设置的值优先。`,
          '',
        ]
      : []),
    '| 路径 path | 值 value | 原文 source | 说明 note |',
    '|---|---|---|---|',
  ];
  for (const [path, note] of Object.entries(policy.notes)) {
    const v = JSON.stringify(resolvePath(policy, path));
    const shown = v.length > 80 ? `${v.slice(0, 77)}…` : v;
    lines.push(
      `| \`${path}\`${note.illustrative ? ' †' : ''}${[...supplemented.keys()].some((p) => path === p || path.startsWith(`${p}.`)) ? ' ⁺' : ''} | \`${esc(shown)}\` | ${esc(note.source ?? '')} | ${note.note ? `${esc(note.note['zh-CN'])}<br>${esc(note.note.en)}` : ''} |`,
    );
  }
  return lines.join('\n');
}

export function renderFunctionReference(): string {
  const policy = defaultEngine().policy();
  const out = [
    '# PolicyCell 函数参考 · Function reference',
    '',
    '<!-- Generated by `npm run docs` from shared/src (the catalog) and the latest shipped policy. Do not edit by hand: a test fails when this file is stale. -->',
    '',
    `In Excel every function is \`POLICY.<ID>\`; in Chinese Excel it is \`POLICY.<中文名>\`. The HTTP API and the batch tool use the bare id. Money is computed in decimal and rounded once, half-up, to 0.01; ratios are unrounded. Bad input is an Excel error (#VALUE!, #NUM!, #DIV/0!) with a message in zh-CN or en. Examples use \`${policy.id}@${policy.version}\` unless they name another version.`,
    '',
    '在 Excel 中每个函数写作 `POLICY.<ID>`，中文 Excel 中写作 `POLICY.<中文名>`；HTTP API 与批处理工具使用不带前缀的 id。金额以十进制计算，最后一次四舍五入到分；比率不舍入。错误输入返回 Excel 错误值并附中英文说明。',
    '',
    '## 目录 Contents',
    '',
  ];
  for (const s of SECTIONS) {
    const fns = CATALOG.filter((f) => f.section === s.id);
    out.push(`- **${s.title['zh-CN']} · ${s.title.en}**: ${fns.map((f) => `[${f.id}](#${f.id.toLowerCase()}--${f.name['zh-CN']}--${f.name.en.replace(/[^a-z0-9 -]/gi, '').replace(/ /g, '-').toLowerCase()})`).join(', ')}`);
  }
  out.push('');
  for (const s of SECTIONS) {
    out.push(`## ${s.title['zh-CN']} · ${s.title.en}`, '');
    if (s.source) out.push(`原文 Source: ${s.source}`, '');
    for (const n of s.notes(policy)) out.push(`> ${n['zh-CN']}`, '>', `> ${n.en}`, '');
    for (const f of CATALOG.filter((x) => x.section === s.id)) out.push(fnSection(f, policy));
  }
  out.push(policyParameters(policy), '');
  return out.join('\n');
}

export function renderPolicySchema(): string {
  const schema = z.toJSONSchema(policySchema, { unrepresentable: 'any' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...schema, title: 'PolicyCell policy document' }, null, 2)}\n`;
}
