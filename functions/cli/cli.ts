import { readFileSync } from 'node:fs';
import { TEMPLATES } from '../../shared/src/templates.js';
import { findTemplate, writeTemplate } from '../workbook/xlsx/template-writer.js';
import type { CallResult, Lang, Matrix, ParamDecl, Scalar } from '../../shared/src/index.js';
import { CATALOG, Engine, PolicyLoadError, findFunction, pickLang, policyRef } from '../../shared/src/index.js';
import { TEXT_TYPES } from '../../shared/src/catalog/declare.js';
import { withPath } from '../../shared/src/i18n/issues.js';
import type { PolicyProblem } from '../../shared/src/policy/schema.js';
import { BATCH_PATH, answerBatch } from '../http/batch-request.js';
import { configFromEnv } from '../config.js';
import type { RequestProblem } from '../http/problem-document.js';
import { badJsonDetail, problemJson } from '../http/problem-document.js';
import { CLI_TEXT, cliLang } from './text.js';
import { checkPolicyFile, loadRegistry, publishPolicyFile } from '../policy-dir.js';
import { writeAtomically } from './atomic-write.js';
import { runRecalc } from './recalc.js';
import { policyDiffCommand } from './policy-diff.js';
import { jsonLine, terminalJson, terminalText } from './terminal-text.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  readStdin: () => Promise<string>;
  /** Standard output is a terminal: `eval --batch` then escapes what a terminal would obey (terminal-text.ts). */
  tty?: boolean;
}

export const processIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  tty: process.stdout.isTTY === true,
};

interface Parsed {
  positional: string[];
  flags: Set<string>;
  values: Map<string, string>;
  /** Options that are none of ours (refused once the language of the message is known). */
  unknown: string[];
}

const VALUE_OPTIONS = new Set(['--policy', '--lang', '--batch', '-o', '--out', '--remote', '--concurrency', '--api-key', '--evaluator', '--job-over', '--what-if', '--changes']);
const FLAG_OPTIONS = new Set(['--explain', '--json', '--help', '-h', '--in-place', '--strict', '--save-policy']);

/**
 * Our own options are options and any other `--name` is a usage error (a mistyped option is never read
 * as a file name); anything else, "-1" included, is an argument, so that `policycell eval COMMISSION -1`
 * passes -1 to the function. After a lone `--` everything is an argument.
 */
function parse(argv: readonly string[]): Parsed {
  const p: Parsed = { positional: [], flags: new Set(), values: new Map(), unknown: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      p.positional.push(...argv.slice(i + 1));
      break;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (VALUE_OPTIONS.has(name)) {
      const v = eq > 0 && name !== a ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError('optionValue', name);
      p.values.set(name, v);
    } else if (FLAG_OPTIONS.has(a)) p.flags.add(a === '-h' ? '--help' : a);
    else if (/^--[a-z]/i.test(a)) p.unknown.push(name);
    else p.positional.push(a);
  }
  return p;
}

/** The most workbooks at a time a run may ask for (each local one is a worker thread with its own heap). */
const MAX_CONCURRENCY = 64;

class UsageError {
  constructor(
    readonly key: 'optionValue' | 'missingFunction' | 'missingFile' | 'unknownCommand' | 'unknownOption' | 'badOption' | 'concurrency' | 'policyDiffArgs',
    readonly arg = '',
  ) {}
}

/**
 * An argument as JSON where it parses (52000, true, [[10],[45]], "text"), else as text; for a parameter
 * that reads text (an identity number), digits stay the text typed, never a number rounded to 15 digits.
 */
export function readArg(s: string, param?: ParamDecl): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    return s;
  }
  return typeof parsed === 'number' && param !== undefined && TEXT_TYPES.has(param.type) ? s : parsed;
}

/** A value as the terminal shows it: a range as tab-separated rows (each cell's text escaped whole), one text with its own lines kept. */
function show(v: Scalar | Matrix): string {
  if (Array.isArray(v)) return v.map((row) => row.map((x) => terminalText(show(x))).join('\t')).join('\n');
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return terminalText(String(v), 'lines');
}

function printResult(r: CallResult, json: boolean, io: Io): number {
  if (json) {
    io.out(`${jsonLine(r)}\n`);
    return 'error' in r ? 1 : 0;
  }
  if ('error' in r) {
    io.err(`${r.error.code} ${terminalText(r.error.message)}\n`);
    return 1;
  }
  io.out(`${show(r.value)}\n`);
  return 0;
}

/** A batch's problem as the API's body (its `instance` is the route's path, the same for every request), the detail on stderr; exit 1. */
function printProblem(p: RequestProblem, io: Io): number {
  io.out(`${apiJson(problemJson(p, BATCH_PATH), io)}\n`);
  io.err(`${terminalText(p.detail)}\n`);
  return 1;
}

/** The API's very JSON for `eval --batch`: byte for byte to a pipe or a file, with what a terminal would obey escaped on a terminal (the same value). */
const apiJson = (text: string, io: Io) => (io.tty ? terminalJson(text) : text);

async function evalCommand(p: Parsed, engine: Engine, lang: Lang, io: Io): Promise<number> {
  const batch = p.values.get('--batch');
  if (batch !== undefined) {
    let text: string;
    try {
      text = batch === '-' ? await io.readStdin() : readFileSync(batch, 'utf8');
    } catch (e) {
      io.err(`${terminalText(CLI_TEXT.cannotRead[lang](batch, (e as Error).message))}\n`);
      return 1;
    }
    // The route's own steps (batch-request.ts, problem-document.ts): the same bytes for the same body.
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      return printProblem({ status: 400, detail: badJsonDetail(lang, (e as Error).message), lang }, io);
    }
    const langOf = (bodyLang: unknown) => (typeof bodyLang === 'string' ? pickLang(bodyLang) : lang);
    const r = await answerBatch(engine, body, { langOf, maxCalls: configFromEnv().limits.maxCalls });
    if (!r.ok) return printProblem(r.problem, io);
    io.out(`${apiJson(r.body === undefined ? JSON.stringify(r.answer) : typeof r.body === 'string' ? r.body : Buffer.from(r.body).toString('utf8'), io)}\n`);
    return 0;
  }
  const [id, ...rest] = p.positional;
  if (!id) throw new UsageError('missingFunction');
  const opts = { policy: p.values.get('--policy'), lang };
  const params = findFunction(id)?.params ?? [];
  const args = rest.map((text, i) => readArg(text, params[i]));
  if (p.flags.has('--explain')) {
    const x = engine.explain(id, args, opts);
    const code = printResult(x.result, p.flags.has('--json'), io);
    if (!p.flags.has('--json')) io.out(`${x.steps.map((step) => terminalText(step)).join('\n')}\n`);
    else io.out(`${jsonLine({ steps: x.steps })}\n`);
    return code;
  }
  return printResult(engine.call(id, args, opts), p.flags.has('--json'), io);
}

function functionsCommand(p: Parsed, lang: Lang, io: Io): number {
  if (p.flags.has('--json')) {
    const list = CATALOG.map((f) => ({
      id: f.id,
      name: f.name[lang],
      description: f.description[lang],
      params: f.params.map((x) => ({ name: lang === 'en' ? x.name : x.zh, type: x.type, optional: x.optional === true })),
      result: { type: f.result },
    }));
    io.out(`${JSON.stringify({ functions: list }, null, 2)}\n`);
    return 0;
  }
  for (const f of CATALOG) {
    const params = f.params.map((x) => {
      const n = lang === 'en' ? x.name : x.zh;
      return x.repeating ? `${n}…` : x.optional ? `[${n}]` : n;
    });
    io.out(`${f.id.padEnd(16)} ${f.name[lang]}(${params.join(', ')}) → ${f.result}\n    ${f.description[lang]}\n`);
  }
  return 0;
}

/** A policy file's problems, one a line with its JSON path, in the CLI's language. */
function printProblems(problems: readonly PolicyProblem[], lang: Lang, io: Io): void {
  for (const x of problems) io.err(`  ${terminalText(withPath(x.path, x.text[lang], lang))}\n`);
}

function policyCommand(p: Parsed, engine: Engine, lang: Lang, io: Io): number {
  const [, sub, file] = p.positional;
  if (sub === 'list') {
    for (const d of engine.registry.list()) io.out(`${terminalText(`${policyRef(d).padEnd(20)} ${d.effectiveFrom}  ${d.title[lang]}`)}\n`);
    return 0;
  }
  if (sub === 'diff') {
    const [, , from, to, extra] = p.positional;
    if (!from || !to || extra !== undefined) throw new UsageError('policyDiffArgs');
    return policyDiffCommand(from, to, { engine, lang, json: p.flags.has('--json'), out: io.out, err: io.err });
  }
  if (sub !== 'check' && sub !== 'publish') throw new UsageError('unknownCommand', `policy ${sub ?? ''}`.trim());
  if (!file) throw new UsageError('missingFile');
  if (sub === 'publish') {
    try {
      const r = publishPolicyFile(file);
      io.out(`${terminalText(CLI_TEXT.published[lang](r.ref, r.digest, r.added))}\n`);
      return 0;
    } catch (e) {
      if (!(e instanceof PolicyLoadError)) throw e;
      io.err(`${terminalText(CLI_TEXT.policyBad[lang](e.origin, e.problems.length))}\n`);
      printProblems(e.problems, lang, io);
      return 1;
    }
  }
  const r = checkPolicyFile(file);
  if (r.problems.length === 0) {
    io.out(`${terminalText(CLI_TEXT.policyOk[lang](r.ref!))}\n`);
    return 0;
  }
  io.err(`${terminalText(CLI_TEXT.policyBad[lang](r.origin ?? file, r.problems.length))}\n`);
  printProblems(r.problems, lang, io);
  return 1;
}

async function templateCommand(p: Parsed, lang: Lang, io: Io): Promise<number> {
  const name = p.positional[1];
  const tpl = name ? findTemplate(name) : undefined;
  if (!tpl) {
    if (name) io.err(`${terminalText(CLI_TEXT.unknownTemplate[lang](name))}\n`);
    for (const t of TEMPLATES) io.out(`${t.id.padEnd(14)} ${t.title[lang]}\n`);
    return name ? 1 : 0;
  }
  const out = p.values.get('-o') ?? p.values.get('--out') ?? `${tpl.id}.xlsx`;
  writeAtomically(out, await writeTemplate(tpl));
  io.out(`${terminalText(CLI_TEXT.templateWritten[lang](tpl.id, out))}\n`);
  return 0;
}

/** Runs the command line; answers the exit status. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let lang: Lang = cliLang(undefined);
  try {
    const p = parse(argv);
    lang = cliLang(p.values.get('--lang'));
    if (p.unknown.length) throw new UsageError('unknownOption', p.unknown[0]);
    const command = p.positional[0];
    if (p.flags.has('--help') || command === undefined || command === 'help') {
      io.out(`${CLI_TEXT.help['zh-CN']}\n\n${CLI_TEXT.help.en}\n`);
      return command === undefined && !p.flags.has('--help') ? 1 : 0;
    }
    if (command === 'functions') return functionsCommand(p, lang, io);
    const engine = new Engine(loadRegistry());
    if (command === 'eval') return await evalCommand({ ...p, positional: p.positional.slice(1) }, engine, lang, io);
    if (command === 'policy') return policyCommand(p, engine, lang, io);
    if (command === 'template') return await templateCommand(p, lang, io);
    if (command === 'recalc') {
      const files = p.positional.slice(1);
      if (files.length === 0) throw new UsageError('missingFile');
      const evaluator = p.values.get('--evaluator') ?? 'auto';
      if (evaluator !== 'auto' && evaluator !== 'hyperformula') throw new UsageError('badOption', `--evaluator ${evaluator}`);
      // Each unit of concurrency is a worker thread (or a connection): a whole number, and a sane one.
      const concurrency = Number(p.values.get('--concurrency') ?? 1);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) throw new UsageError('concurrency', p.values.get('--concurrency'));
      // With --remote, the size above which a workbook goes through a job (bytes; 0 sends every workbook as a job).
      const jobOverText = p.values.get('--job-over');
      const jobOver = jobOverText === undefined ? undefined : Number(jobOverText);
      if (jobOver !== undefined && (!Number.isInteger(jobOver) || jobOver < 0)) throw new UsageError('badOption', `--job-over ${jobOverText}`);
      return await runRecalc({
        ...(jobOver !== undefined ? { jobOver } : {}),
        evaluator,
        files,
        outDir: p.values.get('-o') ?? p.values.get('--out') ?? 'recalculated',
        inPlace: p.flags.has('--in-place'),
        strict: p.flags.has('--strict'),
        policy: p.values.get('--policy'),
        ...(p.values.has('--what-if') ? { whatIf: p.values.get('--what-if')! } : {}),
        ...(p.flags.has('--save-policy') ? { savePolicy: true } : {}),
        ...(p.values.has('--changes') ? { changes: p.values.get('--changes')! } : {}),
        remote: p.values.get('--remote'),
        apiKey: p.values.get('--api-key') ?? process.env.POLICYCELL_API_KEY,
        concurrency,
        json: p.flags.has('--json'),
        lang,
        out: io.out,
        err: io.err,
        isTTY: process.stderr.isTTY === true,
      });
    }
    throw new UsageError('unknownCommand', command);
  } catch (e) {
    if (e instanceof UsageError) {
      const t = CLI_TEXT[e.key][lang] as (a: string) => string;
      io.err(`${terminalText(t(e.arg))}\n`);
      return 1;
    }
    if (e instanceof PolicyLoadError) {
      io.err(`${terminalText(CLI_TEXT.policyLoad[lang](e.message))}\n`);
      return 1;
    }
    throw e;
  }
}
