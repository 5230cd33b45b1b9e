import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeAtomically } from './atomic-write.js';

/**
 * What a `policycell recalc` run has already written, kept in the output folder so that a second
 * run skips what is up to date and an interrupted one, run again, does only the rest. One JSON line
 * per workbook written, appended after its output was renamed into place: a run stopped at any
 * moment leaves either the whole line or a broken last line, which is ignored (that workbook is
 * simply done again). The last line of an output wins.
 *
 * A workbook is up to date when its input is the one recorded (SHA-256), its output is still the
 * one written (SHA-256: an output edited or deleted since is written again), and the run asks for
 * the same thing: the same policy (the one asked for, or the default the computing side would use), the same what-if,
 * the same evaluator and strictness, and the same version of the tool (and, remotely, of the server).
 */

export const RECORD_FILE = '.policycell-recalc.jsonl';

/** What a run asks for, beside the workbook itself: a change in any of it computes the workbook again. */
export interface RunKey {
  version: string;
  /** The policy asked for (--policy), else the default policy of the computing side. */
  policy: string;
  evaluator: string;
  strict: boolean;
  /** The what-if policy every workbook is computed under, and whether it is saved as their setting. */
  whatIf?: string;
  savePolicy?: boolean;
  /** 'local', or the server's URL and version. */
  engine: string;
}

interface Entry extends RunKey {
  /** The output, relative to the record's folder. */
  output: string;
  input: string;
  result: string;
  /** The policy the workbook was computed with (its own setting wins over the one asked for). */
  used: string;
}

export function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const sameKey = (a: RunKey, b: RunKey) => a.version === b.version && a.policy === b.policy && a.evaluator === b.evaluator && a.strict === b.strict && a.engine === b.engine && a.whatIf === b.whatIf && a.savePolicy === b.savePolicy;

export class RunRecord {
  private readonly entries = new Map<string, Entry>();
  private readonly file: string;

  /** Reads the record of `root` (the output folder; the inputs' folder with --in-place), compacting it when old lines outnumber live ones. */
  constructor(
    private readonly root: string,
    private readonly key: RunKey,
  ) {
    this.file = join(root, RECORD_FILE);
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    let lines = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      lines++;
      try {
        const e = JSON.parse(line) as Entry;
        if (typeof e.output === 'string' && typeof e.input === 'string' && typeof e.result === 'string') this.entries.set(e.output, e);
      } catch {
        // a line cut short by an interrupted run: that workbook is done again
      }
    }
    if (lines > 2 * this.entries.size + 100) writeAtomically(this.file, new TextEncoder().encode([...this.entries.values()].map((e) => `${JSON.stringify(e)}\n`).join('')));
  }

  /**
   * The policy a workbook was computed with when it is up to date, else undefined. `input` is the
   * digest of the input read now; with --in-place the input is the output, so it must be what was written.
   */
  upToDate(output: string, input: string, inPlace: boolean): string | undefined {
    const e = this.entries.get(this.name(output));
    if (!e || !sameKey(e, this.key)) return undefined;
    if (inPlace) return input === e.result ? e.used : undefined;
    if (input !== e.input) return undefined;
    try {
      return digest(readFileSync(output)) === e.result ? e.used : undefined;
    } catch {
      return undefined;
    }
  }

  /** Records a workbook whose output is in place (call after the rename). */
  written(output: string, input: string, result: string, used: string): void {
    const e: Entry = { output: this.name(output), input, result, used, ...this.key };
    this.entries.set(e.output, e);
    mkdirSync(this.root, { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(e)}\n`, { mode: 0o600 });
  }

  private name(output: string): string {
    return relative(this.root, output).split('\\').join('/');
  }
}
