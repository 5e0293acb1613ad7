import type { Db } from '../../db/connection';
import { Taxonomy } from './taxonomy';
import { listAllTerms } from './taxonomy.repository';

/** Loads every vocabulary into memory. */
export async function loadTaxonomy(db: Db): Promise<Taxonomy> {
  return new Taxonomy(await listAllTerms(db));
}
