import { describe, expect, it } from 'vitest';
import { bothAgree, f, recalc } from '../helpers/workbook-values.js';

/**
 * COMPLEX and the IM functions in workbooks made here, computed with the cached values and without
 * them. The expected texts are Microsoft's, each function's page's example; the rules of the
 * suffix are the COMPLEX page's; the digits of the trigonometric ones where sin/cos lose them are
 * Excel's as it cached them (IronCalc's Excel-saved test workbook ENGINEERING/COMPLEXs.xlsx).
 */

/** Each function's page's example and its result, as the page gives them. */
const EXAMPLES: [string, string][] = [
  ['COMPLEX(3,4)', 'str:3+4i'],
  ['COMPLEX(3,4,"j")', 'str:3+4j'],
  ['COMPLEX(0,1)', 'str:i'],
  ['COMPLEX(1,0)', 'str:1'],
  ['IMABS("5+12i")', 'n:13'],
  ['IMAGINARY("3+4i")', 'n:4'],
  ['IMAGINARY("0-j")', 'n:-1'],
  ['IMAGINARY(4)', 'n:0'],
  ['IMREAL("6-9i")', 'n:6'],
  ['ROUND(IMARGUMENT("3+4i"),8)', 'n:0.92729522'],
  ['IMCONJUGATE("3+4i")', 'str:3-4i'],
  ['IMCOS("1+i")', 'str:0.833730025131149-0.988897705762865i'],
  ['_xlfn.IMCOSH("4+3i")', 'str:-27.0349456030742+3.85115333481178i'],
  ['_xlfn.IMCOT("4+3i")', 'str:0.00490118239430447-0.999266927805902i'],
  ['_xlfn.IMCSC("4+3i")', 'str:-0.0754898329158637+0.0648774713706355i'],
  ['_xlfn.IMCSCH("4+3i")', 'str:-0.036275889628626-0.0051744731840194i'],
  ['IMDIV("-238+240i","10+24i")', 'str:5+12i'],
  ['IMEXP("1+i")', 'str:1.46869393991589+2.28735528717884i'],
  ['IMLN("3+4i")', 'str:1.6094379124341+0.927295218001612i'],
  ['IMLOG10("3+4i")', 'str:0.698970004336019+0.402719196273373i'],
  ['IMLOG2("3+4i")', 'str:2.32192809488736+1.33780421245098i'],
  ['IMPOWER("2+3i",3)', 'str:-46+9.00000000000001i'],
  ['IMPRODUCT("3+4i","5-3i")', 'str:27+11i'],
  ['IMPRODUCT("1+2i",30)', 'str:30+60i'],
  ['_xlfn.IMSEC("4+3i")', 'str:-0.0652940278579471-0.0752249603027732i'],
  ['_xlfn.IMSECH("4+3i")', 'str:-0.0362534969158689-0.00516434460775318i'],
  ['IMSIN("4+3i")', 'str:-7.61923172032141-6.548120040911i'],
  ['_xlfn.IMSINH("4+3i")', 'str:-27.0168132580039+3.85373803791938i'],
  ['IMSQRT("1+i")', 'str:1.09868411346781+0.455089860562227i'],
  ['IMSUB("13+4i","5+3i")', 'str:8+i'],
  ['IMSUM("3+4i","5-3i")', 'str:8+i'],
  ['_xlfn.IMTAN("4+3i")', 'str:0.00490825806749606+1.00070953606723i'],
];

const cellsOf = (rows: [string, string][]) => rows.map(([formula], i) => f(`A${i + 1}`, formula));
const expectedOf = (rows: [string, string][]) => Object.fromEntries(rows.map(([, value], i) => [`1!A${i + 1}`, value]));

describe('complex numbers: Microsoft’s examples', () => {
  it('give each page’s result, to the digit', () => {
    const { v, f: got } = recalc([{ name: 'S', cells: cellsOf(EXAMPLES) }]);
    bothAgree(v, got, expectedOf(EXAMPLES));
  });
});

describe('complex numbers as Excel writes them', () => {
  it('keep the suffix their arguments used, refuse i and j mixed, and read only Excel’s forms', () => {
    // Microsoft's COMPLEX page: "All complex number functions accept "i" and "j" for suffix, but neither "I"
    // nor "J". Using uppercase results in the #VALUE! error value. All functions that accept two or more
    // complex numbers require that all suffixes match." A text that is no complex number is #NUM!, a
    // logical value #VALUE! (the IM functions' pages).
    const rows: [string, string][] = [
      ['IMCONJUGATE("3+4j")', 'str:3-4j'],
      ['IMSUM("3+4j","5-3j")', 'str:8+j'],
      ['IMSUM("3+4j","5-3i")', 'e:#VALUE!'],
      ['IMSUB("3+4j",2)', 'str:1+4j'],
      ['IMPRODUCT("1+j","1-j","j")', 'str:2j'],
      ['IMDIV("2j","1+j")', 'str:1+j'],
      ['IMSQRT("-4j")', 'str:1.4142135623731-1.41421356237309j'],
      ['IMCONJUGATE("-j")', 'str:j'],
      ['IMSUB("1+i","1+i")', 'str:0'],
      ['IMSUM("i","i")', 'str:2i'],
      ['IMPRODUCT("i","i")', 'str:-1'],
      ['COMPLEX(1,2,"J")', 'e:#VALUE!'],
      ['COMPLEX(1,2,"")', 'str:1+2i'],
      ['COMPLEX(1.5,-1,"j")', 'str:1.5-j'],
      ['COMPLEX(0,-1)', 'str:-i'],
      ['COMPLEX(0,0,"j")', 'str:0'],
      ['IMABS("3 + 4i")', 'e:#NUM!'],
      ['IMABS("3+4I")', 'e:#NUM!'],
      ['IMABS("3+4")', 'e:#NUM!'],
      ['IMABS(TRUE)', 'e:#VALUE!'],
      ['IMREAL("1e3-2.5e1j")', 'n:1000'],
      ['IMAGINARY("+i")', 'n:1'],
      ['IMDIV("1","0")', 'e:#NUM!'],
      ['IMLN(0)', 'e:#NUM!'],
      ['IMARGUMENT(0)', 'e:#DIV/0!'],
      ['IMSUM(1/0,"i")', 'e:#DIV/0!'],
    ];
    const { v, f: got } = recalc([{ name: 'S', cells: cellsOf(rows) }]);
    bothAgree(v, got, expectedOf(rows));
  });

  it('write each part with 15 significant digits as Excel turns a number into text, and keep the digits of tan, cot and sec', () => {
    // Excel's answers cached in IronCalc's ENGINEERING/COMPLEXs.xlsx: COMPLEX(1E-18,0) is 0.000000000000000001,
    // COMPLEX(1E-20,0) 1E-20, COMPLEX(1.2E-45,-3) 1.2E-45-3i; the real part of IMTAN("1.23+9.5121i") is
    // 6.89106871662165E-9, of IMCOT("7-12.6i") 2.25273756035673E-11, and IMCOT, IMCSC and IMCSCH of 1E-16 are 1E+16.
    const rows: [string, string][] = [
      ['COMPLEX(1E-18,0)', 'str:0.000000000000000001'],
      ['COMPLEX(1E-20,0)', 'str:1E-20'],
      ['COMPLEX(1.2E-45,-3)', 'str:1.2E-45-3i'],
      ['COMPLEX(0.00012,1.23456789)', 'str:0.00012+1.23456789i'],
      ['IMREAL(_xlfn.IMTAN("1.23+9.5121i"))', 'n:6.89106871662165e-9'],
      ['IMREAL(_xlfn.IMCOT("7-12.6i"))', 'n:2.25273756035673e-11'],
      ['IMREAL(_xlfn.IMCOT(1E-16))', 'n:10000000000000000'],
      ['IMREAL(_xlfn.IMCSC(1E-16))', 'n:10000000000000000'],
      ['IMREAL(_xlfn.IMCSCH(1E-16))', 'n:10000000000000000'],
      ['IMREAL(_xlfn.IMSEC(1E-16))', 'n:1'],
      ['IMSQRT("-4")', 'str:1.22464679914735E-16+2i'],
    ];
    const { v, f: got } = recalc([{ name: 'S', cells: cellsOf(rows) }]);
    bothAgree(v, got, expectedOf(rows));
  });

  it('take ranges in IMSUM and IMPRODUCT, an empty cell adding nothing to a sum', () => {
    const { v, f: got } = recalc([
      {
        name: 'S',
        cells: [{ ref: 'A1', value: '1+2j' }, { ref: 'A2', value: 3 }, { ref: 'A4', value: 'j' }, f('B1', 'IMSUM(A1:A4)'), f('B2', 'IMPRODUCT(A1:A2,A4)'), f('B3', 'IMSUM(A1:A4,"i")')],
      },
    ]);
    bothAgree(v, got, { '1!B1': 'str:4+3j', '1!B2': 'str:-6+3j', '1!B3': 'e:#VALUE!' });
  });

  it('keep the cached value of IMPOWER of 0 to a power of 0 or below, which the pages leave open', () => {
    // Found by the differential run: this engine answered #NUM! without a page saying so (LibreOffice: #VALUE!).
    const { given, v } = recalc([{ name: 'S', cells: [f('A1', 'IMPOWER("0",0)', { cached: '#NUM!', cachedType: 'e' }), f('A2', 'IMPOWER("0",2)')] }]);
    expect(v).toMatchObject({ '1!A1': 'e:#NUM!', '1!A2': 'str:0' });
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!A1']);
  });
});
