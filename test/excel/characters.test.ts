import { describe, expect, it } from 'vitest';
import { bothAgree, f, recalc } from '../helpers/workbook-values.js';

/**
 * CHAR, CODE, UNICHAR and UNICODE in workbooks made here. CHAR and CODE from 128 on read the
 * computer's code page (Microsoft's CHAR page: "The character is from the character set used by
 * your computer"): a cached answer is kept, and a cell the file gives no value takes Windows-1252's,
 * as Excel for Windows in Western languages answers, and is reported as assumed.
 */

describe('character codes', () => {
  it('answer Microsoft’s examples', () => {
    const { v, f: got } = recalc([
      {
        name: 'S',
        cells: [f('A1', 'CHAR(65)'), f('A2', 'CHAR(33)'), f('A3', 'CODE("A")'), f('A4', 'CODE("!")'), f('A5', '_xlfn.UNICHAR(66)'), f('A6', '_xlfn.UNICHAR(32)'), f('A7', '_xlfn.UNICHAR(0)'), f('A8', '_xlfn.UNICODE(" ")'), f('A9', '_xlfn.UNICODE("B")')],
      },
    ]);
    bothAgree(v, got, { '1!A1': 'str:A', '1!A2': 'str:!', '1!A3': 'n:65', '1!A4': 'n:33', '1!A5': 'str:B', '1!A6': 'str: ', '1!A7': 'e:#VALUE!', '1!A8': 'n:32', '1!A9': 'n:66' });
  });

  it('from 128 on: Windows-1252 where nothing was cached (CHAR(128) is €), the cached answer where there is one', () => {
    // Excel for Windows cached CHAR(128) as "€", CHAR(129) as U+0081 and CHAR(255) as "ÿ" (IronCalc's
    // Excel-saved TEXT/CHAR.xlsx); HyperFormula answered U+0080 for CHAR(128).
    const cells = [f('A1', 'CHAR(128)'), f('A2', 'CHAR(129)'), f('A3', 'CHAR(150)'), f('A4', 'CHAR(233)'), f('A5', 'CODE("€")'), f('A6', 'CODE("é")'), f('A7', 'CODE(CHAR(157))'), f('A8', 'CHAR(256)'), f('A9', 'CHAR(65.9)'), f('A10', 'CODE("")')];
    const { fresh, f: got } = recalc([{ name: 'S', cells }]);
    expect(got).toMatchObject({ '1!A1': 'str:€', '1!A2': 'str:\u0081', '1!A3': 'str:–', '1!A4': 'str:é', '1!A5': 'n:128', '1!A6': 'n:233', '1!A7': 'n:157', '1!A8': 'e:#VALUE!', '1!A9': 'str:A', '1!A10': 'e:#VALUE!' });
    expect(fresh.summary.assumed.map((a) => a.cell)).toEqual(['S!A1', 'S!A2', 'S!A3', 'S!A4', 'S!A5', 'S!A6', 'S!A7']);
    expect(new Set(fresh.summary.assumed.map((a) => a.reason))).toEqual(new Set(['locale']));
    // With the values a computer of another code page cached (a Central European one: CHAR(200) is Č), they stay.
    const { given, v } = recalc([{ name: 'S', cells: [f('A1', 'CHAR(200)', { cached: 'Č', cachedType: 'str' }), f('A2', 'CHAR(66)', { cached: 'x', cachedType: 'str' })] }]);
    expect(v).toMatchObject({ '1!A1': 'str:Č', '1!A2': 'str:B' });
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!A1']);
  });

  it('keep the cached value of CODE of a character Windows-1252 lacks; refuse half a surrogate pair', () => {
    // Microsoft's UNICHAR page: a partial surrogate is #N/A; UNICODE's: partial surrogates are #VALUE!.
    const { given, v, f: got } = recalc([{ name: 'S', cells: [f('A1', 'CODE("中")', { cached: '63' }), f('A2', '_xlfn.UNICHAR(55296)'), f('A3', '_xlfn.UNICODE(_xlfn.UNICHAR(128512))'), f('A4', '_xlfn.UNICHAR(1114112)')] }]);
    expect(v['1!A1']).toBe('n:63');
    expect(given.summary.kept.map((k) => k.cell)).toEqual(['S!A1']);
    expect(got).toMatchObject({ '1!A2': 'e:#N/A', '1!A3': 'n:128512', '1!A4': 'e:#VALUE!' });
  });
});
