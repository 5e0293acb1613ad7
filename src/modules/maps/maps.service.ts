import type { Locale } from '../../i18n/locales';
import { entryPath } from '../entries/entries';
import { readPublishedEntries, searchScope, type EntryDeps, type ReadFor } from '../entries/entries.service';
import { detailsIf, pickTranslation, type Filter } from '../entries/entry';
import type { EntrySearchInput } from '../entries/entry.schemas';

/** The most actors a map draws: beyond this the layer is a blot, and the page would outgrow its weight budget. */
export const MAX_POINTS = 150;

/** An actor on the map: its own point, or (lat/lon null) its first country, whose centre stands in for it. */
export interface MapPoint {
  href: string;
  name: string;
  lat: number | null;
  lon: number | null;
  country: string | null;
}

/** The query a map takes: the search page's, without its order and paging (a map has neither), with its crosswalk option. */
export type MapQuery = Pick<EntrySearchInput, 'q'> & Partial<Record<Filter, string[]>> & { crosswalk?: EntrySearchInput['crosswalk'] | undefined };

export interface SearchMap {
  /** Entries the search finds (with or without a country). */
  total: number;
  /** The search's country facet: entries per country code, countries with none left out. */
  counts: Map<string, number>;
  /** Actors the search finds, newest first, at most MAX_POINTS. */
  points: MapPoint[];
  /** How many actors the search finds in all (more than `points` holds when capped). */
  actors: number;
}

/**
 * A search as a map: the same scope as the search page (its filters and, with `crosswalk=1`, what the crosswalk
 * adds) and the same engine, so each country's number is the search's country facet count (disjunctive, as there:
 * a country filter does not hide other countries), and the actors among the results as points. An unknown filter
 * value is validation_failed naming its field.
 */
export async function searchMap(deps: EntryDeps, query: MapQuery, locale: Locale, readFor: ReadFor): Promise<SearchMap> {
  const scope = searchScope(query, deps.taxonomy);
  const { filters } = scope;
  const request = { text: query.q, ...scope, sort: 'newest' as const, page: 1, pageSize: 0, locale };
  const wantsActors = !filters.kind || filters.kind.includes('actor');
  const [result, actors] = await Promise.all([
    deps.search.search(request),
    wantsActors ? deps.search.search({ ...request, filters: { ...filters, kind: ['actor'] }, pageSize: MAX_POINTS }) : null,
  ]);
  const counts = new Map(result.facets.country.filter((f) => f.count > 0).map((f) => [f.value, f.count]));
  const entries = actors
    ? await readPublishedEntries(
        deps,
        actors.hits.map((h) => h.id),
        readFor,
      )
    : [];
  const points = entries.flatMap((entry): MapPoint[] => {
    const point = detailsIf(entry, 'actor')?.point ?? null;
    const country = entry.countries[0] ?? null;
    if (!point && !country) return [];
    return [
      {
        href: entryPath(locale, entry.kind, entry.id),
        name: pickTranslation(entry, locale).text.title,
        lat: point?.lat ?? null,
        lon: point?.lon ?? null,
        country,
      },
    ];
  });
  return { total: result.total, counts, points, actors: actors?.total ?? 0 };
}
