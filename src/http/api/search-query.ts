import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import { FILTERS } from '../../modules/entries/entry';
import { entrySearchSchema } from '../../modules/entries/entry.schemas';
import { queryObject } from '../query-params';

/** The API search's query (text, filters, sort, paging, label language): the searches and the exports read the same one. */
export const searchQuery = queryObject(
  entrySearchSchema.extend({ lang: z.enum(LOCALES).default('en').describe('Language of facet labels and of the title sort.') }),
  FILTERS,
);
