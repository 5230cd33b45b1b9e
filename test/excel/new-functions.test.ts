import { describe, expect, it } from 'vitest';
import { f, recalc, storedError } from '../helpers/workbook-values.js';

/**
 * The functions this engine computes that HyperFormula lacks (REGEXTEST, REGEXEXTRACT,
 * REGEXREPLACE, RANDARRAY, BAHTTEXT, ENCODEURL, PROB, BINOM.DIST.RANGE) given input their pages
 * call wrong: an error value in the cell, never an exception. Microsoft's own examples of them run
 * in test/excel/microsoft-examples/.
 */

describe('the functions HyperFormula lacks, given bad input', () => {
  it('answer Excel’s error values', () => {
    const { f: got } = recalc([
      {
        name: 'S',
        cells: [
          f('A1', '_xlfn.REGEXTEST("abc","[")'),
          f('A2', '_xlfn.REGEXEXTRACT("abc","[0-9]+")'),
          f('A3', '_xlfn.REGEXEXTRACT("abc","b",3)'),
          f('A4', '_xlfn.REGEXTEST("abc","B",2)'),
          f('A5', '_xlfn.RANDARRAY(0)'),
          f('A6', '_xlfn.RANDARRAY(2,2,5,1)'),
          f('A7', '_xlfn.RANDARRAY(2,2,1.5,3,TRUE)'),
          f('A8', 'PROB({1,2},{0.5,0.6},1)'),
          f('A9', 'PROB({1,2,3},{0.5,0.5},1)'),
          f('A10', '_xlfn.BINOM.DIST.RANGE(10,0.5,6,5)'),
          f('A11', '_xlfn.BINOM.DIST.RANGE(10,1.5,6)'),
        ],
      },
    ]);
    expect(got).toMatchObject({
      '1!A1': 'e:#VALUE!',
      '1!A2': 'e:#N/A',
      '1!A3': 'e:#VALUE!',
      '1!A4': 'e:#VALUE!',
      '1!A5': storedError('#CALC!'),
      '1!A6': 'e:#VALUE!',
      '1!A7': 'e:#VALUE!',
      '1!A8': 'e:#NUM!',
      '1!A9': 'e:#N/A',
      '1!A10': 'e:#NUM!',
      '1!A11': 'e:#NUM!',
    });
  });

  it('read their optional arguments as the pages give them', () => {
    const { f: got } = recalc([
      {
        name: 'S',
        cells: [
          f('A1', '_xlfn.REGEXREPLACE("0000abcd","0","1",2)'),
          f('A2', '_xlfn.REGEXREPLACE("0000abcd","0","1",-1)'),
          f('A3', '_xlfn.REGEXTEST("ABC","b",1)'),
          f('A4', '_xlfn.REGEXEXTRACT("Luve rose","(\\w+) (\\w+)",2)', { arrayRef: 'A4:B4' }),
          { ref: 'B4', value: 0 },
          f('A5', 'BAHTTEXT(21)'),
          f('A6', 'BAHTTEXT(101)'),
          f('A7', 'BAHTTEXT(0.5)'),
          f('A8', '_xlfn.ENCODEURL("a b!")'),
        ],
      },
    ]);
    expect(got).toMatchObject({
      '1!A1': 'str:0100abcd',
      '1!A2': 'str:0001abcd',
      '1!A3': 'b:1',
      '1!A4': 'str:Luve',
      '1!B4': 'str:rose',
      '1!A5': 'str:ยี่สิบเอ็ดบาทถ้วน',
      '1!A6': 'str:หนึ่งร้อยเอ็ดบาทถ้วน',
      '1!A7': 'str:ห้าสิบสตางค์',
      '1!A8': 'str:a%20b%21',
    });
  });
});
