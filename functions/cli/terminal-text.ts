/**
 * Text the command line prints that it did not write itself: file and folder names, sheet names and
 * formulas inside a workbook's problem, a `--remote` server's detail, a policy file's keys and
 * values. A terminal obeys control characters wherever they come from: ESC starts a sequence that
 * can rewrite the screen or the window title, CR and LF forge a line (a file named
 * "a.xlsx\n✓ all good" reports a success that never was), C1 codes are escapes of their own on
 * some terminals, and bidirectional overrides show text in another order than it is. Each such
 * character is printed as a visible escape (`\x1b`, `\n`, `\u202e`), so what the user reads is
 * what the name holds.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** What JSON.stringify leaves as it is among those: DEL, C1, the bidirectional marks and the line separators. */
const JSON_UNESCAPED = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return NAMED[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/**
 * A text made safe to print. `lines` keeps line feeds and tabs, for a value that is several lines
 * by nature (an explanation); everything else of the list is escaped even then.
 */
export function terminalText(s: string, keep?: 'lines'): string {
  return s.replace(CONTROL, (ch) => (keep === 'lines' && (ch === '\n' || ch === '\t') ? ch : visible(ch)));
}

/** JSON text made safe to print: the same value to any JSON reader, with every character of the list as a \u escape. */
export function terminalJson(json: string): string {
  return json.replace(JSON_UNESCAPED, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value as one JSON line safe to print. */
export const jsonLine = (value: unknown): string => terminalJson(JSON.stringify(value));
