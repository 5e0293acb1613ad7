import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';
import type { EntryKind } from '../entries/entries';

/** Published titles of a kind containing any of the words (case-insensitive; at most 500). */
export async function titlesWithAnyWord(db: Db | Tx, kind: EntryKind, words: string[]) {
  if (!words.length) return [];
  return db
    .selectFrom('entryTranslations as t')
    .innerJoin('entries as a', 'a.id', 't.entryId')
    .select(['a.id', 't.language', 't.title'])
    .where('a.state', '=', 'published')
    .where('a.kind', '=', kind)
    .where((eb) => eb.or(words.map((w) => eb(sql`lower(t.title)`, 'like', `%${w.replace(/[\\%_]/g, (m) => `\\${m}`)}%`))))
    .limit(500)
    .execute();
}

/** Published entries of a kind naming one of the organisations (lower-cased names) in one of the countries (at most 50). */
export async function entriesOfOrganisationsIn(db: Db | Tx, kind: EntryKind, organisationNames: string[], countries: string[]) {
  if (!organisationNames.length || !countries.length) return [];
  return db
    .selectFrom('entryOrganisations as o')
    .innerJoin('entryTags as c', (j) => j.onRef('c.entryId', '=', 'o.entryId').on('c.vocabulary', '=', 'country'))
    .innerJoin('entries as a', 'a.id', 'o.entryId')
    .select('a.id')
    .where('a.state', '=', 'published')
    .where('a.kind', '=', kind)
    .where(sql`lower(o.name)`, 'in', organisationNames)
    .where('c.code', 'in', countries)
    .limit(50)
    .execute();
}
