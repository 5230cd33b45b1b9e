import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultEngine } from '../../shared/src/index.js';
import { groupThousands } from '../../shared/src/explain/format.js';
import { dayOf, weekday } from '../../shared/src/values/calendar.js';
import { civilFromSerial, daysInMonth, parseIsoDate } from '../../shared/src/values/dates.js';

// The quick readings of dates against the general ones they stand in for: the common ISO forms read
// without a regular expression, weekdays by arithmetic, month lengths from a table.

describe('quick readings of dates', () => {
  const digit = fc.integer({ min: 0, max: 9 }).map(String);
  const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
  const sep = fc.constantFrom('-', '/', ':', 'x');
  const isoLike = fc
    .tuple(fc.oneof(fc.constantFrom('2019', '2024', '1900', '2100', '9999', '1899'), digits(4)), sep, digits(2), sep, digits(2), fc.constantFrom('', 'T', ' ', 't', 'Z'), digits(2), sep, digits(2), fc.constantFrom('', ':'), digits(2))
    .map(([y, s1, m, s2, d, t, hh, s3, mi, s4, ss]) => (t === '' ? `${y}${s1}${m}${s2}${d}` : `${y}${s1}${m}${s2}${d}${t}${hh}${s3}${mi}${s4}${s4 ? ss : ''}`));

  it('reads "2019-05-20", "2019-05-20 19:50" and "2019-05-20T19:50:00" as the full reading does', () => {
    // A leading space sends the same text through the full reading (normalised and trimmed).
    fc.assert(
      fc.property(fc.oneof(isoLike, fc.constantFrom('2019-02-29', '2024-02-29', '1900-02-29', '2019-13-01', '2019-05-20T24:00', '2019-05-20 23:59:60', '2019-05-20T00:00:00')), (text) => {
        expect(parseIsoDate(text)).toBe(parseIsoDate(` ${text}`));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads a clock time "20:45" or "20:45:30" as the full reading does', () => {
    const engine = defaultEngine();
    const outcome = (text: string) => {
      const r = engine.call('LATEMINUTES', [text]);
      return 'value' in r ? r.value : r.error.code;
    };
    fc.assert(
      fc.property(digits(2), fc.constantFrom(':', '-'), digits(2), fc.constantFrom('', ':00', ':59', ':60', '-10'), (h, sep, mi, tail) => {
        const text = `${h}${sep}${mi}${tail}`;
        expect(outcome(text)).toBe(outcome(` ${text}`));
      }),
      { numRuns: 5000 },
    );
  });

  it('gives each serial the weekday of its date on the real calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: -800, max: 2_958_465 }), (serial) => {
        const { y, m, d } = civilFromSerial(serial);
        expect(weekday(serial)).toBe(new Date(Date.UTC(y, m - 1, d)).getUTCDay());
      }),
      { numRuns: 20_000 },
    );
    for (let serial = -10; serial < 100; serial++) {
      const { y, m, d } = civilFromSerial(serial);
      expect(weekday(serial), String(serial)).toBe(new Date(Date.UTC(y, m - 1, d)).getUTCDay());
    }
    expect(dayOf(43631)).toMatchObject({ kind: 'weekend' }); // 2019-06-15, a Saturday
  });

  it('knows the length of every month', () => {
    for (let y = 1890; y <= 2500; y++) {
      for (let m = 1; m <= 12; m++) {
        const next = new Date(Date.UTC(y, m, 1));
        const last = new Date(next.getTime() - 86_400_000).getUTCDate();
        expect(daysInMonth(y, m), `${y}-${m}`).toBe(y === 1900 && m === 2 ? 29 : last);
      }
    }
  });
});

describe('quick formatting of explanations', () => {
  it('groups digits in threes as the regular expression does', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{0,25}$/), (digits) => {
        expect(groupThousands(digits)).toBe(digits.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
      }),
      { numRuns: 5000 },
    );
  });
});
