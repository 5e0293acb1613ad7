import type { I18n, MessageKey } from '../../i18n/i18n';
import { LOCALE_INFO, LOCALES, type Locale } from '../../i18n/locales';
import { ACTIVITY_STATUSES, ACTIVITY_TYPES, ORGANISATION_ROLES, SCOPES, STAKEHOLDER_TYPES } from '../../modules/entries/entry';
import { KIND_RULES, stepsOf, type StepId } from '../../modules/submissions/submissions.rules';
import type { DraftData } from '../../modules/submissions/submissions.schemas';
import { groupByRegionScheme, regionSchemeHeading } from '../../modules/taxonomy/region-labels';
import type { Taxonomy, VocabularyName } from '../../modules/taxonomy/taxonomy';
import { CheckboxGroup, CuratorComment, ErrorSummary, Field, Form, MoreRows, SelectField, type FieldErrors } from '../forms';
import type { EntryKind } from '../../modules/entries/entries';
import { KINDS } from '../../modules/entries/kinds';
import {
  ActorDetailsStep,
  ActorIssuesStep,
  EventDetailsStep,
  FileUpload,
  ImageAltStep,
  ImageUpload,
  issueOptions,
  PublicationDetailsStep,
  StoryDetailsStep,
} from './questionnaire-kinds';

export interface QuestionnaireProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  csrf: string;
  submissionId: number;
  step: StepId;
  data: DraftData;
  errors: FieldErrors;
  comments: Record<string, string>;
  /** Rows to offer for repeated groups (organisations, links). */
  rows?: number;
  /** The language version being edited on the languages step. */
  language?: Locale | undefined;
  saved?: boolean;
  /** A publication's uploaded files (on the file step). */
  files?: Array<{ id: number; name: string; size: number }>;
  fileErrors?: FieldErrors;
  /** The alt text typed with an image upload that was refused (kept for the next try). */
  altTyped?: string | undefined;
}

const vocabOptions = (taxonomy: Taxonomy, vocabulary: VocabularyName, locale: Locale, filter: (code: string, parent: string | null) => boolean = () => true) =>
  taxonomy
    .terms(vocabulary)
    .filter((t) => filter(t.code, t.parent))
    .map((t) => ({ value: t.code, label: taxonomy.label(vocabulary, t.code, locale) }));

/** The form of each kind's details step (an activity has none: its fields are on the shared steps). */
const DETAILS_STEPS: Partial<Record<EntryKind, typeof ActorDetailsStep>> = {
  actor: ActorDetailsStep,
  publication: PublicationDetailsStep,
  event: EventDetailsStep,
  story: StoryDetailsStep,
};

/** One step of the activity questionnaire: a plain form that saves a draft, usable without JavaScript. */
export function QuestionnairePage(p: QuestionnaireProps) {
  const { t, locale } = p.i18n;
  const STEPS = stepsOf(p.data.kind);
  const rules = KIND_RULES[p.data.kind];
  const words = KINDS[p.data.kind].wording;
  // What a step shows beyond the shared fields follows from the fields the kind's descriptor asks for.
  const asks = (field: string) => STEPS.some((s) => s.fields.includes(field));
  const Details = DETAILS_STEPS[p.data.kind];
  const index = STEPS.findIndex((s) => s.id === p.step);
  const original = p.data.originalLanguage ?? locale;
  const text = p.data.translations[original];
  const base = `/${locale}/contribute/submissions/${p.submissionId}`;
  const common = { i18n: p.i18n, errors: p.errors };
  const c = (field: string) => p.comments[field];
  return (
    <section>
      <p class="breadcrumb">
        <a href={base}>{t('questionnaire.backToStatus')}</a>
      </p>
      <h1>
        {t(words.describe)} <span class="kind-badge">{t(`kind.${p.data.kind}`)}</span>
      </h1>
      <nav aria-label={t('questionnaire.steps')} class="steps">
        <ol>
          {STEPS.map((s, i) => (
            <li>
              <a href={`${base}/${s.id}`} aria-current={s.id === p.step ? 'step' : undefined}>
                {i + 1}. {t(`step.${s.id}` as MessageKey)}
                {Object.keys(p.comments).some((f) => (s.fields as readonly string[]).includes(f)) ? ` (${t('questionnaire.hasComments')})` : ''}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <h2>
        {t('questionnaire.stepOf', { n: index + 1, total: STEPS.length })} {t(`step.${p.step}` as MessageKey)}
      </h2>
      {p.saved ? (
        <p role="status" class="notice">
          {t('questionnaire.saved')}
        </p>
      ) : null}
      <ErrorSummary i18n={p.i18n} errors={p.errors} />
      {p.step === 'image' ? (
        <ImageUpload i18n={p.i18n} csrf={p.csrf} action={`${base}/images`} data={p.data} errors={p.fileErrors ?? {}} altTyped={p.altTyped} />
      ) : null}
      <p class="hint required-legend">{t('wording.requiredLegend')}</p>
      {p.step === 'file' ? <FileUpload i18n={p.i18n} csrf={p.csrf} action={`${base}/files`} files={p.files ?? []} errors={p.fileErrors ?? {}} /> : null}
      <Form
        action={`${base}/${p.step}${p.language ? `?language=${p.language}` : ''}`}
        csrf={p.csrf}
        autosave={{ saved: t('questionnaire.autosaved'), error: t('questionnaire.autosaveFailed'), words: t('form.wordsLabel') }}
        id="questionnaire"
      >
        {p.step === 'about' ? (
          <>
            <SelectField
              {...common}
              name="originalLanguage"
              label={t('field.originalLanguage')}
              hint={t('questionnaire.originalLanguageHint')}
              value={original}
              options={LOCALES.map((l) => ({ value: l, label: LOCALE_INFO[l].name }))}
              required
              comment={c('originalLanguage')}
            />
            <Field
              {...common}
              name="title"
              label={t(words.title)}
              value={text?.title}
              required={Boolean(rules.title?.required)}
              maxlength={300}
              words={rules.title}
              comment={c('title')}
            />
            <Field
              {...common}
              name="summary"
              type="textarea"
              label={t('field.summary')}
              value={text?.summary}
              required={Boolean(rules.summary?.required)}
              rows={6}
              words={rules.summary}
              comment={c('summary')}
            />
            <Field
              {...common}
              name="description"
              type="textarea"
              label={t('field.description')}
              hint={t('questionnaire.markdownHint')}
              value={text?.description}
              required={Boolean(rules.description?.required)}
              rows={12}
              words={rules.description}
              comment={c('description')}
            />
            {asks('activityType') ? (
              <>
                <SelectField
                  {...common}
                  name="activityType"
                  label={t('field.activityType')}
                  value={p.data.activityType}
                  empty
                  required={Boolean(rules.activityType?.required)}
                  options={ACTIVITY_TYPES.map((v) => ({ value: v, label: p.taxonomy.label('activity-type', v, locale) }))}
                  comment={c('activityType')}
                />
                <SelectField
                  {...common}
                  name="status"
                  label={t('field.status')}
                  value={p.data.status}
                  empty
                  required={Boolean(rules.status?.required)}
                  options={ACTIVITY_STATUSES.map((v) => ({ value: v, label: p.taxonomy.label('activity-status', v, locale) }))}
                  comment={c('status')}
                />
                <Field {...common} name="startDate" type="date" label={t('field.startDate')} value={p.data.startDate} comment={c('startDate')} />
                <Field {...common} name="endDate" type="date" label={t('field.endDate')} value={p.data.endDate} comment={c('endDate')} />
              </>
            ) : null}
          </>
        ) : null}
        {p.step === 'where' ? (
          <>
            {asks('scope') ? (
              <SelectField
                {...common}
                name="scope"
                label={t('field.scope')}
                value={p.data.scope}
                empty
                required={Boolean(rules.scope?.required)}
                options={SCOPES.map((v) => ({ value: v, label: p.taxonomy.label('scope', v, locale) }))}
                comment={c('scope')}
              />
            ) : null}
            <SelectField
              {...common}
              name="countries"
              multiple
              label={t('field.countries')}
              hint={t('questionnaire.multiHint')}
              value={p.data.countries}
              required={Boolean(rules.countries?.required)}
              options={vocabOptions(p.taxonomy, 'country', locale).sort((a, b) => a.label.localeCompare(b.label, locale))}
              comment={c('countries')}
            />
            <CheckboxGroup
              {...common}
              name="regions"
              legend={t('field.regions')}
              value={p.data.regions}
              options={vocabOptions(p.taxonomy, 'region', locale)}
              groups={groupByRegionScheme(vocabOptions(p.taxonomy, 'region', locale), (o) => o.value).map((g) => ({
                legend: regionSchemeHeading(g.scheme, p.i18n),
                options: g.items,
              }))}
              comment={c('regions')}
            />
            {asks('targetGroups') ? (
              <CheckboxGroup
                {...common}
                name="targetGroups"
                legend={t('field.targetGroups')}
                value={p.data.targetGroups}
                options={vocabOptions(p.taxonomy, 'target-group', locale)}
                comment={c('targetGroups')}
              />
            ) : null}
          </>
        ) : null}
        {p.step === 'themes' ? (
          <>
            <CheckboxGroup
              {...common}
              name="actionLines"
              legend={t('field.actionLines')}
              required={Boolean(rules.actionLines?.required)}
              hint={t(words.actionLinesHint)}
              value={p.data.actionLines}
              comment={c('actionLines')}
              options={p.taxonomy.terms('action-line').map((term) => {
                const keywords = (term.extra?.keywords as Partial<Record<Locale, string[]>> | undefined)?.[locale] ?? [];
                return {
                  value: term.code,
                  label: p.taxonomy.label('action-line', term.code, locale),
                  help: keywords.length ? `${t('questionnaire.keywords')} ${p.i18n.list(keywords)}` : undefined,
                };
              })}
            />
            <CheckboxGroup
              {...common}
              name="sdgs"
              legend={t('field.sdgs')}
              value={p.data.sdgs}
              options={vocabOptions(p.taxonomy, 'sdg', locale, (code) => !code.includes('.'))}
              comment={c('sdgs')}
            />
            {asks('issues') ? (
              <CheckboxGroup
                {...common}
                name="issues"
                legend={t('field.issues')}
                hint={t('questionnaire.issuesHint')}
                value={p.data.issues}
                comment={c('issues')}
                options={issueOptions(p.taxonomy, locale)}
              />
            ) : null}
          </>
        ) : null}
        {p.step === 'details' && Details ? <Details {...p} /> : null}
        {p.step === 'issues' ? <ActorIssuesStep {...p} /> : null}
        {p.step === 'image' ? <ImageAltStep {...p} /> : null}
        {p.step === 'organisations' ? <OrganisationRows {...p} /> : null}
        {p.step === 'links' ? <LinkRows {...p} /> : null}
        {p.step === 'languages' ? <LanguageVersion {...p} /> : null}
        <div class="actions">
          {index > 0 ? (
            <button type="submit" name="action" value="back" class="secondary">
              {t('questionnaire.back')}
            </button>
          ) : null}
          <button type="submit" name="action" value="save" class="secondary">
            {t('questionnaire.save')}
          </button>
          <button type="submit" name="action" value="next">
            {index < STEPS.length - 1 ? t('questionnaire.next') : t('questionnaire.finish')}
          </button>
        </div>
        <p class="autosave-status" role="status" aria-live="polite" hidden></p>
      </Form>
    </section>
  );
}

function OrganisationRows(p: QuestionnaireProps) {
  const { t, locale } = p.i18n;
  const rows = Math.max(p.rows ?? 0, p.data.organisations.length + 2);
  return (
    <fieldset class="field" id="f-organisations">
      <legend>{t('field.organisations')}</legend>
      <p class="hint">{t('questionnaire.organisationsHint')}</p>
      {p.comments.organisations ? <CuratorComment i18n={p.i18n} id="f-organisations-comment" text={p.comments.organisations} /> : null}
      {p.errors.organisations ? <p class="error">{p.errors.organisations}</p> : null}
      {Array.from({ length: rows }, (_, i) => {
        const o = p.data.organisations[i];
        return (
          <div class="row-group">
            <Field
              i18n={p.i18n}
              errors={p.errors}
              name={`organisations.${i}.name`}
              label={t('questionnaire.organisationName', { n: i + 1 })}
              value={o?.name}
              maxlength={300}
            />
            <SelectField
              i18n={p.i18n}
              errors={p.errors}
              name={`organisations.${i}.role`}
              label={t('field.role')}
              value={o?.role ?? 'partner'}
              options={ORGANISATION_ROLES.map((r) => ({ value: r, label: t(KINDS[p.data.kind].roleLabels[r]) }))}
            />
            <SelectField
              i18n={p.i18n}
              errors={p.errors}
              name={`organisations.${i}.stakeholderType`}
              label={t('field.stakeholderType')}
              value={o?.stakeholderType ?? 'other'}
              options={STAKEHOLDER_TYPES.map((s) => ({ value: s, label: p.taxonomy.label('stakeholder-type', s, locale) }))}
            />
          </div>
        );
      })}
      <MoreRows i18n={p.i18n} rows={rows} />
    </fieldset>
  );
}

function LinkRows(p: QuestionnaireProps) {
  const { t } = p.i18n;
  const rows = Math.max(p.rows ?? 0, p.data.links.length + 2);
  const common = { i18n: p.i18n, errors: p.errors };
  return (
    <>
      <fieldset class="field" id="f-links">
        <legend>{t('field.links')}</legend>
        {p.comments.links ? <CuratorComment i18n={p.i18n} id="f-links-comment" text={p.comments.links} /> : null}
        {Array.from({ length: rows }, (_, i) => (
          <div class="row-group">
            <Field
              {...common}
              name={`links.${i}.url`}
              type="url"
              label={t('questionnaire.linkUrl', { n: i + 1 })}
              value={p.data.links[i]?.url}
              maxlength={2000}
            />
            <Field {...common} name={`links.${i}.label`} label={t('questionnaire.linkLabel', { n: i + 1 })} value={p.data.links[i]?.label} maxlength={200} />
          </div>
        ))}
        <MoreRows i18n={p.i18n} rows={rows} />
      </fieldset>
      <fieldset class="field">
        <legend>{t('questionnaire.contact')}</legend>
        <p class="hint">{t('questionnaire.contactHint')}</p>
        <Field {...common} name="contactName" label={t('field.contactName')} value={p.data.contact?.name} maxlength={200} comment={p.comments.contactName} />
        <Field
          {...common}
          name="contactEmail"
          type="email"
          label={t('field.contactEmail')}
          value={p.data.contact?.email}
          required={Boolean(KINDS[p.data.kind].fieldRules.contactEmail?.required)}
          comment={p.comments.contactEmail}
        />
        <Field
          {...common}
          name="contactPhone"
          type="tel"
          label={t('field.contactPhone')}
          value={p.data.contact?.phone}
          maxlength={60}
          comment={p.comments.contactPhone}
        />
      </fieldset>
    </>
  );
}

function LanguageVersion(p: QuestionnaireProps) {
  const { t, locale } = p.i18n;
  const original = p.data.originalLanguage ?? locale;
  const versions = LOCALES.filter((l) => p.data.translations[l] && l !== original);
  const editing = p.language && p.language !== original ? p.language : undefined;
  const text = editing ? p.data.translations[editing] : undefined;
  const base = `/${locale}/contribute/submissions/${p.submissionId}/languages`;
  const prefix = editing ? `translations.${editing}.` : '';
  return (
    <>
      <p>{t(KINDS[p.data.kind].wording.languagesIntro, { language: LOCALE_INFO[original].name })}</p>
      {versions.length ? (
        <ul>
          {versions.map((l) => (
            <li>
              <a href={`${base}?language=${l}`}>{LOCALE_INFO[l].name}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('questionnaire.noOtherVersions')}</p>
      )}
      {editing ? (
        <>
          <input type="hidden" name="language" value={editing} />
          <h3>{t('questionnaire.editingVersion', { language: LOCALE_INFO[editing].name })}</h3>
          <Field
            i18n={p.i18n}
            errors={p.errors}
            name={`${prefix}title`}
            label={t(KINDS[p.data.kind].wording.title)}
            value={text?.title}
            lang={LOCALE_INFO[editing].bcp47}
            maxlength={300}
          />
          <Field
            i18n={p.i18n}
            errors={p.errors}
            name={`${prefix}summary`}
            type="textarea"
            label={t('field.summary')}
            value={text?.summary}
            lang={LOCALE_INFO[editing].bcp47}
            words={KIND_RULES[p.data.kind].summary}
          />
          <Field
            i18n={p.i18n}
            errors={p.errors}
            name={`${prefix}description`}
            type="textarea"
            rows={10}
            label={t('field.description')}
            value={text?.description}
            lang={LOCALE_INFO[editing].bcp47}
          />
        </>
      ) : (
        <SelectField
          i18n={p.i18n}
          errors={p.errors}
          name="addLanguage"
          label={t('questionnaire.addVersion')}
          empty
          options={LOCALES.filter((l) => l !== original && !p.data.translations[l]).map((l) => ({ value: l, label: LOCALE_INFO[l].name }))}
        />
      )}
    </>
  );
}
