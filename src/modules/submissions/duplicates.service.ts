import type { Db } from '../../db/connection';
import { LOCALES, type Locale } from '../../i18n/locales';
import { loadEntries } from '../entries/entries.repository';
import type { Entry } from '../entries/entry';
import { analyseDocument } from '../search/analyser';
import { entriesOfOrganisationsIn, titlesWithAnyWord } from './duplicates.repository';
import type { DraftData } from './submissions.schemas';

function titleTerms(text: string, locale: Locale): Set<string> {
  return new Set(analyseDocument(text, locale));
}

/** A published entry that may be the same as a draft, how alike (0–1), and why it was found. */
export interface PossibleDuplicate {
  activity: Entry;
  score: number;
  reason: 'title' | 'organisation';
}

/**
 * Published entries that look like the same activity: a title sharing most of its words with one in
 * any language version, or the same lead organisation working in the same country.
 */
export async function findDuplicates(deps: { db: Db }, data: DraftData, excludeId: number | null, limit = 5): Promise<PossibleDuplicate[]> {
  const titles = LOCALES.flatMap((l) => (data.translations[l]?.title ? [{ locale: l, terms: titleTerms(data.translations[l]!.title, l) }] : []));
  const orgNames = data.organisations.map((o) => o.name.toLowerCase());
  if (!titles.length && !orgNames.length) return [];
  const words = [...new Set(titles.flatMap((t) => [...t.terms]))].filter((w) => w.length > 2).slice(0, 12);
  const byWords = await titlesWithAnyWord(deps.db, data.kind, words);
  const byOrg = await entriesOfOrganisationsIn(deps.db, data.kind, orgNames, data.countries);
  const scores = new Map<number, { score: number; reason: 'title' | 'organisation' }>();
  for (const row of byWords) {
    if (row.id === excludeId) continue;
    const theirs = titleTerms(row.title, row.language as Locale);
    for (const mine of titles) {
      const shared = [...mine.terms].filter((t) => theirs.has(t)).length;
      const score = shared / Math.max(1, new Set([...mine.terms, ...theirs]).size);
      if (score >= 0.5 && score > (scores.get(row.id)?.score ?? 0)) scores.set(row.id, { score, reason: 'title' });
    }
  }
  for (const row of byOrg) if (row.id !== excludeId && !scores.has(row.id)) scores.set(row.id, { score: 0.4, reason: 'organisation' });
  const top = [...scores.entries()].sort((x, y) => y[1].score - x[1].score || x[0] - y[0]).slice(0, limit);
  const entries = await loadEntries(
    deps.db,
    top.map(([id]) => id),
    ['published'],
  );
  const byId = new Map(entries.map((a) => [a.id, a]));
  return top.flatMap(([id, s]) => (byId.has(id) ? [{ activity: byId.get(id)!, score: s.score, reason: s.reason }] : []));
}
