import type { FunctionPluginDefinition } from 'hyperformula';
import { ArrayPlugin } from './arrays.js';
import { AverageIfsPlugin } from './criteria.js';
import { ExcelDatabasePlugin } from './database/database.js';
import { ExcelDatePlugin, ExcelWorkdayPlugin } from './date-time.js';
import { ExcelBitPlugin } from './engineering/bits.js';
import { ExcelComplexPlugin } from './engineering/complex.js';
import { ExcelConvertPlugin } from './engineering/convert.js';
import { ExcelErrorFunctionPlugin } from './engineering/error-function.js';
import { ExcelRadixPlugin } from './engineering/radix.js';
import { ExcelRomanPlugin } from './engineering/roman.js';
import { FinancePlugin } from './finance/finance.js';
import { GroupByPlugin } from './groupby.js';
import { LambdaHelperPlugin } from './lambda-helpers.js';
import { ExcelLogicalInformationPlugin } from './logical-information.js';
import { ExcelLookupReferencePlugin } from './lookup-reference.js';
import { LookupPlugin } from './lookups.js';
import { ExcelMathPlugin } from './math.js';
import { ExcelRegexPlugin } from './regex.js';
import { ExcelDescriptiveStatisticsPlugin } from './statistics/descriptive.js';
import { RegressionPlugin } from './statistics/regression.js';
import { StatisticsPlugin } from './statistics/statistics.js';
import { ExcelTextPlugin } from './text.js';

/**
 * Excel's functions as HyperFormula plugins, one class a family: the one list the engine
 * registers, in this order, each over HyperFormula's functions of the same names (which go first).
 */
export const EXCEL_PLUGINS: readonly FunctionPluginDefinition[] = [
  ExcelMathPlugin,
  ExcelTextPlugin,
  ExcelRegexPlugin,
  ExcelDatePlugin,
  ExcelWorkdayPlugin,
  ExcelLogicalInformationPlugin,
  ExcelLookupReferencePlugin,
  ExcelDescriptiveStatisticsPlugin,
  StatisticsPlugin,
  AverageIfsPlugin,
  LookupPlugin,
  GroupByPlugin,
  ArrayPlugin,
  LambdaHelperPlugin,
  FinancePlugin,
  RegressionPlugin,
  ExcelDatabasePlugin,
  ExcelComplexPlugin,
  ExcelRadixPlugin,
  ExcelBitPlugin,
  ExcelRomanPlugin,
  ExcelConvertPlugin,
  ExcelErrorFunctionPlugin,
];

/** The names a plugin answers to: its functions and its aliases of them. */
export function functionNames(plugin: FunctionPluginDefinition): string[] {
  return [...Object.keys(plugin.implementedFunctions), ...Object.keys(plugin.aliases ?? {})];
}
