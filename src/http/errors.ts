import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, ErrorCode, ErrorDetail } from '../lib/errors';
import { translate, type MessageKey } from '../i18n/i18n';
import type { Locale } from '../i18n/locales';

export const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  payload_too_large: 413,
  rate_limited: 429,
  token_invalid: 400,
  internal: 500,
};

/** A detail's message in the locale, e.g. "Page: The value is too long or too large." */
export function detailMessage(locale: Locale, d: ErrorDetail): string {
  const key = `validation.${d.code}` as MessageKey;
  let text: string;
  try {
    text = translate(locale, key, { value: '', line: '', ...d.params });
  } catch {
    text = translate(locale, 'validation.invalid');
  }
  return text;
}

export function fieldLabel(locale: Locale, field: string): string {
  const root = field.split('.')[0] ?? field;
  const candidates = [`field.${root}`, `facet.${root}`] as MessageKey[];
  for (const key of candidates) {
    try {
      const label = translate(locale, key);
      if (label && label !== key) return label;
    } catch {
      /* not a known field */
    }
  }
  return translate(locale, 'field.other', { name: field });
}

/** The JSON error body: `{ error: { code, message, details } }`. */
export function errorBody(locale: Locale, error: AppError, requestId: string) {
  return {
    error: {
      code: error.code,
      message: translate(locale, `error.${error.code}` as MessageKey, { requestId }),
      details: error.details.map((d) => ({ ...d, message: `${fieldLabel(locale, d.field)}: ${detailMessage(locale, d)}` })),
      requestId,
    },
  };
}

/** An API request, a JSON Feed (`/{locale}/search.json`…) or a client that asks for JSON: its errors come as JSON. */
export function wantsJson(c: Context): boolean {
  return c.req.path.startsWith('/api/') || c.req.path.endsWith('.json') || (c.req.header('accept') ?? '').includes('application/json');
}

/** An Atom feed or a calendar: read by programs that cannot show a page, so its errors come as plain text. */
export function wantsPlainText(c: Context): boolean {
  return /\.(atom|ics)$/.test(c.req.path);
}
