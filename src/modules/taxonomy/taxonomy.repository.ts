import type { Db } from '../../db/connection';
import { isVocabularyName, type Term } from './taxonomy';

/** Every vocabulary term, in vocabulary order. */
export async function listAllTerms(db: Db): Promise<Term[]> {
  const rows = await db
    .selectFrom('vocabularyTerms')
    .select(['vocabulary', 'code', 'parentCode', 'position', 'labels', 'descriptions', 'extra'])
    .orderBy('vocabulary')
    .orderBy('position')
    .execute();
  return rows.flatMap((r) =>
    isVocabularyName(r.vocabulary)
      ? [{ vocabulary: r.vocabulary, code: r.code, parent: r.parentCode, position: r.position, labels: r.labels, descriptions: r.descriptions, extra: r.extra }]
      : [],
  );
}

export async function vocabularyVersions(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('vocabularies').select(['name', 'version']).execute();
  return Object.fromEntries(rows.map((r) => [r.name, r.version]));
}
