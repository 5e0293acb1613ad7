import { z } from 'zod';
import { FACETS, FILTERS, type Facet } from '../entries/entry';
import { entrySearchSchema, type EntrySearchInput } from '../entries/entry.schemas';
import { ENTRY_KINDS, KIND_PATHS, type EntryKind } from '../entries/entries';

/** How an embedded list is laid out. */
export const EMBED_LAYOUTS = ['list', 'cards', 'compact'] as const;
export type EmbedLayout = (typeof EMBED_LAYOUTS)[number];

/** An embed shows fewer entries per page than the site: a partner's page is not the register. */
export const EMBED_LIMITS = { pageSize: 50, defaultPageSize: 10, font: 80, radius: 24 } as const;

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'invalid_format');

/**
 * The look of an embed, the same in both forms: for the iframe, query parameters that become its custom properties;
 * for the web component, the host page's own `--stocktake-*` properties. Every value is checked so it can be written
 * into a style sheet as it is: colours as #rrggbb, a font family of letters, digits, spaces, commas and hyphens.
 */
export const embedThemeSchema = z.object({
  color: colour.optional(),
  background: colour.optional(),
  accent: colour.optional(),
  font: z
    .string()
    .max(EMBED_LIMITS.font)
    .regex(/^[\p{L}\p{N} ,-]+$/u, 'invalid_format')
    .optional(),
  radius: z.coerce.number().int().min(0).max(EMBED_LIMITS.radius).optional(),
  density: z.coerce.number().min(0.5).max(2).optional(),
});
export type EmbedTheme = z.output<typeof embedThemeSchema>;

/** The facets a reader may filter by inside an embed: a comma-separated list of facet names, each at most once. */
const facetList = z
  .string()
  .max(200)
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(
    z
      .array(z.enum(FACETS))
      .max(FACETS.length)
      .refine((l) => new Set(l).size === l.length, 'repeated'),
  );

/** Everything an embed page reads from its query: the search (as on the search page, with a smaller page), the options and the theme. */
export const embedQuerySchema = entrySearchSchema
  .extend({
    pageSize: z.coerce.number().int().min(1).max(EMBED_LIMITS.pageSize).default(EMBED_LIMITS.defaultPageSize),
    layout: z.enum(EMBED_LAYOUTS).default('list'),
    facets: facetList.default([]),
  })
  .extend(embedThemeSchema.shape)
  .strict();
export type EmbedQuery = z.output<typeof embedQuerySchema>;

/** The list keys of the embed query (repeatable, like the search page's filters). */
export const EMBED_LIST_KEYS = FILTERS;

/** The search part of an embed query. */
export function searchOf(q: EmbedQuery): EntrySearchInput {
  const { layout: _l, facets: _f, color: _c, background: _b, accent: _a, font: _fo, radius: _r, density: _d, ...search } = q;
  return search;
}

/** The theme's custom properties as one CSS rule for the embed page, or '' when none is set. */
export function embedThemeCss(t: EmbedTheme): string {
  const props = [
    t.color ? `--stocktake-color:${t.color}` : '',
    t.background ? `--stocktake-background:${t.background}` : '',
    t.accent ? `--stocktake-accent:${t.accent}` : '',
    t.font ? `--stocktake-font:${t.font}` : '',
    t.radius !== undefined ? `--stocktake-radius:${t.radius}px` : '',
    t.density !== undefined ? `--stocktake-density:${t.density}` : '',
  ].filter(Boolean);
  return props.length ? `:root{${props.join(';')}}` : '';
}

/** The query string of a search and its embed options, defaults left out, in a stable order (`extra` appended as given). */
export function embedQueryString(q: Partial<EmbedQuery>): string {
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  for (const f of FILTERS) for (const v of (q[f] as string[] | undefined) ?? []) params.append(f, v);
  if (q.crosswalk === '1') params.set('crosswalk', '1');
  if (q.sort && q.sort !== 'relevance') params.set('sort', q.sort);
  if (q.pageSize && q.pageSize !== EMBED_LIMITS.defaultPageSize) params.set('pageSize', String(q.pageSize));
  if (q.page && q.page > 1) params.set('page', String(q.page));
  if (q.layout && q.layout !== 'list') params.set('layout', q.layout);
  if (q.facets?.length) params.set('facets', q.facets.join(','));
  for (const key of ['color', 'background', 'accent', 'font', 'radius', 'density'] as const) if (q[key] !== undefined) params.set(key, String(q[key]));
  return params.toString();
}

/** Only the search part of a query string: what the web component's `search` attribute holds. */
export function searchQueryString(q: Partial<EntrySearchInput>): string {
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  for (const f of FILTERS) for (const v of (q[f] as string[] | undefined) ?? []) params.append(f, v);
  if (q.crosswalk === '1') params.set('crosswalk', '1');
  return params.toString();
}

/**
 * A search page's address (absolute or a path: `/en/search?q=…`, `/fr/actors?region=…`) read as the kind it lists and
 * its query parameters; null when it is not a search page. The host is not judged: a reader may paste the address from
 * any copy of the site.
 */
export function searchFromUrl(address: string): { kind: EntryKind | undefined; params: URLSearchParams } | null {
  let url: URL;
  try {
    url = new URL(address, 'http://placeholder.invalid');
  } catch {
    return null;
  }
  const m = /^\/[a-z]{2}\/([a-z-]+)\/?$/.exec(url.pathname);
  if (!m) return null;
  if (m[1] === 'search') return { kind: undefined, params: url.searchParams };
  const kind = ENTRY_KINDS.find((k) => KIND_PATHS[k] === m[1]);
  return kind ? { kind, params: url.searchParams } : null;
}

/** Facets a kind's embed may offer: a kind's own list has no kind facet. */
export function facetsFor(kind: readonly EntryKind[]): readonly Facet[] {
  return kind.length === 1 ? FACETS.filter((f) => f !== 'kind') : FACETS;
}

/** The theme named by a query string, or none when any of its values is refused (the page then answers 400 anyway). */
export function themeFromParams(params: URLSearchParams): EmbedTheme {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(embedThemeSchema.shape)) {
    const value = params.get(key);
    if (value !== null && value !== '') raw[key] = value;
  }
  const parsed = embedThemeSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}
