import { t } from './params.js';
import type { Section } from './declare.js';
import type { PolicyDoc } from '../policy/schema.js';
import { dec } from '../values/money.js';
import type { Text2 } from '../values/types.js';

export interface SectionInfo {
  id: Section;
  title: Text2;
  source: string;
  /** Notes for the function reference: not computations, but what a user must know (the law). */
  notes: (p: PolicyDoc) => Text2[];
}

export const SECTIONS: readonly SectionInfo[] = [
  {
    id: 'marketing',
    title: t('营销部工资与纪律（第一篇）', 'Marketing department pay and discipline (第一篇)'),
    source: '第一篇 客户经理管理制度 一至六',
    notes: (policy) => {
      const marketing = policy.marketing;
      const daily = dec(marketing.baseSalary).dividedBy(marketing.paidDaysPerMonth).toFixed(2);
      const cap = dec(marketing.deductionCapRatio.value).times(100).toString();
      return [
        t(
          `合规提示（不是计算）：原文规定罚款从工资中扣除、开除“只发押金，不发工资提成”、离职需提前1个月通知，这些与劳动法律冲突：已提供劳动的工资必须支付；试用期内劳动者提前3日通知即可解除劳动合同（《劳动合同法》第37条）；用人单位不得收取押金（第9条）。事假每天扣 ${marketing.personalLeavePerDay} 元，超过只领底薪者的日工资（${marketing.baseSalary} ÷ ${marketing.paidDaysPerMonth} = ${daily} 元；日工资按当月工资收入计，含提成与奖金），超出部分实为罚款，而2008年以来罚款已无法律依据。本组函数按制度原文计算；PAYROLLCHECK、工资明细的“合规提示”行与各函数的计算说明指出法律不允许的结果及所依据的法律。`,
          `Compliance note (not a computation): the source's rules that fines are deducted from wages, that dismissal pays only the deposit (不发工资提成), and a one-month notice during probation, conflict with PRC labour law: wages earned must be paid; 3 days' notice suffices in probation (Labour Contract Law art. 37); a deposit (押金) may not be taken at all (art. 9). A 事假 deduction of ${marketing.personalLeavePerDay} a day is more than the day's pay of a manager on the base alone (${marketing.baseSalary} / ${marketing.paidDaysPerMonth} = ${daily}; a day's pay is the month's wage income, commission and bonus included), so the excess is in effect a fine, and fines have had no legal basis since 2008. These functions compute the policy as written; PAYROLLCHECK, the payslip's 合规提示 row and each explanation say where the law would not let a result stand, and which law.`,
        ),
        t(
          `《工资支付暂行规定》第16条：每月扣款不得超过当月工资的 ${cap}%，扣除后不得低于当地最低工资（本制度版本：${marketing.minimumWage} 元/月）；第7条：发薪日遇节假日或休息日，提前到最近的工作日。《劳动合同法》第37条：提前 ${marketing.statutoryNoticeDays} 日（试用期 ${marketing.probationNoticeDays} 日）书面通知即可离职，制度的通知期只在更短时适用。`,
          `Interim Provisions on Wage Payment art. 16: deductions may not exceed ${cap}% of the month's wage, nor leave less than the local minimum wage (this policy version: ${marketing.minimumWage} yuan a month); art. 7: a pay day on a holiday or rest day moves to the nearest working day before it. Labour Contract Law art. 37: ${marketing.statutoryNoticeDays} days' written notice (${marketing.probationNoticeDays} in probation) ends the contract; the policy's notice applies only when shorter.`,
        ),
      ];
    },
  },
  {
    id: 'guarantee',
    title: t('担保公司尽职调查（第二篇）', 'Guarantee company due diligence (第二篇)'),
    source: '第二篇 担保公司客户经理调查管理制度 第一条至第十三条',
    notes: () => [
      t(
        '抵押率、风险度系数、费率分档、反担保分档、评分卡与评级分档、帐龄分档与坏帐计提比例、“金额过大”的重要性标准均为示例值（†），源制度未规定，机构应在自己的制度文件中替换。',
        'Pledge ratios, risk-degree coefficients, fee bands, counter-guarantee bands, the scorecard and the rating bands, ageing buckets and provision rates, and the materiality share for 金额过大 are illustrative (†): the source does not set them; an organisation replaces them in its own policy file.',
      ),
    ],
  },
  {
    id: 'tobacco',
    title: t('烟草零售客户细分（第五篇）', 'Tobacco retail customer tiering (第五篇)'),
    source: '第五篇 客户经理心得体会 一 客户细分、三 指标、五 权限',
    notes: () => [
      t(
        '评分上下限与权重、档位分界、紧俏货源定量、客户经理支配比例、走访次数、考核目标与权重均为示例值（†）。加盟店押金属商业合同的违约金，过高的可被法院调减（《民法典》第585条）。',
        "Scaling floors, caps and weights, grade bands, supply quotas, the manager's reserve share, visit counts and KPI targets and weights are illustrative (†). A franchise deposit forfeited is contractual liquidated damages, which a court may reduce when excessive (Civil Code art. 585).",
      ),
    ],
  },
  {
    id: 'bank',
    title: t('银行客户风险与价值（第三篇）', 'Bank customer risk and value (第三篇)'),
    source: '第三篇 客户经理培训 一（客户逾期行为预警；将利润和风险统一起来衡量客户价值）、二（信贷风险评估）',
    notes: () => [
      t(
        '五级分类依据《商业银行金融资产风险分类办法》（2023）：逾期即至少为关注，逾期超过90天至少为次级，超过270天至少为可疑，超过360天为损失；函数给出逾期天数所允许的最轻分类，银行仍须按其他因素判断。逾期预警分档为示例值（†）。',
        "Loan classes follow the 2023 risk classification measures: overdue is at least 关注, over 90 days at least 次级, over 270 at least 可疑, over 360 损失; the function gives the least severe class the days allow, and a bank still weighs the other factors. The overdue alert bands are illustrative (†).",
      ),
    ],
  },
  {
    id: 'policy',
    title: t('制度与说明', 'Policy and explanation'),
    source: '',
    notes: () => [],
  },
];
