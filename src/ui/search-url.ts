import type { Locale } from '../i18n/locales';
import { FILTERS, type Filter } from '../modules/entries/entry';
import type { EntrySearchInput } from '../modules/entries/entry.schemas';

/** A search page URL reproducing a view; defaults are left out so URLs stay short and canonical. */
export function searchUrl(locale: Locale, input: Partial<EntrySearchInput>, change: Partial<EntrySearchInput> = {}, path = 'search'): string {
  const merged = { ...input, ...change };
  const params = new URLSearchParams();
  if (merged.q) params.set('q', merged.q);
  for (const f of FILTERS) for (const v of (merged[f] as string[] | undefined) ?? []) params.append(f, v);
  if (merged.crosswalk === '1') params.set('crosswalk', '1');
  if (merged.sort && merged.sort !== 'relevance') params.set('sort', merged.sort);
  if (merged.pageSize && merged.pageSize !== 20) params.set('pageSize', String(merged.pageSize));
  if (merged.page && merged.page > 1) params.set('page', String(merged.page));
  const qs = params.toString();
  return `/${locale}/${path}${qs ? `?${qs}` : ''}`;
}

export function toggleFilter(input: EntrySearchInput, facet: Filter, value: string): Partial<EntrySearchInput> {
  const current = input[facet];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { [facet]: next, page: 1 };
}
