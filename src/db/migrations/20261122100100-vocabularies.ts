import { sql, type Kysely } from 'kysely';
import { loadVocabularyFiles } from '../vocabulary-files';

/** Loads every vocabulary (action lines, SDGs, countries, regions, types…) from the project's data files. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const vocabulary of loadVocabularyFiles()) {
    await sql`insert into vocabularies (name, version) values (${vocabulary.name}, ${vocabulary.version})`.execute(db);
    let position = 0;
    for (const term of vocabulary.terms) {
      position += 1;
      await sql`insert into vocabulary_terms (vocabulary, code, parent_code, position, labels, descriptions, extra)
        values (${vocabulary.name}, ${term.code}, ${term.parent}, ${position},
                ${JSON.stringify(term.labels)}::jsonb,
                ${term.descriptions ? JSON.stringify(term.descriptions) : null}::jsonb,
                ${term.extra ? JSON.stringify(term.extra) : null}::jsonb)`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from vocabulary_terms`.execute(db);
  await sql`delete from vocabularies`.execute(db);
}
