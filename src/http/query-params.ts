import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../lib/errors';
import { nfc } from '../lib/text';
import { zodDetails } from '../lib/zod-details';

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
  if (!parsed.success) details.push(...zodDetails(parsed.error.issues));
  if (details.length || !parsed.success) throw new AppError('validation_failed', details);
  return parsed.data;
}

/** One query parameter in NFC (`urlHygiene` has refused control characters and line breaks already). */
export function queryParam(c: Context, name: string): string | undefined {
  const value = c.req.query(name);
  return value === undefined ? undefined : nfc(value);
}
