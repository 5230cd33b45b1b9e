import type { FixtureCell } from './xlsx.js';

/**
 * The formulas of the differential run over the families of issue 18 (database functions, complex
 * numbers, number systems, CONVERT, the BIT and error functions, character codes): each family's
 * functions over a grid of arguments, generated, so that LibreOffice computes the same calls as
 * this engine. Sheet D holds the data the database functions read.
 */

const text = (s: string) => `"${s}"`;

/** Every pair of two lists, as arguments. */
const pairs = <A, B>(as: readonly A[], bs: readonly B[]): [A, B][] => as.flatMap((a) => bs.map((b): [A, B] => [a, b]));

const DECIMALS = ['-513', '-512', '-100', '-1', '0', '1', '9.9', '100', '511', '512', '536870911', '549755813887', '-549755813888', '"12"'];
const BASED: Record<string, string[]> = {
  BIN: ['1100100', '1111111111', '1000000000', '111111111', '12', '"101"', '0', '"0000000001"'],
  OCT: ['54', '7777777533', '7777777000', '777', '1000', '3777777777', '4000000000', '8'],
  HEX: ['"A5"', '"a5"', '"FFFFFFFF5B"', '"3DA408B9"', '"1FF"', '"200"', '"FFFFFFFE00"', '"7FFFFFFFFF"', '"G"'],
};
const PLACES = ['', '1', '4', '10', '11', '0'];

function numberSystems(): string[] {
  const out: string[] = [];
  for (const [x, p] of pairs(DECIMALS, PLACES)) for (const to of ['BIN', 'OCT', 'HEX']) out.push(`DEC2${to}(${x}${p ? `,${p}` : ''})`);
  for (const [from, xs] of Object.entries(BASED)) {
    for (const [x, p] of pairs(xs, PLACES)) for (const to of ['BIN', 'OCT', 'DEC', 'HEX']) if (to !== from && (to !== 'DEC' || !p)) out.push(`${from}2${to}(${x}${p ? `,${p}` : ''})`);
  }
  for (const [n, r] of pairs(['0', '7', '100', '255', '2^52', '2^53', '-1', '10.9'], ['2', '8', '16', '36', '37', '1'])) out.push(`_xlfn.BASE(${n},${r})`, `_xlfn.BASE(${n},${r},12)`);
  for (const [t, r] of pairs(['"FF"', '"ff"', '111', '"zap"', '"Z"', '"12.5"'], ['2', '16', '36'])) out.push(`_xlfn.DECIMAL(${t},${r})`);
  for (const [n, form] of pairs(['0', '1', '4', '9', '14', '40', '49', '90', '99', '400', '450', '499', '999', '1999', '3999', '4000', '-1', '2.9'], ['', ',0', ',1', ',2', ',3', ',4', ',TRUE', ',FALSE'])) out.push(`ROMAN(${n}${form})`);
  for (const t of ['LVII', 'mcmxii', 'MMMM', 'IIII', 'IC', 'XIXI', 'ixix', 'CMM', '-MMXI', ' XIV ', 'ABC', '', 'LDVLIV', 'ID']) out.push(`_xlfn.ARABIC(${text(t)})`);
  return out;
}

const COMPLEX_NUMBERS = ['"3+4i"', '"-1.5-2j"', '"i"', '"-j"', '"0"', '"2"', '"1E-3+10i"', '"4i"', '-3', '"0.5-0.25i"'];
const UNARY = 'IMABS IMAGINARY IMREAL IMARGUMENT IMCONJUGATE IMSQRT IMEXP IMLN IMLOG10 IMLOG2 IMSIN IMCOS _xlfn.IMTAN _xlfn.IMSEC _xlfn.IMCSC _xlfn.IMCOT _xlfn.IMSINH _xlfn.IMCOSH _xlfn.IMSECH _xlfn.IMCSCH'.split(' ');

function complexNumbers(): string[] {
  const out: string[] = [];
  for (const [fn, z] of pairs(UNARY, COMPLEX_NUMBERS)) out.push(`${fn}(${z})`);
  for (const [a, b] of pairs(COMPLEX_NUMBERS.slice(0, 6), COMPLEX_NUMBERS.slice(0, 6))) out.push(`IMSUM(${a},${b})`, `IMSUB(${a},${b})`, `IMPRODUCT(${a},${b})`, `IMDIV(${a},${b})`);
  for (const [z, n] of pairs(COMPLEX_NUMBERS, ['2', '0.5', '-1', '3', '0'])) out.push(`IMPOWER(${z},${n})`);
  for (const [[re, im], s] of pairs(pairs(['0', '1', '-2.5', '1E-20'], ['0', '1', '-1', '3']), ['', ',"i"', ',"j"', ',"k"'])) out.push(`COMPLEX(${re},${im}${s})`);
  return out;
}

/** CONVERT's units, by kind, as Microsoft's CONVERT page lists them. */
const UNITS: Record<string, string[]> = {
  mass: ['g', 'sg', 'lbm', 'u', 'ozm', 'grain', 'cwt', 'shweight', 'uk_cwt', 'lcwt', 'stone', 'ton', 'uk_ton', 'LTON', 'brton', 'kg', 'mg'],
  distance: ['m', 'mi', 'Nmi', 'in', 'ft', 'yd', 'ang', 'ell', 'ly', 'parsec', 'pc', 'Picapt', 'Pica', 'pica', 'survey_mi', 'km', 'cm', 'mm'],
  time: ['yr', 'day', 'd', 'hr', 'mn', 'min', 'sec', 's', 'ms'],
  pressure: ['Pa', 'p', 'atm', 'at', 'mmHg', 'psi', 'Torr', 'kPa'],
  force: ['N', 'dyn', 'dy', 'lbf', 'pond', 'kN'],
  energy: ['J', 'e', 'c', 'cal', 'eV', 'ev', 'HPh', 'hh', 'Wh', 'wh', 'flb', 'BTU', 'btu', 'kJ', 'kWh'],
  power: ['HP', 'h', 'PS', 'W', 'w', 'kW'],
  magnetism: ['T', 'ga'],
  temperature: ['C', 'cel', 'F', 'fah', 'K', 'kel', 'Rank', 'Reau'],
  volume: ['tsp', 'tspm', 'tbs', 'oz', 'cup', 'pt', 'us_pt', 'uk_pt', 'qt', 'uk_qt', 'gal', 'uk_gal', 'l', 'L', 'lt', 'ang3', 'barrel', 'bushel', 'ft3', 'in3', 'ly3', 'm3', 'mi3', 'yd3', 'Nmi3', 'Picapt3', 'GRT', 'regton', 'MTON', 'ml'],
  area: ['uk_acre', 'us_acre', 'ang2', 'ar', 'ft2', 'ha', 'in2', 'ly2', 'm2', 'Morgen', 'mi2', 'Nmi2', 'Picapt2', 'yd2', 'km2'],
  information: ['bit', 'byte', 'kbyte', 'kibyte', 'Mbit'],
  speed: ['admkn', 'kn', 'm/h', 'm/hr', 'm/s', 'm/sec', 'mph'],
};

function conversions(): string[] {
  const out: string[] = [];
  for (const units of Object.values(UNITS)) for (const u of units) out.push(`CONVERT(2.5,${text(u)},${text(units[0]!)})`, `CONVERT(2.5,${text(units[0]!)},${text(u)})`);
  out.push('CONVERT(1,"m","g")', 'CONVERT(1,"xyz","m")', 'CONVERT(1,"M","m")', 'CONVERT(-40,"C","F")', 'CONVERT(0,"K","C")', 'CONVERT(1,"Mmi","m")');
  return out;
}

function bitsAndErrorFunctions(): string[] {
  const out: string[] = [];
  for (const [a, b] of pairs(['0', '1', '13', '2^40+1', '2^48-1', '2^48', '-1', '1.5'], ['0', '5', '25', '2^40+3'])) out.push(`_xlfn.BITAND(${a},${b})`, `_xlfn.BITOR(${a},${b})`, `_xlfn.BITXOR(${a},${b})`);
  for (const [n, s] of pairs(['1', '12', '13', '2^47', '2^48-1', '12.5'], ['0', '2', '-2', '34.67', '53', '54', '-54'])) out.push(`_xlfn.BITLSHIFT(${n},${s})`, `_xlfn.BITRSHIFT(${n},${s})`);
  for (const x of ['0', '0.745', '1', '-1.2', '3', '6', '27', '-30']) out.push(`ERF(${x})`, `ERFC(${x})`, `_xlfn.ERF.PRECISE(${x})`, `_xlfn.ERFC.PRECISE(${x})`, `ERF(${x},2)`);
  for (const [a, b] of pairs(['5', '0.5', '-4', '"2"'], ['', ',4', ',5', ',0', ',-5'])) out.push(`DELTA(${a}${b})`, `GESTEP(${a}${b})`);
  return out;
}

function characters(): string[] {
  const out: string[] = [];
  for (let n = 1; n <= 256; n += n < 120 ? 13 : 1) out.push(`CHAR(${n})`, `CODE(CHAR(${n}))`);
  for (const n of ['0', '65', '255', '256', '960', '8364', '55296', '128512', '1114111', '1114112']) out.push(`_xlfn.UNICHAR(${n})`);
  for (const t of ['A', 'é', '€', 'π', '中']) out.push(`_xlfn.UNICODE(${text(t)})`, `CODE(${text(t)})`);
  return out;
}

/** The orchard table of Microsoft's database pages in D!A5:E11, and criteria ranges beside it. */
export const FAMILY_DATA: FixtureCell[] = [
  ...['Tree', 'Height', 'Age', 'Yield', 'Profit'].map((value, i) => ({ ref: `${'ABCDE'[i]}5`, value })),
  ...(
    [
      ['Apple', 18, 20, 14, 105],
      ['Pear', 12, 12, 10, 96],
      ['Cherry', 13, 14, 9, 105],
      ['Apple', 14, 15, 10, 75],
      ['Pear', 9, 8, 8, 76.8],
      ['Apple', 8, 9, 6, 45],
    ] as const
  ).flatMap((row, r) => row.map((value, c) => ({ ref: `${'ABCDE'[c]}${6 + r}`, value }))),
  // One criteria range a column: its label in row 1, its criterion in row 2.
  ...[
    ['Tree', 'Apple'],
    ['Tree', '=Apple'],
    ['Tree', 'Pea'],
    ['Tree', '<>Apple'],
    ['Tree', '?h*'],
    ['Tree', '>c'],
    ['Height', '>10'],
    ['Height', '<=12'],
    ['Profit', '>=100'],
    ['Yield', '10'],
    ['tree', 'p*'],
  ].flatMap(([label, criterion], i) => [
    { ref: `${'GHIJKLMNOPQ'[i]}1`, value: label! },
    { ref: `${'GHIJKLMNOPQ'[i]}2`, value: criterion! },
  ]),
];

function databaseFunctions(): string[] {
  const out: string[] = [];
  const fns = ['DSUM', 'DCOUNT', 'DCOUNTA', 'DAVERAGE', 'DGET', 'DMAX', 'DMIN', 'DPRODUCT', 'DSTDEV', 'DSTDEVP', 'DVAR', 'DVARP'];
  for (const [fn, col] of pairs(fns, [...'GHIJKLMNOPQ'])) out.push(`${fn}(D!$A$5:$E$11,"Profit",D!${col}1:${col}2)`);
  for (const [fn, field] of pairs(fns, ['1', '"yield"', '5', '6', '0'])) out.push(`${fn}(D!$A$5:$E$11,${field},D!G1:H2)`);
  return out;
}

export const FAMILY_FORMULAS: string[] = [...numberSystems(), ...complexNumbers(), ...conversions(), ...bitsAndErrorFunctions(), ...characters(), ...databaseFunctions()];
