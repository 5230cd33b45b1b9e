import { defineFunction } from '../catalog/declare.js';
import { opt, req, t } from '../catalog/params.js';
import { ExcelError } from '../i18n/messages.js';
import { policyRef } from '../policy/registry.js';
import { resolvePath } from '../policy/schema.js';
import type { Scalar } from '../values/types.js';

// 5. Policy and explanation: read the active policy, and show how any function reached its result.

export const META = [
  defineFunction({
    id: 'POLICYINFO',
    section: 'policy',
    name: t('制度参数', 'policy info'),
    description: t('不带参数：当前制度 id@version；带点分路径（如 marketing.commissionRate）：该参数的值', 'no argument: the active policy as id@version; with a dotted path (e.g. marketing.commissionRate): that parameter'),
    source: '目录 约定：每个数值、门槛、比率、标签和表格都是制度文件的参数。',
    params: [opt('text', 'path', '参数路径', t('参数的点分路径，如 marketing.minimumWage（可选）', 'dotted path of a parameter, e.g. marketing.minimumWage (optional)'), null)],
    result: 'any',
    rule: ([path], { policy }): Scalar | ExcelError => {
      if (path === undefined || path === '') return policyRef(policy);
      const v = resolvePath(policy, path);
      if (v === undefined) return new ExcelError('#VALUE!', 'policy.noPath', { fn: 'POLICYINFO', path });
      if (v === null || typeof v !== 'object') return v as Scalar;
      // A threshold answers with its number; its inclusiveness is in the explanation and the reference.
      if ('value' in v && 'inclusive' in v && typeof v.value === 'number') return v.value;
      return new ExcelError('#VALUE!', 'policy.pathIsTable', { fn: 'POLICYINFO', path, keys: Object.keys(v) });
    },
    examples: [
      { args: [], result: 'default@2025.09' },
      { args: ['marketing.minimumWage'], result: 2050, policy: 'default@2019.05' },
      { args: ['marketing.minimumWage'], result: 2510, policy: 'default@2025.09' },
      { args: ['marketing.commissionRate'], result: 0.03 },
      { args: ['marketing.nope'], result: { error: '#VALUE!' } },
    ],
  }),
  defineFunction({
    id: 'EXPLAIN',
    section: 'policy',
    name: t('计算说明', 'explain'),
    description: t('某函数对给定参数的计算步骤，每步一行', "the steps of a function's computation for the given arguments, one line each"),
    source: '目录 约定：每个函数都能说明其结果，数值与步骤出自同一段规则代码。',
    params: [
      req('text', 'functionId', '函数', t('函数名，如 COMMISSION 或 提成金额', 'function id, e.g. COMMISSION'), {}),
      { ...opt('any', 'args', '参数', t('该函数的参数', "the function's arguments"), null), repeating: true as const },
    ],
    result: 'text',
    rule: ([id, args], { call, find }) => {
      const fn = find(id);
      if (!fn) return new ExcelError('#VALUE!', 'fn.unknown', { fn: id });
      if (fn.id === 'EXPLAIN') return new ExcelError('#VALUE!', 'fn.explainItself');
      const inner = call(fn.id, args, true);
      const lines = [...inner.steps];
      if ('error' in inner.result) lines.push(`${inner.result.error.code} ${inner.result.error.message}`);
      return lines.join('\n');
    },
    examples: [{ args: ['COMMISSION', 52000], result: { contains: ['52,000.00', '40,000.00', '3%', '360.00'] } }],
  }),
];
