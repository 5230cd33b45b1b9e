import { defineFunction } from '../catalog/declare.js';
import { req, t } from '../catalog/params.js';
import { tpl } from '../explain/trace.js';
import type { Text2 } from '../values/types.js';

// 第二篇 第四条、第五条（一）1、第八条（一）: the checklists of due diligence, each TRUE only when every
// item is satisfied; the explanation names the items that are not.

const CHECKED = tpl<{ what: Text2; missing: Text2[] }>(
  (p) => (p.missing.length ? `${p.what['zh-CN']}：未满足 ${p.missing.map((item) => item['zh-CN']).join('、')}` : `${p.what['zh-CN']}：各项均已满足`),
  (p) => (p.missing.length ? `${p.what.en}: not satisfied: ${p.missing.map((item) => item.en).join('; ')}` : `${p.what.en}: every item satisfied`),
);

/** A checklist function: its items are boolean parameters (each with its label in words); TRUE when all are TRUE. */
function checklist(spec: { id: string; name: Text2; description: Text2; source: string; items: { name: string; label: Text2; description: Text2 }[]; examples: { args: boolean[]; result: boolean }[] }) {
  return defineFunction({
    id: spec.id,
    section: 'guarantee',
    name: spec.name,
    description: spec.description,
    source: spec.source,
    params: spec.items.map((item) => req('boolean', item.name, item.label['zh-CN'], item.description)),
    result: 'boolean',
    rule: (values, { trace }) => {
      const missing = spec.items.filter((_, index) => !values[index]).map((item) => item.label);
      if (trace.on) trace.step(CHECKED, { what: spec.name, missing });
      return missing.length === 0;
    },
    examples: spec.examples,
  });
}

export const CHECKLISTS = [
  checklist({
    id: 'REPORTCOMPLETE',
    name: t('调查报告完整', 'report complete'),
    description: t(
      '《客户调查评价报告书》是否涵盖尽职调查的四个方面：资信、融资用途的合理性、还款来源的可靠性、反担保措施的可控性',
      'whether the due-diligence report covers the four aspects: creditworthiness, the purpose of the financing, the source of repayment, and the counter-guarantee',
    ),
    source: '第二篇 第四条 尽职调查的内容包括担保申请人资信、融资用途的合理性、还款来源的可靠性，以及反担保措施的可控性等四个方面。',
    items: [
      { name: 'creditworthiness', label: t('资信', 'creditworthiness'), description: t('报告是否评价了申请人资信（第五条）', 'the report assesses creditworthiness (art. 5)') },
      { name: 'purpose', label: t('融资用途', 'the purpose of the financing'), description: t('是否评价了融资用途的合理性（第六条）', 'it assesses the purpose of the financing (art. 6)') },
      { name: 'repayment', label: t('还款来源', 'the source of repayment'), description: t('是否评价了还款来源的可靠性（第七条）', 'it assesses the source of repayment (art. 7)') },
      { name: 'counterGuarantee', label: t('反担保措施', 'the counter-guarantee'), description: t('是否评价了反担保措施的可控性（第八条）', 'it assesses the counter-guarantee (art. 8)') },
    ],
    examples: [
      { args: [true, true, true, true], result: true },
      { args: [true, true, false, true], result: false },
    ],
  }),
  checklist({
    id: 'DOCCHECK',
    name: t('主体资格审查', 'legal-entity documents'),
    description: t(
      '公司申请人的法律主体资格：营业执照有效（LICENCEVALID）、有组织机构代码证、有国税与地税税务登记证、按期缴纳了税款（三证合一后代码证与税务登记证以统一社会信用代码营业执照为准）',
      'a company applicant’s standing: a valid business licence (LICENCEVALID), an organisation code certificate, national and local tax registrations, taxes paid on time (since the three certificates merged, the unified-code licence stands for the code and tax certificates)',
    ),
    source: '第二篇 第五条（一）1（1）审查营业执照原件……（2）审查客户法人代码证书原件……（3）审查税务登记证原件：看其是否申领了国税与地税《税务登记证》并是否按期缴纳了各种税款。',
    items: [
      { name: 'licenceValid', label: t('营业执照有效', 'a valid business licence'), description: t('营业执照有效（LICENCEVALID 的结果）', 'the business licence is valid (from LICENCEVALID)') },
      { name: 'orgCodeCertificate', label: t('组织机构代码证', 'an organisation code certificate'), description: t('已申领并正式使用组织机构代码证', 'holds and uses an organisation code certificate') },
      { name: 'taxRegistered', label: t('税务登记', 'national and local tax registration'), description: t('已申领国税与地税税务登记证', 'registered with the national and local tax bureaus') },
      { name: 'taxesPaid', label: t('按期纳税', 'taxes paid on time'), description: t('按期缴纳了各种税款', 'has paid every tax on time') },
    ],
    examples: [
      { args: [true, true, true, true], result: true },
      { args: [true, true, true, false], result: false },
    ],
  }),
  checklist({
    id: 'COLLATERALCHECK',
    name: t('抵押物调查', 'collateral check'),
    description: t(
      '抵（质）押物是否调查清楚：所有权权属明确且可以用来抵（质）押、存放位置及现状已了解、市场价格及变现能力已了解',
      'whether the collateral has been checked: ownership clear and it may be pledged, its location and state known, its market price and liquidity known',
    ),
    source: '第二篇 第八条（一）1、调查抵（质）押物的所有权权属，要明确抵（质）押物可以用来抵（质）押；2、了解抵（质）押物的存放位置及现状；3、了解抵（质）押物的市场价格及变现能力。',
    items: [
      { name: 'ownershipClear', label: t('权属清楚可抵押', 'clear ownership, free to pledge'), description: t('所有权权属明确，可以用来抵（质）押', 'ownership is clear and it may be pledged') },
      { name: 'locationKnown', label: t('位置与现状', 'its location and state'), description: t('已了解存放位置及现状', 'its location and state are known') },
      { name: 'marketKnown', label: t('市价与变现能力', 'its market price and liquidity'), description: t('已了解市场价格及变现能力', 'its market price and liquidity are known') },
    ],
    examples: [
      { args: [true, true, true], result: true },
      { args: [false, true, true], result: false },
    ],
  }),
];
