import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './connection';
import { loadVocabularyFiles, type LoadedVocabulary } from './vocabulary-files';

/** Terms per insert statement: one statement per term cost a round trip each (579 at the first boot). */
const BATCH = 250;

/** The hash of one vocabulary's data as loaded: what `vocabularies.content_hash` remembers. */
export function vocabularyHash(vocabulary: LoadedVocabulary): string {
  return createHash('sha256').update(JSON.stringify(vocabulary)).digest('hex');
}

/**
 * Brings the vocabularies in the database to the project's data (db/vocabulary-files.ts), after the
 * migrations, at every start: the server, the CLI and the test database's template. Not a migration,
 * so that migrations stay reproducible: a migration never reads data files or packages that change.
 *
 * Idempotent: a vocabulary whose stored hash matches its data is not touched, so an unchanged start
 * costs one query. A changed one is written in one transaction, its terms upserted in multi-row
 * statements. A term missing from the data stays in the database, since entries may be tagged with it;
 * a data file retires a term with `replacedBy` instead. Returns the names of the vocabularies written.
 */
export async function syncVocabularies(db: Db, vocabularies: LoadedVocabulary[] = loadVocabularyFiles()): Promise<string[]> {
  const stored = await db.selectFrom('vocabularies').select(['name', 'contentHash']).execute();
  const hashes = new Map(stored.map((r) => [r.name, r.contentHash]));
  const changed = vocabularies.map((v) => ({ v, hash: vocabularyHash(v) })).filter(({ v, hash }) => hashes.get(v.name) !== hash);
  if (!changed.length) return [];
  await db.transaction().execute(async (tx) => {
    for (const { v, hash } of changed) {
      await tx
        .insertInto('vocabularies')
        .values({ name: v.name, version: v.version, contentHash: hash })
        .onConflict((oc) => oc.column('name').doUpdateSet({ version: v.version, contentHash: hash, updatedAt: sql`now()` }))
        .execute();
      const rows = v.terms.map((t, i) => ({
        vocabulary: v.name,
        code: t.code,
        parentCode: t.parent,
        position: i + 1,
        labels: JSON.stringify(t.labels),
        descriptions: t.descriptions ? JSON.stringify(t.descriptions) : null,
        extra: t.extra ? JSON.stringify(t.extra) : null,
      }));
      for (let i = 0; i < rows.length; i += BATCH) {
        await tx
          .insertInto('vocabularyTerms')
          .values(rows.slice(i, i + BATCH))
          .onConflict((oc) =>
            oc.columns(['vocabulary', 'code']).doUpdateSet((eb) => ({
              parentCode: eb.ref('excluded.parentCode'),
              position: eb.ref('excluded.position'),
              labels: eb.ref('excluded.labels'),
              descriptions: eb.ref('excluded.descriptions'),
              extra: eb.ref('excluded.extra'),
            })),
          )
          .execute();
      }
    }
  });
  return changed.map(({ v }) => v.name);
}
