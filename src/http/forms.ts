import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../lib/errors';
import { refuseUnclean } from '../lib/text';
import { zodDetails } from '../lib/zod-details';
import type { Locale } from '../i18n/locales';
import type { FieldErrors } from '../ui/forms';
import type { AppEnv } from './context';
import { detailMessage, fieldLabel } from './errors';

export type FormValues = Record<string, string | string[]>;

/** The most name=value pairs one form may send (the largest questionnaire step sends a few hundred). */
export const MAX_FORM_VALUES = 2000;

/**
 * Refuses a form body with more than {@link MAX_FORM_VALUES} values before anything parses it, so a
 * megabyte of `a&a&a…` costs a count, not half a million entries. Streamed uploads bound their own parts.
 */
export function formValuesLimit(streamsItsBody: (c: Context<AppEnv>) => boolean) {
  return async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const type = c.req.header('content-type') ?? '';
    const urlencoded = type.startsWith('application/x-www-form-urlencoded');
    const multipart = type.startsWith('multipart/form-data');
    if ((urlencoded || multipart) && !streamsItsBody(c)) {
      const text = await c.req.text();
      const separator = urlencoded ? '&' : `--${/boundary="?([^";]+)"?/.exec(type)?.[1] ?? '\n'}`;
      let count = 0;
      for (let at = text.indexOf(separator); at !== -1 && count <= MAX_FORM_VALUES; at = text.indexOf(separator, at + separator.length)) count += 1;
      if (count > MAX_FORM_VALUES) throw new AppError('bad_request', [{ field: '', code: 'form_too_many_values', params: { max: MAX_FORM_VALUES } }]);
    }
    await next();
  };
}

/**
 * The submitted form as strings (repeated names become arrays; files are not accepted here), every
 * value in NFC; a field holding NUL, a lone surrogate or a control character is refused (400, naming it).
 */
export async function readForm(c: Context<AppEnv>): Promise<FormValues> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    throw new AppError('bad_request', [{ field: '', code: 'form_expected' }]);
  }
  const body = await c.req.parseBody({ all: true });
  const out: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf') continue;
    const values = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    out[k] = values.length === 1 && !Array.isArray(v) ? values[0]! : values;
  }
  return refuseUnclean(out) as FormValues;
}

export const one = (f: FormValues, k: string): string | undefined => {
  const v = f[k];
  return Array.isArray(v) ? v[0] : v;
};
export const many = (f: FormValues, k: string): string[] => {
  const v = f[k];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};
/** An optional form value: a blank input means "not given". */
export const opt = (f: FormValues, k: string): string | undefined => {
  const v = one(f, k)?.trim();
  return v ? v : undefined;
};

/** Validates with a Zod schema, turning its issues into the same field errors the API reports. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('validation_failed', zodDetails(parsed.error.issues));
  return parsed.data;
}

/** Error details as messages per field, in the reader's language. */
export function fieldErrors(locale: Locale, details: ErrorDetail[], rename: (field: string) => string = (f) => f): FieldErrors {
  const out: FieldErrors = {};
  for (const d of details) {
    const field = rename(d.field) || 'form';
    if (!out[field]) out[field] = `${fieldLabel(locale, field.split('.').pop() ?? field)}: ${detailMessage(locale, d)}`;
  }
  return out;
}

/** Errors a form shows beside its fields (everything else goes to the error page). */
export function isFormError(e: unknown): e is AppError {
  return e instanceof AppError && ['validation_failed', 'conflict', 'invalid_transition', 'unauthenticated', 'rate_limited', 'token_invalid'].includes(e.code);
}

export function formStatus(e: AppError): 401 | 409 | 422 | 429 | 400 {
  return e.code === 'unauthenticated'
    ? 401
    : e.code === 'rate_limited'
      ? 429
      : e.code === 'conflict' || e.code === 'invalid_transition'
        ? 409
        : e.code === 'token_invalid'
          ? 400
          : 422;
}
