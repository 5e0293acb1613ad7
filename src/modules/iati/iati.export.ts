/**
 * The IATI 2.03 export of any search of activities: the same query as the activities API (text, filters,
 * sort), every match rather than one page, written as it is read — a batch of entries at a time — so a
 * register of any size streams in bounded memory.
 */
import type { Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { readPublishedEntries, searchScope, type EntryDeps, type ReadFor } from '../entries/entries.service';
import type { EntrySearchInput } from '../entries/entry.schemas';
import { iatiIdentifiers } from './iati.repository';
import { IATI_FOOTER, iatiActivity, iatiHeader, type Activity, type IatiPublisher } from './iati.xml';

/** Entries read (and written) per database round trip. */
const BATCH = 100;
/**
 * The most activities one file holds (twice the register size the budgets are measured at): a search
 * that matches more is refused, naming the limit, and is narrowed by its filters. One search asks for
 * this many ids at once (a second search only for the total would double the facet counting).
 */
export const IATI_EXPORT_MAX = 200_000;

export interface IatiExport {
  /** How many activities the file holds (the search's total when it started). */
  total: number;
  /** The XML, piece by piece: the opening, one batch of activities at a time, the closing. */
  chunks: AsyncGenerator<string, void, undefined>;
}

/**
 * Runs the search (an unknown filter value is a validation error, before anything is sent) and returns
 * the file to stream. `page` and `pageSize` of the query are not used: the file holds every match.
 */
export async function exportIati(
  deps: EntryDeps,
  input: EntrySearchInput,
  locale: Locale,
  publisher: IatiPublisher,
  readFor: ReadFor,
  opts: { now?: Date; max?: number } = {},
): Promise<IatiExport> {
  const max = opts.max ?? IATI_EXPORT_MAX;
  const request = { text: input.q, ...searchScope({ ...input, kind: ['activity'] }, deps.taxonomy), sort: input.sort, locale };
  const found = await deps.search.search({ ...request, page: 1, pageSize: max });
  if (found.total > max) throw new AppError('validation_failed', [{ field: 'q', code: 'iati_too_many', params: { max, total: found.total } }]);
  const ids = found.hits.map((h) => h.id);

  async function* chunks(): AsyncGenerator<string, void, undefined> {
    yield iatiHeader(opts.now ?? new Date());
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const [entries, own] = await Promise.all([readPublishedEntries(deps, batch, readFor), iatiIdentifiers(deps.db, batch)]);
      let out = '';
      // An entry unpublished since the search began is skipped; only activities reach the file.
      for (const entry of entries) if (entry.kind === 'activity') out += iatiActivity(entry as Activity, own.get(entry.id) ?? null, publisher);
      if (out) yield out;
    }
    yield IATI_FOOTER;
  }
  return { total: ids.length, chunks: chunks() };
}
