import type { FunctionDecl, Lang, ParamDecl } from '../shared/src/index.js';
import { CATALOG } from '../shared/src/index.js';
import { RANGE_TYPES } from '../shared/src/catalog/declare.js';

/**
 * Excel's custom-function metadata (functions.json and functions.zh-CN.json), generated from the
 * catalog. Not from JSDoc: Microsoft's generator cannot localise. Only names and descriptions
 * change between the languages; ids never do.
 */

export const NAMESPACE = 'POLICY';

type JsonType = 'number' | 'string' | 'boolean' | 'any';

export interface MetaParam {
  name: string;
  description: string;
  type: JsonType;
  dimensionality: 'scalar' | 'matrix';
  optional?: boolean;
  repeating?: boolean;
}

export interface MetaFunction {
  id: string;
  name: string;
  description: string;
  helpUrl?: string;
  result: { type: JsonType; dimensionality: 'scalar' | 'matrix' };
  parameters: MetaParam[];
  options?: { requiresAddress?: boolean };
}


function param(p: ParamDecl, lang: Lang): MetaParam {
  const m: MetaParam = {
    // Every argument reaches our adapter as Excel has it, so that one place checks and explains it.
    name: lang === 'zh-CN' ? p.zh : p.name,
    description: p.description[lang],
    type: 'any',
    dimensionality: RANGE_TYPES.has(p.type) || p.repeating ? 'matrix' : 'scalar',
  };
  if (p.optional || p.repeating) m.optional = true;
  if (p.repeating) m.repeating = true;
  return m;
}

function resultType(f: FunctionDecl): MetaFunction['result'] {
  switch (f.result) {
    case 'matrix':
      return { type: 'any', dimensionality: 'matrix' };
    case 'boolean':
      return { type: 'boolean', dimensionality: 'scalar' };
    case 'label':
    case 'text':
      return { type: 'string', dimensionality: 'scalar' };
    case 'any':
      return { type: 'any', dimensionality: 'scalar' };
    default:
      return { type: 'number', dimensionality: 'scalar' };
  }
}

/** `helpBase`: the function reference page; each function's helpUrl opens its entry (`…#commission`). */
export function functionsMetadata(lang: Lang, helpBase?: string): { functions: MetaFunction[] } {
  return {
    functions: CATALOG.map((f) => ({
      id: f.id,
      name: lang === 'zh-CN' ? f.name['zh-CN'] : f.id,
      description: f.description[lang],
      ...(helpBase ? { helpUrl: `${helpBase}#${f.id.toLowerCase()}` } : {}),
      result: resultType(f),
      parameters: f.params.map((p) => param(p, lang)),
      // The invocation then carries the calling cell's address: "explain the selected cell" explains
      // it with the very arguments Excel passed (addin/functions.ts).
      options: { requiresAddress: true },
    })),
  };
}

/** Excel's rules for custom-function metadata; answers every breach found (empty when fine). */
export function checkMetadata(meta: { functions: MetaFunction[] }): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const f of meta.functions) {
    if (!/^[A-Z0-9._]+$/.test(f.id)) problems.push(`${f.id}: an id is upper-case A-Z, 0-9, . and _`);
    if (f.id.length > 128) problems.push(`${f.id}: an id has at most 128 characters`);
    if (!/^\p{L}/u.test(f.name) || [...f.name].length < 3) problems.push(`${f.id}: the name "${f.name}" must start with a letter and have at least 3 characters`);
    if (ids.has(f.id.toUpperCase())) problems.push(`${f.id}: duplicate id`);
    if (names.has(f.name.toUpperCase())) problems.push(`${f.id}: duplicate name "${f.name}" (case-insensitively)`);
    ids.add(f.id.toUpperCase());
    names.add(f.name.toUpperCase());
    const repeating = f.parameters.filter((p) => p.repeating);
    if (repeating.length > 1) problems.push(`${f.id}: more than one repeating parameter`);
    if (repeating.length === 1 && !f.parameters.at(-1)!.repeating) problems.push(`${f.id}: the repeating parameter must be last`);
    let optionalSeen = false;
    for (const p of f.parameters) {
      if (p.optional) optionalSeen = true;
      else if (optionalSeen) problems.push(`${f.id}: required parameter "${p.name}" after an optional one`);
    }
    if (!f.description) problems.push(`${f.id}: no description`);
  }
  return problems;
}
