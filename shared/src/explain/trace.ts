import type { Lang } from '../values/types.js';
import type { Fmt } from './format.js';
import { fmt } from './format.js';

/** One explanation line in both languages, filled from the values the rule computed. */
export type StepTemplate<P> = Readonly<Record<Lang, (p: P, f: Fmt) => string>>;

/**
 * Where a rule records its steps as it computes. Recording costs nothing when nobody asks: the
 * default trace drops every step, and text is only rendered when an explanation is read.
 */
export interface Trace {
  readonly on: boolean;
  step<P>(tpl: StepTemplate<P>, p: NoInfer<P>): void;
}

export const NO_TRACE: Trace = {
  on: false,
  step() {},
};

export class Recorder implements Trace {
  readonly on = true;
  private readonly steps: { tpl: StepTemplate<never>; p: unknown }[] = [];

  step<P>(tpl: StepTemplate<P>, p: NoInfer<P>): void {
    this.steps.push({ tpl: tpl as StepTemplate<never>, p });
  }

  /** The steps as text, values shown by `f` (English steps gloss the policy's Chinese labels: see englishFormat). */
  render(lang: Lang, f: Fmt = fmt): string[] {
    return this.steps.map(({ tpl, p }) => (tpl[lang] as (p: unknown, f: Fmt) => string)(p, f));
  }
}

/** A step template; the parameter type is written once, for both languages. */
export function tpl<P>(zh: (p: P, f: Fmt) => string, en: (p: P, f: Fmt) => string): StepTemplate<P> {
  return { 'zh-CN': zh, en };
}
