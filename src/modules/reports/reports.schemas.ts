import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import { line, text } from '../../lib/text';
import { SECTION_LINES, parseIdList } from './reports';

const perLanguage = <S extends z.ZodType>(value: S) => z.partialRecord(z.enum(LOCALES), value);

/** At most this many highlighted entries per action line. */
export const MAX_HIGHLIGHTS = 10;

const idList = z
  .string()
  .max(200)
  .transform((v, ctx) => {
    const ids = parseIdList(v);
    if (ids === null) {
      ctx.addIssue({ code: 'custom', message: 'invalid_format' });
      return z.NEVER;
    }
    return ids;
  })
  .pipe(z.array(z.number()).max(MAX_HIGHLIGHTS));

/**
 * A report as a curator writes it, the same for the form and the API: titles and introductions per language
 * (a title for each language the report is made in), the period, the search its entries come from (a query
 * string or a search page's address, read by the search's own filter reader), the languages, whether it is
 * public, and highlighted entry ids per action line (checked against the register by the service).
 */
export const reportInputSchema = z
  .object({
    titles: perLanguage(line(200)),
    introductions: perLanguage(text(10_000)),
    periodFrom: z.iso.date(),
    periodTo: z.iso.date(),
    filters: line(2000).default(''),
    languages: z.array(z.enum(LOCALES)).min(1).max(LOCALES.length),
    highlights: z.partialRecord(z.enum(SECTION_LINES), idList).default({}),
    published: z.boolean().default(false),
  })
  .strict()
  .superRefine((r, ctx) => {
    for (const l of new Set(r.languages)) if (!r.titles[l]?.trim()) ctx.addIssue({ code: 'custom', path: ['titles', l], message: 'required' });
    if (r.periodTo < r.periodFrom) ctx.addIssue({ code: 'custom', path: ['periodTo'], message: 'end_before_start' });
  });
export type ReportInput = z.output<typeof reportInputSchema>;
