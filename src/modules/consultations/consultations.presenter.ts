import type { Locale } from '../../i18n/locales';
import { inLocale } from '../../i18n/i18n';
import { csvField, spreadsheetSafe } from '../exports/exports.columns';
import type { Taxonomy } from '../taxonomy/taxonomy';
import type { Synthesis } from './consultations.service';

/** One statement as exports give it: the same fields in JSON and CSV. */
export function statementJson(s: Synthesis['statements'][number], synthesis: Synthesis, taxonomy: Taxonomy, locale: Locale) {
  const question = synthesis.consultation.questions.find((q) => q.id === s.questionId);
  return {
    id: s.id,
    consultation: synthesis.consultation.id,
    question: question ? question.number : null,
    questionText: question ? inLocale(question.texts, locale) : null,
    organisation: s.organisationName,
    stakeholderType: s.stakeholderType,
    stakeholderTypeLabel: taxonomy.label('stakeholder-type', s.stakeholderType, locale),
    region: s.region,
    regionLabel: s.region ? taxonomy.label('region', s.region, locale) : null,
    language: s.language,
    text: s.body,
    visibility: s.visibility,
    status: s.status,
    submittedAt: s.createdAt.toISOString(),
    files: s.files.map((f) => ({ name: f.name, size: f.size, mimeType: f.mimeType })),
  };
}
export type StatementJson = ReturnType<typeof statementJson>;

const COLUMNS = [
  'id',
  'question',
  'organisation',
  'stakeholderType',
  'stakeholderTypeLabel',
  'region',
  'regionLabel',
  'language',
  'visibility',
  'status',
  'submittedAt',
  'text',
] as const;
/** Free text a person wrote (quoted against spreadsheet formulas). */
const TEXT_COLUMNS = new Set<string>(['organisation', 'text']);

/** The statements as CSV: a byte-order mark (spreadsheets then read UTF-8), CRLF line ends, a header line. */
export function statementsCsv(rows: StatementJson[]): string {
  const lines = [COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      COLUMNS.map((c) => {
        const v = r[c];
        const s = v === null ? '' : String(v);
        return csvField(TEXT_COLUMNS.has(c) ? spreadsheetSafe(s) : s);
      }).join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
