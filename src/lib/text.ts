import { z } from 'zod';
import { AppError, type ErrorDetail } from './errors';

/**
 * Text hygiene, in one place: what every text value that comes in is made into (Unicode NFC) and what
 * it is refused for. The HTTP edge applies `cleanInput` to every form field, JSON value, query and path
 * parameter; the Zod builders `line` (one line: names, titles, e-mails, URLs, tokens) and `text`
 * (several lines: descriptions, messages, narratives) add the rules that depend on the field, so the
 * importer gets the same answers as the API and the forms.
 */

/** Why a text value is refused: a character no text may hold, or a line break in a one-line field. */
export type TextProblem = 'invalid_characters' | 'single_line';

// Checked one by one (not as one class) so that each rule is visible, and tested on its own.
const NUL = '\u0000';
/** A UTF-16 surrogate that is not half of a pair (JSON's `\ud800` escapes can carry one). */
const LONE_SURROGATE = /\p{Cs}/u;
/** Control characters other than NUL, tab, line feed and carriage return: C0, DEL and C1 (U+0085 NEL included). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** What ends a line: CR, LF, tab (no place in a one-line field either), and the Unicode line and paragraph separators. */
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;

/** The problem of a text no field may hold (NUL, lone surrogates, control characters other than tab, CR and LF), or null. */
export function inputProblem(s: string): TextProblem | null {
  if (s.includes(NUL)) return 'invalid_characters';
  if (LONE_SURROGATE.test(s)) return 'invalid_characters';
  if (CONTROL.test(s)) return 'invalid_characters';
  return null;
}

/** The problem of a value for a one-line field (any line break or tab too), or null. */
export function lineProblem(s: string): TextProblem | null {
  return inputProblem(s) ?? (LINE_BREAK.test(s) ? 'single_line' : null);
}

/** The problem of a value for a multi-line field, or null (tabs and line breaks are welcome). */
export const textProblem = inputProblem;

/** Unicode NFC: the same words typed on two systems become the same characters, so they compare, search and sort alike. */
export function nfc(s: string): string {
  return s.normalize('NFC');
}

/** A one-line value as it is kept: NFC, without surrounding white space. */
export function normaliseLine(s: string): string {
  return nfc(s).trim();
}

/** A multi-line value as it is kept: NFC, every line ending a line feed, without surrounding white space. */
export function normaliseText(s: string): string {
  return nfc(s).replace(/\r\n?/g, '\n').trim();
}

/** A field name safe to show and log: the characters that were refused are replaced. */
function printable(field: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return field.replace(/[\u0000-\u001f\u007f-\u009f]|\p{Cs}/gu, '\ufffd');
}

/**
 * Every string inside an incoming value (form, JSON body, query), keys included, in NFC; the
 * problems are returned one per field (`a.b.0`), so a refusal names the field. Returns the cleaned
 * copy; the input is not changed.
 */
export function cleanInput(value: unknown, field = ''): { value: unknown; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') {
      const problem = inputProblem(v);
      if (problem) problems.push({ field: printable(path), code: problem });
      return nfc(v);
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, path ? `${path}.${i}` : String(i)));
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const name = path ? `${path}.${k}` : k;
        const keyProblem = inputProblem(k);
        if (keyProblem) problems.push({ field: printable(name), code: keyProblem });
        out[nfc(k)] = walk(x, name);
      }
      return out;
    }
    return v;
  };
  return { value: walk(value, field), problems };
}

/** `cleanInput`'s cleaned value, or a validation_failed error naming every field that holds a refused character. */
export function refuseUnclean(value: unknown, field = ''): unknown {
  const { value: clean, problems } = cleanInput(value, field);
  if (problems.length) throw new AppError('validation_failed', problems);
  return clean;
}

/** A one-line text field of at most `max` characters: NFC, trimmed, no control characters or line breaks. */
export function line(max: number) {
  return z
    .string()
    .overwrite(normaliseLine)
    .superRefine((s, ctx) => {
      const problem = lineProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: s, continue: false });
    })
    .max(max);
}

/** A multi-line text field of at most `max` characters: NFC, CRLF and CR made LF, trimmed, no control characters but tab and line feed. */
export function text(max: number) {
  return z
    .string()
    .overwrite(normaliseText)
    .superRefine((s, ctx) => {
      const problem = textProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: s, continue: false });
    })
    .max(max);
}

/** An e-mail address: one line, at most 320 characters. */
export const email = line(320).pipe(z.email());

/** A web address (http or https): one line, at most 2,000 characters. */
export const httpUrl = line(2000).pipe(z.url({ protocol: /^https?$/ }));
