import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './context';
import { AppError } from '../lib/errors';
import { nfc } from '../lib/text';
import { zodDetails } from '../lib/zod-details';

/**
 * Campaign and click tracking a link may carry (`?utm_source=newsletter`, `fbclid`, …): not ours to read, and
 * never a reason to refuse a link that someone shared. Dropped before a query is judged.
 */
export function isTrackingParam(key: string): boolean {
  return /^utm_[a-z_]{1,40}$/i.test(key) || ['fbclid', 'gclid', 'dclid', 'msclkid', 'mc_cid', 'mc_eid', '_ga', '_gl', 'igshid', 'yclid'].includes(key);
}

/** A query string as Hono hands it to a validator: one string per key, or every value of a repeated key. */
type RawQuery = Record<string, string | string[]>;

/**
 * A URL query declared once, as a Zod object: keys in `listKeys` collect every value (blank ones
 * dropped); any other key given twice is refused as `repeated` (an ambiguous request is refused, not
 * guessed); every value is made NFC (`urlHygiene` has refused control characters and line breaks);
 * an empty single value (an untouched form field) means "not given", except `q`. The same schema
 * validates the request and documents its parameters (`@hono/zod-openapi` reads through the wrappers).
 */
export function queryObject<T extends z.ZodRawShape>(schema: z.ZodObject<T>, listKeys: readonly string[]) {
  const single = (field: z.ZodType) =>
    z.preprocess((value, ctx) => {
      if (Array.isArray(value)) ctx.addIssue({ code: 'custom', message: 'repeated', input: value });
      return value;
    }, field);
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [
      key,
      listKeys.includes(key) ? (field as z.ZodType).meta({ param: { style: 'form', explode: true } }) : single(field as z.ZodType),
    ]),
  );
  const normalise = (raw: unknown): unknown => {
    if (typeof raw !== 'object' || raw === null) return raw;
    const out: RawQuery = {};
    for (const [key, value] of Object.entries(raw as RawQuery)) {
      if (isTrackingParam(key)) continue;
      const values = (Array.isArray(value) ? value : [value]).map(nfc);
      if (listKeys.includes(key)) out[key] = values.filter((v) => v !== '');
      else if (values.length > 1) out[key] = values;
      else if (values[0] !== '' || key === 'q') out[key] = values[0] ?? '';
    }
    return out;
  };
  // The output type is the declared schema's: each wrapper only refuses or reshapes what comes in.
  return z.preprocess(normalise, schema.extend(shape as unknown as T)) as unknown as z.ZodPipe<z.ZodTransform, z.ZodObject<T>>;
}

// A page's query schema and its list keys never change: each is wrapped once.
const declaredQueries = new WeakMap<z.ZodObject, z.ZodType>();

/**
 * Reads URL query parameters for a schema, by the rules of {@link queryObject}; validation_failed names each bad
 * parameter. Only the keys the schema declares are read: any other key — campaign tracking, a typo, what a site
 * appended to a shared link — is ignored, so a link never breaks on a page; a declared key with a bad value is still
 * refused. (The JSON API validates its queries with `queryObject` itself, strict: an unknown key there is a 400.)
 */
export function parseSearchParams<T extends z.ZodRawShape>(
  params: URLSearchParams,
  schema: z.ZodObject<T>,
  listKeys: readonly string[],
): z.output<z.ZodObject<T>> {
  const raw: RawQuery = {};
  for (const key of new Set(params.keys())) {
    if (!Object.hasOwn(schema.shape, key)) continue;
    const values = params.getAll(key);
    raw[key] = values.length === 1 ? values[0]! : values;
  }
  let declared = declaredQueries.get(schema);
  if (!declared) declaredQueries.set(schema, (declared = queryObject(schema, listKeys)));
  const parsed = declared.safeParse(raw);
  if (!parsed.success) throw new AppError('validation_failed', zodDetails(parsed.error.issues));
  return parsed.data as z.output<z.ZodObject<T>>;
}

/** Remembers that the page reads `keys` from its query: its own links (other languages, canonical) carry those and no other. */
function declare(c: Context<AppEnv>, keys: Iterable<string>, transient: boolean): void {
  const known = c.get('queryKeys') ?? new Map<string, boolean>();
  for (const key of keys) known.set(key, transient || (known.get(key) ?? false));
  c.set('queryKeys', known);
}

/**
 * The one way a page reads its query string: {@link parseSearchParams} over the request's URL (or `params`, a
 * cleaned copy of it). `transient` keys (a notice after an action, `?done=rated`) are accepted and shown, but left out
 * of the page's canonical URL.
 */
export function pageQuery<T extends z.ZodRawShape>(
  c: Context<AppEnv>,
  schema: z.ZodObject<T>,
  listKeys: readonly string[] = [],
  opts: { params?: URLSearchParams; transient?: readonly string[] } = {},
): z.output<z.ZodObject<T>> {
  declare(c, Object.keys(schema.shape), false);
  if (opts.transient) declare(c, opts.transient, true);
  return parseSearchParams(opts.params ?? new URL(c.req.url).searchParams, schema, listKeys);
}

/** The query a page's own links keep: the keys it read, in the request's order, without `transient` ones unless asked. */
export function keptQuery(c: Context<AppEnv>, opts: { transient: boolean }): string {
  const known = c.get('queryKeys');
  if (!known) return '';
  const url = new URL(c.req.url);
  const kept = new URLSearchParams();
  for (const [key, value] of url.searchParams) {
    const transient = known.get(key);
    if (transient === undefined || isTrackingParam(key) || (transient && !opts.transient)) continue;
    kept.append(key, value);
  }
  const text = kept.toString();
  return text ? `?${text}` : '';
}

/** One query parameter in NFC (`urlHygiene` has refused control characters and line breaks already); the page's language links keep it. */
export function queryParam(c: Context<AppEnv>, name: string): string | undefined {
  declare(c, [name], true);
  const value = c.req.query(name);
  return value === undefined ? undefined : nfc(value);
}
