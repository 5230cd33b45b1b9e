import type { LabelSet } from '../policy/labels.js';
import type { PolicyDoc } from '../policy/schema.js';
import type { Scalar, Text2 } from '../values/types.js';
import type { Domain, ParamType } from './declare.js';

/** Text in both languages, zh-CN first. */
export function t(zh: string, en: string): Text2 {
  return { 'zh-CN': zh, en };
}

interface More {
  domain?: Domain;
  labels?: (p: PolicyDoc) => LabelSet;
}

/** A required parameter. */
export function req<const T extends ParamType>(type: T, name: string, zh: string, description: Text2, more: More = {}) {
  return { type, name, zh, description, ...more };
}

/** An optional parameter with its default (a constant, or read from the policy). */
export function opt<const T extends ParamType>(
  type: T,
  name: string,
  zh: string,
  description: Text2,
  dflt: Scalar | ((p: PolicyDoc) => Scalar),
  more: More = {},
) {
  return { type, name, zh, description, optional: true as const, default: dflt, ...more };
}

export const NON_NEGATIVE: Domain = { min: 0 };
export const DIVISOR: Domain = { divisor: true };
export const PROBABILITY: Domain = { min: 0, max: 1 };
export const SCORE: Domain = { min: 0, max: 100 };
