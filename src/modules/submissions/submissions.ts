import type { Db } from '../../db/connection';
import type { ErrorDetail } from '../../lib/errors';
import type { Entry } from '../entries/entry';
import { detailsOf, flatFieldsOf, kindOf } from '../entries/kinds';
import { entryInputSchema } from '../entries/entry.schemas';
import { checkVocabularyCodes } from '../entries/entries.service';
import { zodDetails } from '../../lib/zod-details';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { checkRules } from './submissions.rules';
import { draftSchema, type DraftData } from './submissions.schemas';

/** What the submission use cases need: the database, the vocabularies, and the site's name and address for mail. */
export interface SubmissionDeps {
  db: Db;
  taxonomy: Taxonomy;
  config: { siteName: string; baseUrl: string };
}

/** The states of a submission still in the workflow (one of them per entry at most). */
export const OPEN_STATUSES = ['draft', 'submitted', 'changes_requested'] as const;

/** An activity as questionnaire data (what revisions store, and what an update starts from). */
export function activityToDraft(a: Entry): DraftData {
  // Issues a kind keeps with its details (an actor's, with their narratives) are repeated in the tag list.
  const ownIssues = new Set(kindOf(a.kind).ownIssues(detailsOf(a)));
  return draftSchema.parse({
    kind: a.kind,
    originalLanguage: a.originalLanguage,
    translations: a.translations,
    ...flatFieldsOf(a),
    countries: a.countries,
    regions: a.regions,
    actionLines: a.actionLines,
    sdgs: a.sdgs,
    targetGroups: a.targetGroups,
    issues: a.issues.filter((i) => !ownIssues.has(i)),
    organisations: a.organisations.map((o) => (o.actorId ? o : { name: o.name, role: o.role, stakeholderType: o.stakeholderType })),
    links: a.links,
    contact: a.contact ? Object.fromEntries(Object.entries(a.contact).filter(([, v]) => v)) : undefined,
  });
}

/** Every problem that keeps a draft from being submitted: structure, rules as data, and vocabulary codes. */
export function submissionProblems(data: DraftData, taxonomy: Taxonomy): ErrorDetail[] {
  const rules = checkRules(data);
  const parsed = entryInputSchema.safeParse({ ...data, state: 'published', contact: data.contact ?? null });
  const structural = parsed.success ? checkVocabularyCodes(parsed.data, taxonomy) : zodDetails(parsed.error.issues);
  const seen = new Set(rules.map((d) => d.field));
  // The rules already explain a missing title or summary better than the schema does.
  const original = data.originalLanguage;
  const renamed = structural
    .map((d) => (original && d.field.startsWith(`translations.${original}.`) ? { ...d, field: d.field.slice(`translations.${original}.`.length) } : d))
    .filter((d) => !seen.has(d.field) && !(d.field === `translations.${original}` || (d.field.startsWith('translations.') && seen.has(d.field))));
  return [...rules, ...renamed.filter((d) => !(d.code === 'original_language_missing' && seen.has('title')))];
}

/** A draft's title for lists and mail: the original language's, else any, else a dash. */
export const titleOf = (data: DraftData) =>
  (data.originalLanguage && data.translations[data.originalLanguage]?.title) || Object.values(data.translations).find((t) => t?.title)?.title || '—';
