import { existsSync } from 'node:fs';
import type { Engine, Lang, ParameterChange, PolicyDiff, PolicyDoc } from '../../shared/src/index.js';
import { ExcelError, ParameterReaders, PolicyLoadError, diffPolicies, findFunction } from '../../shared/src/index.js';
import { withPath } from '../../shared/src/i18n/issues.js';
import { loadPolicyFile } from '../policy-dir.js';
import { jsonLine, terminalText } from './terminal-text.js';

/**
 * `policycell policy diff A B [--json]`: every parameter that differs from policy A to policy B,
 * with the clause it implements and the functions that read it. A and B are versions the registry
 * knows (`id@version`, or `id` for its latest: shipped, or the organisation's folder) or policy
 * files (a path that exists, or ends in .json).
 */

const T = {
  header: {
    'zh-CN': (a: string, af: string, b: string, bf: string, n: number) => `${a}（${af} 起）→ ${b}（${bf} 起）：${n ? `${n} 个参数不同` : '没有不同的参数'}`,
    en: (a: string, af: string, b: string, bf: string, n: number) => `${a} (from ${af}) → ${b} (from ${bf}): ${n === 0 ? 'no parameter differs' : n === 1 ? '1 parameter differs' : `${n} parameters differ`}`,
  },
  clause: { 'zh-CN': '条款', en: 'clause' },
  clauseFrom: { 'zh-CN': (p: string) => `条款（见 ${p}）`, en: (p: string) => `clause (of ${p})` },
  note: { 'zh-CN': '说明', en: 'note' },
  readBy: { 'zh-CN': '读取它的函数', en: 'read by' },
  none: { 'zh-CN': '（无）', en: '(none)' },
  noReader: { 'zh-CN': '（示例中没有函数读取）', en: '(no function read it in its examples)' },
  cannotLoad: { 'zh-CN': (f: string, n: number) => `✗ ${f}：${n} 个问题`, en: (f: string, n: number) => `✗ ${f}: ${n} problem(s)` },
} as const;

/** A policy named on the command line: a file when the argument is one (or ends in .json), else a version of the registry. */
function policyNamed(arg: string, engine: Engine): PolicyDoc {
  return existsSync(arg) || arg.endsWith('.json') ? loadPolicyFile(arg) : engine.policy(arg);
}

/** A parameter's value as a line shows it: numbers and booleans as they are, text and structures as JSON. */
function shown(v: unknown, lang: Lang): string {
  if (v === undefined) return T.none[lang];
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

function changeLines(c: ParameterChange, lang: Lang): string[] {
  const sep = lang === 'zh-CN' ? '：' : ': ';
  const readers = c.readBy.map((id) => {
    const name = findFunction(id)?.name[lang];
    return name && name !== id ? (lang === 'zh-CN' ? `${id}（${name}）` : `${id} (${name})`) : id;
  });
  return [
    `${c.path}${sep}${shown(c.old, lang)} → ${shown(c.new, lang)}`,
    `  ${c.clauseFrom ? T.clauseFrom[lang](c.clauseFrom) : T.clause[lang]}${sep}${c.clause ?? T.none[lang]}`,
    ...(c.note ? [`  ${T.note[lang]}${sep}${c.note[lang]}`] : []),
    `  ${T.readBy[lang]}${sep}${readers.length ? readers.join(lang === 'zh-CN' ? '、' : ', ') : T.noReader[lang]}`,
  ];
}

export function policyDiffText(d: PolicyDiff, lang: Lang): string {
  const head = T.header[lang](d.from.ref, d.from.effectiveFrom, d.to.ref, d.to.effectiveFrom, d.changes.length);
  return [head, ...d.changes.flatMap((c) => changeLines(c, lang))].join('\n');
}

/** Runs the command; answers the exit status (1 when a policy cannot be found or read). */
export function policyDiffCommand(a: string, b: string, opts: { engine: Engine; lang: Lang; json: boolean; out: (s: string) => void; err: (s: string) => void }): number {
  const { engine, lang } = opts;
  const docs: PolicyDoc[] = [];
  for (const arg of [a, b]) {
    try {
      docs.push(policyNamed(arg, engine));
    } catch (e) {
      if (e instanceof ExcelError) {
        opts.err(`${terminalText(e.messageIn(lang))}\n`);
        return 1;
      }
      if (!(e instanceof PolicyLoadError)) throw e;
      opts.err(`${terminalText(T.cannotLoad[lang](e.origin, e.problems.length))}\n`);
      for (const p of e.problems) opts.err(`  ${terminalText(withPath(p.path, p.text[lang], lang))}\n`);
      return 1;
    }
  }
  const readers = new ParameterReaders(engine);
  const diff = diffPolicies(docs[0]!, docs[1]!, (key) => readers.of(key));
  opts.out(opts.json ? `${jsonLine(diff)}\n` : `${terminalText(policyDiffText(diff, lang), 'lines')}\n`);
  return 0;
}
