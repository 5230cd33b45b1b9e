import type { Text2 } from '../values/types.js';
import type { Trace } from './trace.js';
import { tpl } from './trace.js';

/**
 * Where the source can be read two ways and a reasonable organisation could take either, the policy
 * carries the reading as a parameter, and the explanation names the reading taken and that parameter,
 * so that a clerk who reads the sentence the other way knows what to change.
 */
const READING = tpl<{ path: string; value: string | boolean; reading: Text2 }>(
  (p) => `读法（制度参数 ${p.path} = ${String(p.value)}）：${p.reading['zh-CN']}`,
  (p) => `reading (policy parameter ${p.path} = ${String(p.value)}): ${p.reading.en}`,
);

export function sayReading(trace: Trace, path: string, value: string | boolean, reading: Text2): void {
  if (trace.on) trace.step(READING, { path, value, reading });
}
