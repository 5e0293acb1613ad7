import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import type { Taxonomy, VocabularyName } from './taxonomy';

const labelsSchema = z.partialRecord(z.enum(LOCALES), z.string());
export const vocabularyResponseSchema = z
  .object({
    name: z.string(),
    terms: z.array(
      z.object({
        code: z.string(),
        parent: z.string().nullable(),
        labels: labelsSchema,
        descriptions: labelsSchema.nullable(),
        extra: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
  })
  .meta({ id: 'Vocabulary' });

/** A vocabulary's public JSON. */
export function presentVocabulary(taxonomy: Taxonomy, name: VocabularyName) {
  return {
    name,
    terms: taxonomy.terms(name).map((t) => ({ code: t.code, parent: t.parent, labels: t.labels, descriptions: t.descriptions, extra: t.extra })),
  };
}
