import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../lib/errors';
import { nfc } from '../lib/text';

/** Validation problems of a Zod parse as error details, one per field (unknown keys each their own). */
export function issuesToDetails(issues: z.core.$ZodIssue[]): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: key, code: 'unrecognized_keys' });
      continue;
    }
    const field = issue.path.map(String).join('.');
    const params: Record<string, string | number> = {};
    if (issue.code === 'too_big' || issue.code === 'too_small') {
      const limit = (issue as { maximum?: unknown; minimum?: unknown }).maximum ?? (issue as { minimum?: unknown }).minimum;
      if (typeof limit === 'number' || typeof limit === 'bigint') params.limit = Number(limit);
    }
    // A custom rule may carry its message's parameters (e.g. a password's minimum length).
    if (issue.code === 'custom' && issue.params) {
      for (const [k, v] of Object.entries(issue.params)) if (typeof v === 'number' || typeof v === 'string') params[k] = v;
    }
    out.push({ field, code: issue.code === 'custom' ? issue.message : issue.code, ...(Object.keys(params).length ? { params } : {}) });
  }
  return out;
}

/**
 * Reads URL query parameters for a schema: keys in `listKeys` collect every value; any other key
 * given twice is an error (an ambiguous request is refused, not guessed).
 */
export function parseSearchParams<S extends z.ZodType>(
  params: URLSearchParams,
  schema: S,
  listKeys: readonly string[],
  ignore: readonly string[] = [],
): z.output<S> {
  const raw: Record<string, string | string[]> = {};
  const details: ErrorDetail[] = [];
  for (const key of new Set(params.keys())) {
    if (ignore.includes(key)) continue;
    // Control characters and line breaks were refused at the edge (`urlHygiene`); what is left is made NFC.
    const values = params.getAll(key).map(nfc);
    if (listKeys.includes(key)) raw[key] = values.filter((v) => v !== '');
    else if (values.length > 1) details.push({ field: key, code: 'repeated' });
    else raw[key] = values[0] ?? '';
  }
  // An empty single value (e.g. an untouched form field) means "not given".
  for (const [k, v] of Object.entries(raw)) if (v === '' && k !== 'q') delete raw[k];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) details.push(...issuesToDetails(parsed.error.issues));
  if (details.length || !parsed.success) throw new AppError('validation_failed', details);
  return parsed.data;
}

/** One query parameter in NFC (`urlHygiene` has refused control characters and line breaks already). */
export function queryParam(c: Context, name: string): string | undefined {
  const value = c.req.query(name);
  return value === undefined ? undefined : nfc(value);
}
